"""
Fragment cache of the public pages (issue 24, part 1): the parts of a page that do not change with what
the reader asked for — the header and footer, a column's side menu, a filter's option list, a list's rows,
the urgent box — are rendered once and reused by every page that shows them, whatever its filters or page
number. A page the page cache misses (a filter combination, a deep page, a search) then renders only
what is its own.

Keys carry the generation of public content (core.caching): anything that changes what the public may
see — a publication, a correction, a withdrawal, a department renamed — bumps it in its own transaction,
so a fragment rendered before that change is never used after it, whichever process kept it. That is
also why each web process keeps its fragments in its own memory (`FRAGMENTS`, Django's local-memory cache
of at most `PORTAL_FRAGMENT_CACHE_ENTRIES`, no network round trip): there is nothing to invalidate, entries
of an old generation are never read again and age out. A fragment that depends on the time of day (the urgent box's last 30 days, the 年份 list's
current year) is at most `PORTAL_FRAGMENT_CACHE_SECONDS` old, the same bound the page cache gives a page.

Staff (signed in) never read or write fragments: some pages show them what citizens do not see.
`PORTAL_FRAGMENT_CACHE_SECONDS = 0` turns fragments off.
"""

import hashlib

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache

from .caching import public_generation

# Not one of settings.CACHES: local to the process by design (see above), whatever the shared cache is.
FRAGMENTS = LocMemCache(
    "portal-fragments", {"OPTIONS": {"MAX_ENTRIES": settings.PORTAL_FRAGMENT_CACHE_ENTRIES, "CULL_FREQUENCY": 4}}
)
# A whole page of a list's rows or of a search's results (`whole_page`; `{% page_fragment %}`) is 10–17 KB, ten
# to twenty times a part. They are kept apart, at most PORTAL_FRAGMENT_CACHE_PAGES of them: a crawler walking
# every page of a column, or searching one word after another, fills this store only, and a process holds at
# most about ENTRIES × 2 KB + PAGES × 17 KB (40 + 17 MB by default) of fragments.
PAGE_FRAGMENTS = LocMemCache(
    "portal-page-fragments", {"OPTIONS": {"MAX_ENTRIES": settings.PORTAL_FRAGMENT_CACHE_PAGES, "CULL_FREQUENCY": 4}}
)


def fragment_generation(request) -> int | None:
    """The generation under which `request` may read and write fragments, or None when it must render
    them itself (fragments off, no request, not a GET, or a signed-in user).

    The page cache middleware has read it already for a cacheable page (`request.public_generation`);
    otherwise it is read here, once per request (one query by primary key)."""
    if not settings.PORTAL_FRAGMENT_CACHE_SECONDS or request is None or request.method != "GET":
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    generation = getattr(request, "public_generation", None)
    if generation is None:
        generation = request.public_generation = public_generation()
    return generation


def fragment_key(name: str, generation: int, vary: list) -> str:
    """The cache key of fragment `name` rendered under `generation` for the values `vary` (their text)."""
    text = "\n".join([name, str(generation), *(str(value) for value in vary)])
    return "fragment:" + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def cached_fragment(request, name: str, vary: list, render, *, whole_page: bool = False) -> str:
    """The fragment `name` for `vary`: from this process's fragment cache, or `render()` kept there
    (`whole_page`: in the store of whole pages of rows or results, PAGE_FRAGMENTS)."""
    generation = fragment_generation(request)
    if generation is None:
        return render()
    store = PAGE_FRAGMENTS if whole_page else FRAGMENTS
    key = fragment_key(name, generation, vary)
    html = store.get(key)
    if html is None:
        html = render()
        store.set(key, html, settings.PORTAL_FRAGMENT_CACHE_SECONDS)
    return html
