"""The published 标准目录 (governments publish their catalogue). Thin: the selector groups it."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from disclosures.caching import cached_public_page
from disclosures.domains import get_domain

from .selectors import catalogue_tree


@require_GET
@cached_public_page
def index(request):
    domain = get_domain(request.GET.get("domain", ""))
    return render(
        request,
        "catalogue/index.html",
        {"tree": catalogue_tree(domain.code if domain else None), "selected_domain": domain},
    )
