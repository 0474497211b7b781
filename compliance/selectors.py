"""
Reads of the office's overdue dashboard (公开时限督办), shared by the page and the exports.

Every number is computed on one scoped queryset (`dashboard_records`): the office sees its
jurisdiction and those below it, a department its own records, a superuser everything. Each
table is one aggregate query; working days overdue are computed on the calendar in memory, only
for the rows that are shown or exported. `today` and `now` are parameters so tests can pin them.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.domains import all_domains, get_domain
from core.models import JobHeartbeat
from disclosures.choices import UNPUBLISHED_STATUSES, DisclosureMode, Status
from disclosures.models import Disclosure, PenaltyRetraction
from disclosures.selectors import returned_at, stage_since
from organizations.choices import Role
from organizations.models import Department, Membership
from organizations.selectors import user_scope
from workdays.services import WorkCalendar

from .filtersets import DashboardFilterSet
from .models import LinkCheck
from .services import CHECK_LINKS, next_scheduled_run, stale_columns

DUE_SOON_WORKING_DAYS = 3
PAGE_SIZE = 50
TREND_MONTHS = 12
STALE_AFTER = datetime.timedelta(hours=26)
# A job that runs more often is late sooner: the overdue job flags hour clocks (紧急、实时信息) within the hour.
STALE_AFTER_FOR = {"flag_overdue": datetime.timedelta(hours=1)}

# Scheduled jobs (compliance.tasks) in display order; other heartbeats are shown without the 26h rule.
SCHEDULED_JOBS = {
    "flag_overdue": "逾期标记（每15分钟）",
    "warn_due_soon": "临期提醒（每日）",
    "heartbeat": "调度心跳（每10分钟）",
    "backup": "数据库与附件备份（每日02:30）",  # backups.tasks.backup (docs/operations.md, 备份)
}

_DEPARTMENT_ORDER = ("department__jurisdiction__code", "department__ordering", "department__code")
# `days` is working days overdue, ascending like `due_on`; `-days` (the default) puts the most overdue first.
SORTS = {
    "-days": ("due_on", "pk"),
    "days": ("-due_on", "-pk"),
    "due_on": ("due_on", "pk"),
    "-due_on": ("-due_on", "-pk"),
    "department": (*_DEPARTMENT_ORDER, "due_on", "pk"),
}
SORT_LABELS = {
    "-days": "逾期工作日从多到少",
    "days": "逾期工作日从少到多",
    "due_on": "应公开日期从早到晚",
    "-due_on": "应公开日期从晚到早",
    "department": "按责任单位",
}
DEFAULT_SORT = "-days"


# ---------------------------------------------------------------------------------------------
# Scope and filters
# ---------------------------------------------------------------------------------------------
def can_view_dashboard(user) -> bool:
    return user_scope(user).is_staff_member


def scoped_disclosures(user) -> QuerySet[Disclosure]:
    """Every record the user may count: their departments, or their office's scope."""
    scope = user_scope(user)
    queryset = Disclosure.objects.order_by()
    if scope.is_superuser:
        return queryset
    return queryset.filter(department_id__in=scope.visible_department_ids)


def dashboard_records(user, data: Mapping | None = None) -> tuple[DashboardFilterSet, QuerySet[Disclosure]]:
    """The scoped records narrowed by ?department=&domain=&category=; nothing when a filter is invalid."""
    filterset = DashboardFilterSet(
        data if data is not None else {}, queryset=scoped_disclosures(user), user=user
    )
    records = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, records.order_by()


def normalise_sort(value: str | None) -> str:
    return value if value in SORTS else DEFAULT_SORT


# ---------------------------------------------------------------------------------------------
# Conditions
# ---------------------------------------------------------------------------------------------
def _year_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime(today.year, 1, 1))
    end = timezone.make_aware(datetime.datetime(today.year + 1, 1, 1))
    return start, end


def due_soon_horizon(today: datetime.date, calendar: WorkCalendar) -> datetime.date:
    """The last day counted as 'due soon': the 3rd working day after today."""
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS).due_on


