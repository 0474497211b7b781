"""
Cache of the pages anonymous citizens read (Redis in production, local memory in embedded mode).

Every cached page is keyed by a *generation* number; anything that changes what the public may
see (a publication, a correction, a withdrawal, the end of a 公示期…) bumps it, so the next request
renders afresh — a citizen never gets a withdrawn record's body from the cache. Staff (logged in)
are never served from or stored into the cache.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "public-pages:generation"
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "X-Content-Type-Options")


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def public_pages_changed() -> None:
    """Invalidate every cached public page once the current transaction commits."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def cached_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated or not settings.PORTAL_PAGE_CACHE_SECONDS:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-page:{_generation()}:{digest}"
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.streaming:
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.status_code, headers, response.content), settings.PORTAL_PAGE_CACHE_SECONDS)
        return response

    return wrapper
