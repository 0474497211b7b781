"""Public pages of public resource allocation: the matters per area, a matter's chain, the 黑名单. Thin."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from disclosures.caching import cached_public_page
from disclosures.details import details_rows
from disclosures.domains import get_domain

from . import selectors
from .choices import ResourceArea


def _domain():
    return get_domain(selectors.DOMAIN)


def _page(request, queryset):
    page = Paginator(queryset, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@require_GET
@cached_public_page
def matter_list(request):
    filterset, matters = selectors.filtered_public_matters(request.GET)
    page, page_query = _page(request, matters)
    page.object_list = selectors.with_step_labels(page.object_list)
    area = request.GET.get("area", "")
    return render(
        request,
        "resources/list.html",
        {
            "domain": _domain(),
            "filterset": filterset,
            "page": page,
            "page_query": page_query,
            "areas": ResourceArea.choices,
            "current_area": area if area in ResourceArea.values else "",
        },
    )


@require_GET
@cached_public_page
def matter_detail(request, pk: int):
    matter = selectors.public_matter_or_none(pk)
    if matter is None:
        raise Http404("事项不存在或尚无公开信息")
    chain = [
        {"record": record, "details": details_rows(record),
         "item_label": selectors.item_type_label(matter.area, (record.details or {}).get("item_type"))}
        for record in selectors.matter_chain(matter)
    ]
    return render(
        request,
        "resources/detail.html",
        {"domain": _domain(), "matter": matter, "chain": chain, "steps": selectors.chain_status(matter)},
    )


@require_GET
@cached_public_page
def blacklist(request):
    filterset, entries = selectors.filtered_public_blacklist(request.GET)
    page, page_query = _page(request, entries)
    return render(
        request,
        "resources/blacklist.html",
        {"domain": _domain(), "filterset": filterset, "page": page, "page_query": page_query},
    )