def on_time_rate(on_time: int, published: int) -> Decimal | None:
    """Percentage with one decimal, or None when nothing was published."""
    if not published:
        return None
    return (Decimal(on_time) * 100 / Decimal(published)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# Totals and tables
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stats:
    label: str
    sublabel: str = ""
    overdue: int = 0
    due_soon: int = 0
    published: int = 0
    published_late: int = 0
    on_time: int = 0
    key: str = ""

    @property
    def rate(self) -> Decimal | None:
        return on_time_rate(self.on_time, self.published)

    @property
    def rate_display(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate}%"


_STAT_FIELDS = ("overdue", "due_soon", "published", "published_late", "on_time")


def _department_order(department: Department) -> tuple:
    return (department.jurisdiction.code, department.ordering, department.code)


@dataclass(frozen=True)
class DashboardStats:
    totals: Stats
    by_department: list[Stats]
    by_category: list[Stats]


_GROUP = ("department_id", "domain", "category")


def dashboard_stats(records: QuerySet[Disclosure], *, today: datetime.date, calendar: WorkCalendar) -> DashboardStats:
    """The totals (逾期未公开, 3个工作日内到期, 本年逾期公开, 按时公开率) and the tables per department
    and per domain/category, summed here from two aggregates per department and category, then the
    departments' names — three queries.

    Each aggregate reads only the rows it counts, from its own index (index-only on PostgreSQL): what
    is not yet public and due by the due-soon horizon, and what was published this year. Names are
    read afterwards: joined first, every counted row would be. A department or category with nothing
    counted in the view has no row. A record on an hour clock is overdue once its due time has passed."""
    now = timezone.now()
    year_start, year_end = _year_bounds(today)
    pending = (
        records.order_by()
        .filter(status__in=UNPUBLISHED_STATUSES, due_on__lte=due_soon_horizon(today, calendar))
        .values(*_GROUP)
        .annotate(  # already unpublished: the counts test the due date (time) only, so the indexes cover them
            overdue=Count("pk", filter=Q(due_on__lt=today) | Q(due_at__lt=now)),
            due_soon=Count("pk", filter=Q(due_on__gte=today) & ~Q(due_at__lt=now)),
        )
    )
    # Only 主动公开 records have a publication limit (条例第二十六条): they alone make the on-time rate.
    published = (
        records.order_by()
        .filter(published_at__gte=year_start, published_at__lt=year_end, disclosure_mode=DisclosureMode.ACTIVE)
        .values(*_GROUP)
        .annotate(
            published=Count("pk"),
            published_late=Count("pk", filter=Q(late_working_days__gt=0)),
            on_time=Count("pk", filter=Q(late_working_days=0)),
        )
    )
    rows: dict[tuple, dict] = {}
    for row in [*pending, *published]:
        merged = rows.setdefault(tuple(row[name] for name in _GROUP), {**row, **dict.fromkeys(_STAT_FIELDS, 0)})
        for name in _STAT_FIELDS:
            merged[name] += row.get(name, 0)

    def summed(group: list[dict], **labels) -> Stats:
        return Stats(**labels, **{name: sum(row[name] for row in group) for name in _STAT_FIELDS})

    names = {
        department.pk: department
        for department in Department.objects.filter(pk__in={key[0] for key in rows}).select_related("jurisdiction")
    }
    departments: dict[int, list[dict]] = {}
    categories: dict[tuple[str, str], list[dict]] = {}
    for row in sorted(rows.values(), key=lambda r: _department_order(names[r["department_id"]])):
        departments.setdefault(row["department_id"], []).append(row)
        categories.setdefault((row["domain"], row["category"]), []).append(row)
    by_department = [
        summed(group, key=str(pk), label=names[pk].name, sublabel=names[pk].jurisdiction.name)
        for pk, group in departments.items()
    ]
    order = {
        (domain.code, code): (d_index, c_index)
        for d_index, domain in enumerate(all_domains())
        for c_index, (code, _) in enumerate(domain.category_choices)
    }
    by_category = []
    for (domain_code, category), group in sorted(
        categories.items(), key=lambda item: (order.get(item[0], (len(order), 0)), item[0])
    ):
        domain = get_domain(domain_code)
        by_category.append(
            summed(
                group,
                key=f"{domain_code}:{category}",
                label=domain.label if domain else domain_code,
                sublabel=domain.category_name(category) if domain else category,
            )
        )
    return DashboardStats(
        totals=summed(list(rows.values()), label="合计"), by_department=by_department, by_category=by_category
    )


# ---------------------------------------------------------------------------------------------
# The overdue list
# ---------------------------------------------------------------------------------------------
def overdue_disclosures(
    records: QuerySet[Disclosure], *, today: datetime.date, sort: str = DEFAULT_SORT, now: datetime.datetime | None = None
):
    """Unpublished records past their due date (or, on an hour clock, past their due time), sorted; paginate
    it, then build rows for the page. The department and the record's creator (who holds a draft) come in
    the same query."""
    now = now or timezone.now()
    return (
        records.filter(Q(due_on__lt=today) | Q(due_at__lt=now), status__in=UNPUBLISHED_STATUSES)
        .select_related("department", "created_by")
        .order_by(*SORTS[normalise_sort(sort)])
    )


# ---------------------------------------------------------------------------------------------
# Who holds an overdue record, and since when (issue 18 item 11)
# ---------------------------------------------------------------------------------------------
# The role that takes each stage's next step, as the workflow table declares it (disclosures/workflow.py):
# 提交审核 and 发布 are the clerks' (CLERK_OR_OFFICE), 审核通过/退回 the department's reviewers, 签发 its signers.
STAGE_ROLES = {
    Status.DRAFT: Role.CLERK,
    Status.SUBMITTED: Role.REVIEWER,
    Status.REVIEWED: Role.SIGNER,
    Status.APPROVED: Role.CLERK,
}
HOLDER_NAMES = 5  # names listed per row; more are counted ("等8人")


@dataclass(frozen=True)
class StageHolder:
    """Who must act on a record in its current stage: a role of its department and the people holding it."""

    role_label: str  # 经办人 / 部门负责人 / 分管领导
    names: tuple[str, ...] = ()
    total: int = 0  # everyone who may act; `names` lists the first HOLDER_NAMES of them

    @property
    def text(self) -> str:
        """经办人：张三 · 部门负责人：王审核、李审核 · 分管领导：… 等8人 · 本单位没有可办理的分管领导."""
        if not self.names:
            return f"本单位没有可办理的{self.role_label}"
        more = f" 等{self.total}人" if self.total > len(self.names) else ""
        return f"{self.role_label}：{'、'.join(self.names)}{more}"


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _holder(role: str, users: Iterable) -> StageHolder:
    names = [person_name(user) for user in users]
    return StageHolder(Role(role).label, tuple(names[:HOLDER_NAMES]), len(names))


def stage_holders(records: list[Disclosure]) -> dict[int, StageHolder]:
    """For each record, who holds it in its current stage — one query for the whole list, whatever its length
    (the active members of the records' departments in the roles the stages need):

    - 草稿: the clerk who drafted it (the workflow tells the authors of a return, disclosures/workflow.py);
      the department's clerks when that account is disabled;
    - 待部门负责人审核: the department's reviewers, 待分管领导签发: its signers — without those who drafted,
      submitted or reviewed the record, whom the workflow's NOT_OWN guard keeps from the step (seed 001 §三);
    - 待发布: the department's clerks (发布 is theirs), or the record's creator when it has none.
    """
    needed = {(record.department_id, STAGE_ROLES[record.status]) for record in records if record.status in STAGE_ROLES}
    members: dict[tuple[int, str], list] = {}
    if needed:
        memberships = (
            Membership.objects.filter(
                department_id__in={department for department, _ in needed},
                role__in={role for _, role in needed},
                user__is_active=True,
            )
            .select_related("user")
            .order_by("user__username", "pk")
        )
        for membership in memberships:
            members.setdefault((membership.department_id, membership.role), []).append(membership.user)
    holders = {}
    for record in records:
        role = STAGE_ROLES.get(record.status)
        if role is None:
            continue
        people = members.get((record.department_id, role), [])
        creator = record.created_by
        if record.status == Status.DRAFT and creator.is_active:
            people = [creator]
        elif record.status in (Status.SUBMITTED, Status.REVIEWED):
            own = {record.created_by_id, record.submitted_by_id, record.reviewed_by_id}
            people = [user for user in people if user.pk not in own]
        elif not people and creator.is_active:  # a draft whose author left, or 待发布 with no clerk
            people = [creator]
        holders[record.pk] = _holder(role, people)
    return holders


@dataclass(frozen=True)
class OverdueRow:
    pk: int
    title: str
    admin_url: str
    department: str
    domain_label: str
    category_label: str
    formed_on: datetime.date
    due_on: datetime.date
    due_on_estimated: bool
    days_overdue: int
    status_label: str
    flagged_at: datetime.datetime | None
    due_at: datetime.datetime | None = None  # hour clocks (紧急、实时信息)
    overdue_text: str = ""  # "3" working days, or "5小时" on an hour clock
    holder: StageHolder | None = None  # who must take the next step
    stage_since: datetime.datetime | None = None  # when the record entered its current stage
    stage_days: int = 0  # working days in the current stage

    @property
    def stage_days_text(self) -> str:
        return f"{self.stage_days}个工作日" if self.stage_days else "不足1个工作日"


def hours_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Whole hours from `start` to `end` (at least 1 once `end` is past `start`)."""
    return max(1, int((end - start).total_seconds() // 3600)) if end > start else 0


def overdue_rows(
    records: Iterable[Disclosure], *, today: datetime.date, calendar: WorkCalendar
) -> list[OverdueRow]:
    """What the page and the exports show for each overdue record: beyond `records`, two queries whatever
    their number — who holds them (`stage_holders`) and when drafts came back (`returned_at`). Days are
    working days on the jurisdiction's calendar (《政府信息公开条例》第二十六条 counts working days)."""
    records = list(records)
    holders, returns = stage_holders(records), returned_at(records)
    days_for: dict[tuple[datetime.date, int], int] = {}

    def working_days(start: datetime.date, jurisdiction_id: int) -> int:
        key = (start, jurisdiction_id)  # local holidays count per jurisdiction
        if key not in days_for:
            days_for[key] = calendar.working_days_between(start, today, jurisdiction_id)
        return days_for[key]

    rows = []
    now = timezone.now()
    for record in records:
        days = working_days(record.due_on, record.jurisdiction_id)
        since = stage_since(record, returns)
        rows.append(
            OverdueRow(
                pk=record.pk,
                title=record.title,
                admin_url=reverse("admin:disclosures_disclosure_change", args=[record.pk]),
                department=record.department.name,
                domain_label=record.domain_label,
                category_label=record.category_label,
                formed_on=record.formed_on,
                due_on=record.due_on,
                due_on_estimated=record.due_on_estimated,
                days_overdue=days,
                status_label=record.get_status_display(),
                flagged_at=record.overdue_flagged_at,
                due_at=record.due_at,
                overdue_text=f"{hours_between(record.due_at, now)}小时" if record.due_at is not None else str(days),
                holder=holders.get(record.pk),
                stage_since=since,
                stage_days=working_days(timezone.localdate(since), record.jurisdiction_id),
            )
        )
    return rows


@dataclass(frozen=True)
class HourClockRow:
    pk: int
    title: str
    admin_url: str
    department: str
    due_at: datetime.datetime
    state: str  # 剩N小时 / 逾期N小时
    overdue: bool


HOUR_CLOCK_ROWS = 50


def hour_clock_rows(records: QuerySet[Disclosure], *, now: datetime.datetime) -> list[HourClockRow]:
    """Unpublished records on an hour clock (紧急信息、实时事项), soonest first, with the hours left or past:
    they run out within the day, so the office watches them apart from the working-day list. One query."""
    rows = []
    for record in (
        records.filter(status__in=UNPUBLISHED_STATUSES, due_at__isnull=False)
        .select_related("department")
        .order_by("due_at", "pk")[:HOUR_CLOCK_ROWS]
    ):
        overdue = record.due_at < now
        hours = hours_between(record.due_at, now) if overdue else int((record.due_at - now).total_seconds() // 3600)
        rows.append(
            HourClockRow(
                pk=record.pk,
                title=record.title,
                admin_url=reverse("admin:disclosures_disclosure_change", args=[record.pk]),
                department=record.department.name,
                due_at=record.due_at,
                state=f"逾期{hours}小时" if overdue else (f"剩{hours}小时" if hours else "剩不足1小时"),
                overdue=overdue,
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Penalty decisions to withdraw (《行政处罚法》第四十八条第二款: 三日内撤回)
# ---------------------------------------------------------------------------------------------
RETRACTION_ROWS = 100


@dataclass(frozen=True)
class RetractionRow:
    pk: int
    title: str
    admin_url: str
    department: str
    trigger_label: str
    triggered_on: datetime.date
    due_on: datetime.date
    due_on_estimated: bool
    days_overdue: int  # calendar days past the due date (the 3 日 are calendar days)


def open_retraction_rows(records: QuerySet[Disclosure], *, today: datetime.date) -> list[RetractionRow]:
    """The open duties to withdraw a changed or annulled penalty decision, on the records in view, the most
    overdue first — one query, whatever their number."""
    duties = (
        PenaltyRetraction.objects.filter(fulfilled_at__isnull=True, disclosure__in=records)
        .select_related("disclosure__department")
        .order_by("due_on", "pk")[:RETRACTION_ROWS]
    )
    return [
        RetractionRow(
            pk=duty.pk,
            title=duty.disclosure.title,
            admin_url=reverse("admin:disclosures_disclosure_change", args=[duty.disclosure_id]),
            department=duty.disclosure.department.name,
            trigger_label=duty.get_trigger_display(),
            triggered_on=duty.triggered_on,
            due_on=duty.due_on,
            due_on_estimated=duty.due_on_estimated,
            days_overdue=duty.days_late(today),
        )
        for duty in duties
    ]


# ---------------------------------------------------------------------------------------------
# Monthly trend
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthStats:
    month: datetime.date  # first day of the month
    on_time: int
    late: int

    @property
    def key(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


def _month_start(day: datetime.date, back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def monthly_trend(
    records: QuerySet[Disclosure], *, today: datetime.date, months: int = TREND_MONTHS
) -> list[MonthStats]:
    """Published on time vs late per month, the last `months` months up to today's — one query.

    Each month is a pair of filtered counts between local month boundaries: one pass over the
    published-date index, no per-row time-zone conversion or sort."""
    starts = [_month_start(today, back) for back in range(months - 1, -2, -1)]  # and the next month's
    bounds = [timezone.make_aware(datetime.datetime.combine(day, datetime.time())) for day in starts]
    counts = {}
    for index in range(months):
        in_month = Q(published_at__gte=bounds[index], published_at__lt=bounds[index + 1])
        counts[f"on_time_{index}"] = Count("pk", filter=in_month & Q(late_working_days=0))
        counts[f"late_{index}"] = Count("pk", filter=in_month & Q(late_working_days__gt=0))
    row = records.order_by().filter(published_at__gte=bounds[0], published_at__lt=bounds[-1]).aggregate(**counts)
    return [
        MonthStats(month=starts[index], on_time=row[f"on_time_{index}"], late=row[f"late_{index}"])
        for index in range(months)
    ]


def trend_chart_data(trend: list[MonthStats]) -> dict:
    """The data island the ECharts script reads."""
    return {
        "months": [m.label for m in trend],
        "series": [
            {"name": "按时公开", "data": [m.on_time for m in trend]},
            {"name": "逾期公开", "data": [m.late for m in trend]},
        ],
    }


# ---------------------------------------------------------------------------------------------
# Jobs and calendar
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobStatus:
    name: str
    label: str
    scheduled: bool
    last_run_at: datetime.datetime | None
    last_result: dict
    stale: bool
    stale_after: datetime.timedelta = STALE_AFTER

    @property
    def stale_after_hours(self) -> int:
        return int(self.stale_after.total_seconds() // 3600)

    @property
    def failed(self) -> bool:
        """The last run recorded a failure ({"ok": false, "error": …}, e.g. the backup job)."""
        return self.last_result.get("ok") is False


def job_statuses(*, now: datetime.datetime) -> list[JobStatus]:
    """Each scheduled job (red when it has not run in 26 hours — the overdue job: 1 hour — or never), then any
    other heartbeat."""
    beats = {beat.name: beat for beat in JobHeartbeat.objects.order_by("name")}
    statuses = []
    for name, label in SCHEDULED_JOBS.items():
        beat = beats.pop(name, None)
        last = beat.last_run_at if beat else None
        statuses.append(
            JobStatus(
                name=name,
                label=label,
                scheduled=True,
                last_run_at=last,
                last_result=beat.last_result if beat else {},
                stale=last is None or now - last > STALE_AFTER_FOR.get(name, STALE_AFTER),
                stale_after=STALE_AFTER_FOR.get(name, STALE_AFTER),
            )
        )
    for name, beat in beats.items():
        statuses.append(JobStatus(name, "按需运行", False, beat.last_run_at, beat.last_result, False))
    return statuses


@dataclass(frozen=True)
class UncoveredYear:
    """A year whose State Council notice is not loaded, and how many unpublished records it affects."""

    year: int
    estimated: int  # unpublished records whose (estimated) due date falls in that year


def uncovered_years(
    records: QuerySet[Disclosure], *, today: datetime.date, calendar: WorkCalendar
) -> list[UncoveredYear]:
    """Years the calendar does not cover that estimated due dates fall in (and next year from November)."""
    counts = dict(
        records.filter(status__in=UNPUBLISHED_STATUSES, due_on__isnull=False, due_on_estimated=True)
        .order_by()
        .values_list(ExtractYear("due_on"))
        .annotate(n=Count("pk"))
    )
    if today.month >= 11:
        counts.setdefault(today.year + 1, 0)
    return [UncoveredYear(year, counts[year]) for year in sorted(counts) if not calendar.is_covered(year)]


# ---------------------------------------------------------------------------------------------
# Subjects with gaps (重大项目信息缺项)
# ---------------------------------------------------------------------------------------------
def project_gap_rows(user, filterset: DashboardFilterSet, *, today: datetime.date) -> list:
    """Subjects in the user's scope whose completeness matrix has 缺失 or 逾期未公开 categories, from every
    domain that declares its gaps (`Domain.completeness_gaps`: the major projects today).

    The dashboard's filters apply: another domain shows none, a department narrows to the subjects it
    leads or has records in, a category to the subjects with a gap in it.
    """
    if not filterset.is_valid():
        return []
    data = filterset.form.cleaned_data
    rows = []
    for domain in all_domains():
        if not domain.completeness_gaps or (data.get("domain") and data["domain"] != domain.code):
            continue
        gaps = import_string(domain.completeness_gaps)
        rows += gaps(user, department=data.get("department"), category=data.get("category"), today=today)
    return rows


def stale_column_rows(user, *, today: datetime.date) -> list[dict]:
    """僵尸栏目 risk: only the office (or a superuser) sees the column-wide view of its jurisdiction."""
    scope = user_scope(user)
    if scope.is_superuser:
        return stale_columns(today=today)
    if not scope.office_department_ids:
        return []
    return stale_columns(today=today, jurisdiction_department_ids=scope.office_department_ids)


@dataclass(frozen=True)
class LinkCheckStatus:
    """Whether the weekly external-link check (compliance.tasks.check_links) has run: until it has, the
    panel says 尚未检查 — an empty list would read as "no dead links" (seed 004 §二(四): 无死链)."""

    last_run_at: datetime.datetime | None
    checked: int | None  # links checked by the last run
    next_run_at: datetime.datetime | None  # by the beat schedule (disclosure_portal/settings.py)

    @property
    def has_run(self) -> bool:
        return self.last_run_at is not None


def link_check_status(jobs: Iterable[JobStatus], *, now: datetime.datetime) -> LinkCheckStatus:
    """The link check's heartbeat, read from `jobs` (job_statuses: every heartbeat, no query of its own),
    and its next scheduled run."""
    beat = next((job for job in jobs if job.name == CHECK_LINKS), None)
    return LinkCheckStatus(
        last_run_at=beat.last_run_at if beat else None,
        checked=(beat.last_result or {}).get("checked") if beat else None,
        next_run_at=next_scheduled_run(f"compliance.tasks.{CHECK_LINKS}", after=now),
    )


def dead_link_rows(user):
    """Dead external links in published records of the departments the user sees."""
    queryset = LinkCheck.objects.filter(ok=False).select_related("disclosure__department").order_by("-checked_at")
    scope = user_scope(user)
    if not scope.is_superuser:
        queryset = queryset.filter(disclosure__department_id__in=scope.visible_department_ids)
    return queryset[:100]
