"""What the public pages of every domain's subjects do alike: one page of a filtered list with the query string
its pager links keep (every filter, without `page`), and the export view of a declared export source."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.views.decorators.http import require_GET

from . import exports


def list_page(request, queryset) -> tuple[Page, str]:
    """The requested page (PORTAL_PAGE_SIZE rows; a bad number gives the first or last page) and the query string
    without `page`."""
    page = Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def export_view_of(source_function):
    """The GET view `(request, fmt)` exporting what `source_function` (declared with `@exports.source`) selects
    for the request's filters, every page of it, as CSV / Excel / JSON."""

    @require_GET
    def export(request, fmt: str):
        return exports.export_view(request, fmt, source_function)

    return export
