"""What the public pages of every domain's subjects do alike: a list page's context (the bound FilterSet, one page
of the filtered list and the query string its pager links keep), the area tabs, a subject's page (or a 404) with
its records and their structured fields, and the export of a filtered list."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.domains import get_domain

from . import exports
from .details import details_rows


def list_page(request, queryset) -> tuple[Page, str]:
    """The requested page (PORTAL_PAGE_SIZE rows; a bad number gives the first or last page) and the query string
    without `page`."""
    page = Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def list_context(request, filtered, domain: str) -> dict:
    """The context of a public list page: the `domain`, the FilterSet and rows `filtered(request.GET)` returns (a
    selector, the same the list's export uses), the requested page of the rows and the query its pager keeps."""
    filterset, rows = filtered(request.GET)
    page, query = list_page(request, rows)
    return {"domain": get_domain(domain), "filterset": filterset, "page": page, "query": query}


def area_tabs(request, areas) -> dict:
    """The area tabs of a list page: every area of the `areas` choices, the requested one (`?area=`; "" for all or
    an unknown code) and its label."""
    area = request.GET.get("area", "")
    area = area if area in areas.values else ""
    return {
        "areas": areas.choices,
        "current_area": area,
        "current_area_label": areas(area).label if area else "",
    }


def public_subject_or_404(find, pk, domain: str):
    """The public subject `find(pk)` returns (a selector giving None for a subject without a public record), or a
    404 naming the domain's subject: “项目不存在或尚无公开信息”."""
    subject = find(pk)
    if subject is None:
        raise Http404(f"{get_domain(domain).subject.noun}不存在或尚无公开信息")
    return subject


def record_items(records, extra=None) -> list[dict]:
    """A subject page's records, each with its structured fields as table rows (`_details_table.html`) and what
    `extra(record)` adds (a dict), in the given order."""
    return [
        {"record": record, "details": details_rows(record), **(extra(record) if extra else {})}
        for record in records
    ]


def subject_page(request, template: str, domain: str, subject, **context):
    """The public page of `subject`: `template` (extending `disclosures/subject_detail.html`) with the domain, the
    subject both as `subject` and under its declared name (`project`, `matter`…) and `context`."""
    domain_obj = get_domain(domain)
    return render(
        request,
        template,
        {"domain": domain_obj, "subject": subject, domain_obj.subject.name: subject, **context},
    )


def filtered_source(
    filtered, params, columns: list[exports.Column], *, basename: str, title: str
) -> exports.Source:
    """The export of the public rows `filtered(params)` selects (the selector of the list page): the body of a
    domain's `@exports.source` function, which stays in the domain so that the background build finds it by its
    dotted path."""
    filterset, _ = filtered(params)
    return exports.Source(filterset, columns, basename=basename, title=title)


def export_view_of(source_function):
    """The GET view `(request, fmt)` exporting what `source_function` (declared with `@exports.source`) selects
    for the request's filters, every page of it, as CSV / Excel / JSON."""

    @require_GET
    def export(request, fmt: str):
        return exports.export_view(request, fmt, source_function)

    return export
