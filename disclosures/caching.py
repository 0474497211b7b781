"""
Cache of the pages anonymous citizens read (Redis in production, local memory in embedded mode).

Every cached page is keyed by a *generation* number; anything that changes what the public may
see (a publication, a correction, a withdrawal, the end of a 公示期…) bumps it, so the next request
renders afresh — a citizen never gets a withdrawn record's body from the cache. Staff (logged in)
are never served from or stored into the cache.

Views declare that their page may be cached with `@cached_public_page`; `PublicPageCacheMiddleware`,
placed right after the security headers and static files, serves and stores them. A hit is answered
before the session, authentication, CSRF, OTP and lockout middleware run: a request that carries a
session cookie is never served from the cache (it may be staff), one without cannot be signed in.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "public-pages:generation"
# Headers a cached page is replayed with; the outer middleware (security, CSP) adds its own on every response.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Vary",
)
CACHEABLE = "public_page_cacheable"  # attribute set on responses of @cached_public_page views


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
    """Mark the view's anonymous GET responses as cacheable public pages (see the middleware)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET":
            setattr(response, CACHEABLE, True)
        return response

    return wrapper


def page_key(request) -> str | None:
    """The cache key of the page `request` asks for, or None when it must not come from the cache."""
    if (
        request.method != "GET"
        or not settings.PORTAL_PAGE_CACHE_SECONDS
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{_generation()}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of cacheable public pages from the cache; store them on the way out.

    The generation is read before the view runs: a page rendered while a publication commits is
    stored under the old generation, which nobody reads again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request)
        if key is not None:
            hit = cache.get(key)
            if hit is not None:
                status, headers, content = hit
                response = HttpResponse(content, status=status)
                for name, value in headers.items():
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if key is not None and self.storable(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.status_code, headers, response.content), settings.PORTAL_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def storable(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            getattr(response, CACHEABLE, False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies  # a CSRF token or a session started: the page is not everyone's
            and (user is None or not user.is_authenticated)
        )
