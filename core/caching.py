"""
Cache of the pages anonymous citizens read (Redis in production, local memory in embedded mode).

What the public may see has a *generation*: a counter in the database (PublicContentGeneration) that
anything changing it — a publication, a correction, a withdrawal, the end of a 公示期… — bumps in its
own transaction (`public_pages_changed`). A cached page carries the generation it was rendered under
and is served only while the database's generation is the same. So a page rendered before a
withdrawal committed is never served after it, whatever the cache holds: even when Redis was down or
refused writes as the withdrawal was saved, or comes back with old entries. Nothing has to reach the
cache to invalidate it, so there is nothing to retry: old entries are never read again and expire
(PORTAL_PAGE_CACHE_SECONDS). The price is one single-row query by primary key per cached request.
While the cache fails, every request is a miss and is rendered (disclosure_portal/cache.py).

Views declare that their page may be cached with `@cached_public_page`, naming the query parameters
they read. The key is the scheme, host and path with only those parameters (sorted, empty ones left
out), and the view gets only those: whatever else a request adds changes neither the key nor the page,
so made-up query strings neither add entries nor put their text into the page kept for everyone. The
host and scheme are in the key because feeds and the sitemap write absolute links.

`PublicPageCacheMiddleware`, placed right after SecurityMiddleware (HTTPS redirect, security headers),
serves and stores those pages with the headers they were rendered with, CSP included. A hit is
answered before CSP, static files, sessions, authentication, CSRF, OTP and lockouts run: a request
that carries a session cookie is never served from the cache (it may be staff), one without cannot be
signed in. Staff (logged in) are never served from or stored into the cache.

Conditional GET (issue 24, part 4; RFC 9110 §13): a page the cache keeps carries a strong `ETag`, the
hash of its body, computed once when it is stored and kept with it, and a `Last-Modified`, when that
very body was first rendered (a re-render after a publication elsewhere that gives the same bytes keeps
the earlier date). A request whose `If-None-Match` (or, without it, `If-Modified-Since`) matches is
answered 304 with no body and no rendering: the generation query and one cache read, nothing else. The
generation query stays: it is what keeps a page of a withdrawn record from being confirmed as still
valid. Nothing in a public page varies per request (no CSP nonce; a page that sets a cookie, e.g. a CSRF
token, is neither stored nor given validators), so the body's hash names the page. Such pages are sent
with `Cache-Control: public, no-cache`: a browser or proxy may keep them but asks every time, which now
costs a 304 (without it, a Last-Modified would let browsers reuse a page by heuristic, withdrawn or not).
Django's ConditionalGetMiddleware is not used: it would hash every response, staff pages included, and
render before it compares. Staff and private responses are untouched.
"""

import hashlib
import re
import time
from collections.abc import Iterable
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from .models import PublicContentGeneration

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
    "Cache-Control",
    "ETag",
    "Last-Modified",
)
CACHEABLE = "public_page_reads"  # the query parameters a view declared by @cached_public_page reads


def public_generation() -> int:
    """The current generation of public content. One query by primary key, written out because it runs
    on every cached request (0 when the row is missing, which only a test that flushed the tables sees).

    Read where the request reads the rest (`router.db_for_read`): with read replicas, the page is then kept
    under the generation of the replica it was rendered from, never under a newer one the replica has
    not caught up with (disclosure_portal/replicas.py)."""
    database = connections[router.db_for_read(PublicContentGeneration)]
    table = database.ops.quote_name(PublicContentGeneration._meta.db_table)
    with database.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 - a model's table name
        row = cursor.fetchone()
    return row[0] if row else 0


def public_pages_changed() -> None:
    """Invalidate every cached public page (and built export): bump the generation in the current
    transaction, so that it commits — or rolls back — with the change itself.

    Call it last in the transaction: the row stays locked until the commit, so changes to public content
    commit one after another from there on, and a transaction holding it must not wait for another lock
    after it (two transactions would deadlock)."""
    bump = F("value") + 1
    if PublicContentGeneration.objects.filter(pk=1).update(value=bump):
        return
    try:
        with transaction.atomic():
            PublicContentGeneration.objects.create(pk=1, value=2)
    except IntegrityError:  # created meanwhile by another transaction
        PublicContentGeneration.objects.filter(pk=1).update(value=bump)


