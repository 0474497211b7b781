"""The published 标准目录 (governments publish their catalogue). Thin: the selector groups it."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.caching import cached_public_page
from core.domains import all_domains

from .filtersets import CatalogueEntryFilterSet
from .selectors import active_entries, catalogue_tree


@require_GET
@cached_public_page(reads=(CatalogueEntryFilterSet,))
def index(request):
    """The catalogue, narrowed by the same filters as /api/v1/catalogue/ (an invalid one is named and the
    whole catalogue shown), with an index by domain and category (issue 23, part 4: 95 entries in nine
    columns made a page 21,400 px long)."""
    filterset = CatalogueEntryFilterSet(request.GET, queryset=active_entries())
    # the HTML choice groups the categories under their domains (the API keeps the flat list)
    filterset.form.fields["category"].choices = [(item.label, list(item.category_choices)) for item in all_domains()]
    entries = filterset.qs if filterset.is_valid() else active_entries()
    tree = catalogue_tree(entries=entries)
    return render(
        request,
        "catalogue/index.html",
        {
            "tree": tree,
            "entry_count": sum(len(cat["entries"]) for node in tree for cat in node["categories"]),
            "filterset": filterset,
        },
    )
