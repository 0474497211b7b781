"""The office's overdue dashboard and its exports. Thin: `selectors` compute, `exports` format."""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from organizations.choices import Role
from organizations.selectors import user_scope
from workdays.services import current_calendar

from . import exports, selectors


def dashboard_access(view):
    """Anonymous users go to the admin login; signed-in users without any role get 403."""

    @wraps(view)
    @login_required
    @require_GET
    def wrapped(request, *args, **kwargs):
        if not selectors.can_view_dashboard(request.user):
            raise PermissionDenied("只有责任单位工作人员和政务公开办可以查看督办看板。")
        return view(request, *args, **kwargs)

    return wrapped


def _query(request, *drop: str) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


def _sort_headers(current: str) -> dict[str, dict]:
    """For each sortable column: the link's sort value and the column's aria-sort."""
    pairs = {
        "due_on": ("due_on", "-due_on"),
        "days": ("-days", "days"),
        "department": ("department", "department"),
    }
    headers = {}
    for column, (first, second) in pairs.items():
        active = current in (first, second)
        headers[column] = {
            "sort": second if current == first and first != second else first,
            "aria": ("descending" if current.startswith("-") else "ascending") if active else "",
        }
    return headers


@dashboard_access
def dashboard(request):
    today, now, calendar = timezone.localdate(), timezone.now(), current_calendar()
    filterset, records = selectors.dashboard_records(request.user, request.GET)
    sort = selectors.normalise_sort(request.GET.get("sort"))
    page = Paginator(
        selectors.overdue_disclosures(records, today=today, sort=sort, now=now), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    trend = selectors.monthly_trend(records, today=today)
    stats = selectors.dashboard_stats(records, today=today, calendar=calendar)
    retractions = selectors.open_retraction_rows(records, today=today)
    jobs = selectors.job_statuses(now=now)
    # The staff skin: the admin's header, user tools and site name (admin.site.each_context).
    context = admin.site.each_context(request) | {
        "title": "公开时限督办",
        "today": today,
        "filterset": filterset,
        "totals": stats.totals,
        "due_soon_until": selectors.due_soon_horizon(today, calendar),
        "by_department": stats.by_department,
        "by_category": stats.by_category,
        "page": page,
        "rows": selectors.overdue_rows(page.object_list, today=today, calendar=calendar),
        "retractions": retractions,
        "retractions_overdue": sum(1 for row in retractions if row.days_overdue),
        "hour_clocks": selectors.hour_clock_rows(records, now=now),
        "sort": sort,
        "sort_labels": selectors.SORT_LABELS,
        "sort_headers": _sort_headers(sort),
        "trend": trend,
        "trend_data": selectors.trend_chart_data(trend),
        "jobs": jobs,
        "link_check": selectors.link_check_status(jobs, now=now),
        "uncovered_years": selectors.uncovered_years(records, today=today, calendar=calendar),
        "project_gaps": selectors.project_gap_rows(request.user, filterset, today=today),
        "stale_columns": selectors.stale_column_rows(request.user, today=today),
        "stale_days": settings.PORTAL_STALE_COLUMN_DAYS,
        "dead_links": selectors.dead_link_rows(request.user),
        "query": _query(request, "page"),
        "filter_query": _query(request, "page", "sort"),
        # 生成督办单: the office ticks overdue rows and issues a notice (the supervision app's add page).
        "can_issue": bool(user_scope(request.user).departments_with(Role.OFFICE)) or request.user.is_superuser,
    }
    return render(request, "compliance/dashboard.html", context)


def _export_data(request):
    today, calendar = timezone.localdate(), current_calendar()
    _, records = selectors.dashboard_records(request.user, request.GET)
    sort = selectors.normalise_sort(request.GET.get("sort"))
    overdue = selectors.overdue_disclosures(records, today=today, sort=sort)
    rows = selectors.overdue_rows(overdue, today=today, calendar=calendar)
    overdue_table = exports.overdue_table(rows, absolute=request.build_absolute_uri)
    return today, records, calendar, overdue_table


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@dashboard_access
def export_csv(request):
    today, _, _, overdue_table = _export_data(request)
    return _attachment(
        exports.overdue_csv(overdue_table), "text/csv; charset=utf-8", f"逾期未公开-{today:%Y%m%d}.csv"
    )


@dashboard_access
def export_xlsx(request):
    today, records, calendar, overdue_table = _export_data(request)
    departments = exports.stats_table(selectors.dashboard_stats(records, today=today, calendar=calendar).by_department)
    return _attachment(
        exports.dashboard_xlsx(overdue=overdue_table, departments=departments),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"公开时限督办-{today:%Y%m%d}.xlsx",
    )