def cached_public_page(view=None, *, reads: Iterable = ()):
    """Declare the view's anonymous GET responses cacheable public pages (served by the middleware).

    `reads` names the query parameters the view reads: names, or FilterSet classes standing for their
    filters' names. The view is given no other parameter when its page may come from the cache."""
    names = set()
    for item in reads:
        names.update([item] if isinstance(item, str) else item.base_filters)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        setattr(wrapper, CACHEABLE, frozenset(names))
        return wrapper

    return decorate if view is None else decorate(view)


def declared_query(request, reads: frozenset) -> str:
    """The request's query string narrowed to the parameters `reads` names: sorted, empty values left out."""
    pairs = sorted(
        (name, value) for name in request.GET if name in reads for value in request.GET.getlist(name) if value
    )
    return urlencode(pairs)


def cacheable_reads(request) -> frozenset | None:
    """The query parameters the view of `request` reads, or None when its page must not come from the
    cache: not a GET, the cache is off, a session cookie (maybe staff), a view not declared cacheable,
    or a host not allowed (the 400 comes from the full stack)."""
    if (
        request.method != "GET"
        or not settings.PORTAL_PAGE_CACHE_SECONDS
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    reads = _declared_reads(request.path_info, get_urlconf() or settings.ROOT_URLCONF)
    if reads is None:
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return reads


@lru_cache(maxsize=4096)
def _declared_reads(path_info: str, urlconf: str) -> frozenset | None:
    """What the view at `path_info` declared it reads (None: not a cacheable page, or no page at all).

    Kept per path: resolving walks the URL patterns, about as long as the cache read on a hit. The URL
    patterns do not change while a process runs; the key holds the URLconf, which settings can change."""
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, CACHEABLE, None)


def page_key(request, reads: frozenset | None = None) -> str | None:
    """The cache key of the page `request` asks for, or None when it must not come from the cache."""
    reads = cacheable_reads(request) if reads is None else reads
    if reads is None:
        return None
    target = "\n".join((request.scheme, request.get_host(), request.path, declared_query(request, reads)))
    return "public-page:" + hashlib.sha256(target.encode()).hexdigest()


def _narrow(request, reads: frozenset) -> None:
    """Give the view only the query parameters it declared (what the key holds)."""
    query = declared_query(request, reads)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def body_etag(content: bytes) -> str:
    """A strong entity tag naming these exact bytes."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def add_validators(response, *, earlier: dict | None = None) -> None:
    """Give a public page about to be stored its ETag, Last-Modified and `Cache-Control: public, no-cache`
    (unless the view chose its own). `earlier`: the headers of the entry it replaces — when that was the
    same body, its Last-Modified is kept (the page did not change)."""
    etag = body_etag(response.content)
    response["ETag"] = etag
    before = parse_http_date_safe((earlier or {}).get("Last-Modified", ""))
    if before is not None and earlier.get("ETag") == etag:
        response["Last-Modified"] = earlier["Last-Modified"]
    else:
        # Dates are whole seconds: another body than the one replaced is dated at least a second later,
        # so that an If-Modified-Since of the old one never confirms the new one.
        now = int(time.time())
        response["Last-Modified"] = http_date(now if before is None else max(now, before + 1))
    if "Cache-Control" not in response:
        response["Cache-Control"] = "public, no-cache"


def conditional(request, response):
    """`response`, or a 304 (no body; its validators, Cache-Control and Vary) when the request's
    If-None-Match / If-Modified-Since says the client's copy is this one (Django's RFC 9110 evaluation)."""
    etag = response.get("ETag")
    if etag is None:  # an entry stored before pages had validators
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of cacheable public pages from the cache; store them on the way out.

    Per request: one query for the generation and one cache read. The page is stored with the
    generation it was rendered under and served only while that is still the current one. The
    generation is read before the view runs, so a page rendered while a publication commits is stored
    under the old one and never served.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = cacheable_reads(request)
        if reads is None:
            return self.get_response(request)
        key = page_key(request, reads)
        _narrow(request, reads)
        generation = request.public_generation = public_generation()  # the fragments' too (core.fragments)
        hit = cache.get(key)
        if hit is not None and hit[0] == generation:
            _, status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return conditional(request, response)
        response = self.get_response(request)
        if self.storable(request, response):
            add_validators(response, earlier=hit[2] if hit is not None else None)
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            entry = (generation, response.status_code, headers, response.content)
            cache.set(key, entry, settings.PORTAL_PAGE_CACHE_SECONDS)
            return conditional(request, response)
        return response

    @staticmethod
    def storable(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies  # a CSRF token or a session started: the page is not everyone's
            and not {"private", "no-store"} & set(re.split(r"\s*,\s*", response.get("Cache-Control", "").lower()))
            and (user is None or not user.is_authenticated)
        )
