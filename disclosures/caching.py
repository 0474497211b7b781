"""
Cache of the pages anonymous citizens read (Redis in production, local memory in embedded mode).

Every cached page is keyed by a *generation* number; anything that changes what the public may
see (a publication, a correction, a withdrawal, the end of a 公示期…) bumps it, so the next request
renders afresh — a citizen never gets a withdrawn record's body from the cache. Staff (logged in)
are never served from or stored into the cache.

Views declare that their page may be cached with `@cached_public_page`; `PublicPageCacheMiddleware`,
placed right after SecurityMiddleware (HTTPS redirect, security headers), serves and stores them with
the headers they were rendered with, CSP included. A hit is answered before CSP, static files,
sessions, authentication, CSRF, OTP and lockouts run: a request that carries a session cookie is
never served from the cache (it may be staff), one without cannot be signed in.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve

GENERATION_KEY = "public-pages:generation"
# Headers a cached page is replayed with (SecurityMiddleware, outside the cache, adds its own to every response).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Vary",
)
CACHEABLE = "public_page_cacheable"  # attribute of the views @cached_public_page declares


def public_pages_changed() -> None:
    """Invalidate every cached public page once the current transaction commits."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


def cached_public_page(view):
    """Declare the view's anonymous GET responses cacheable public pages (served by the middleware)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    setattr(wrapper, CACHEABLE, True)
    return wrapper


def page_key(request) -> str | None:
    """The cache key of the page `request` asks for, or None when it must not come from the cache:
    not a GET, the cache is off, a session cookie (maybe staff), or a view not declared cacheable."""
    if (
        request.method != "GET"
        or not settings.PORTAL_PAGE_CACHE_SECONDS
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not getattr(match.func, CACHEABLE, False):
        return None
    return "public-page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of cacheable public pages from the cache; store them on the way out.

    One cache round trip per request: the page is stored with the generation it was rendered
    under and read together with the current generation; it is served only if they are equal.
    The generation is read before the view runs, so a page rendered while a publication commits is
    stored under the old one and never served.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, 1, timeout=None)
            generation = cache.get(GENERATION_KEY, 1)
        hit = found.get(key)
        if hit is not None and hit[0] == generation:
            _, status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.storable(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            entry = (generation, response.status_code, headers, response.content)
            cache.set(key, entry, settings.PORTAL_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def storable(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies  # a CSRF token or a session started: the page is not everyone's
            and (user is None or not user.is_authenticated)
        )
