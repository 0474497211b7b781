"""The published 标准目录 (governments publish their catalogue). Thin: the selector groups it."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.caching import cached_public_page
from core.domains import get_domain

from .filtersets import CatalogueEntryFilterSet
from .selectors import active_entries, catalogue_tree


@require_GET
@cached_public_page(reads=(CatalogueEntryFilterSet,))
def index(request):
    """The catalogue, narrowed by the same filters as /api/v1/catalogue/ (an invalid one is ignored)."""
    data = request.GET.copy()
    if not get_domain(data.get("domain", "")):
        data.pop("domain", None)
    filterset = CatalogueEntryFilterSet(data, queryset=active_entries())
    entries = filterset.qs if filterset.is_valid() else active_entries()
    domain = get_domain(data.get("domain", ""))
    return render(
        request,
        "catalogue/index.html",
        {"tree": catalogue_tree(entries=entries), "selected_domain": domain, "filterset": filterset},
    )
