"""
Search that helps (issue 23, part 6): the synonyms the 政务公开办 maintains, the most searched terms, and
what the search page suggests when nothing is found. The models: search_models.py; the engine: search.py.

- **Synonyms widen, never loosen.** A part of the query with a synonym group finds the records containing
  the part or one of the group's other words, exactly; every other part must still be found
  (`search.alternatives`). The page says which words were added and offers the exact-only search.
- **Most searched terms are counts, nothing personal.** Only a search that found something is counted
  (junk, a name or a number typed into the box and found nowhere is never kept), as its cleaned, lower-cased
  query of at most 20 characters, per day. Neither the reader's address nor anything else about them is
  stored. A term the personal-data guard flags, or holding a long number, is neither counted nor shown
  (《政府信息公开条例》第十五条); a term is shown only once searched MIN_COUNT times in the last DAYS days.
- **Costs.** A first page of a search with results is counted in Redis (one HINCRBY on a hash), and the job
  `tasks.flush_search_terms` writes what waits there to the table each minute, one INSERT … ON CONFLICT for
  them all. Before, each search wrote its count itself and waited for the commit; readers searching one
  popular word queued on its row, and the search page served a quarter fewer requests a second (issue 24,
  part 1; docs/performance.md). Without Redis (embedded mode, or Redis failing) the count is written at
  once, as before. The search page is never served from the page cache (every search runs and is
  rate-limited: views.search), so nothing is counted on a cached page. The list is read from the cache
  (CACHE_SECONDS); the daily job (`tasks.prune_search_terms`) deletes counts older than KEEP_DAYS.
"""

import datetime
import re

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from core import audit, pii
from core.caching import public_pages_changed
from core.exceptions import ActionForbidden
from core.fragments import cached_fragment
from organizations.selectors import user_scope

from . import search
from .search_models import TERM_MAX, TERM_MIN, SearchTermCount, SynonymGroup

# Examples the guidance and the search box offer: words of the 重点领域 every county publishes (the demo
# finds each: tests/test_search_help.py).
EXAMPLES = ("低保", "招标", "征收", "救助")
DAYS = 30  # the most searched terms of the last 30 days
MIN_COUNT = 3  # a term searched fewer times is not shown: one reader's searches are not "most searched"
SHOWN = 10
WAITING_KEY = "search-terms:waiting"  # counts waiting in Redis for search_terms_flush: {"2026-12-07 低保": 3}
ROWS_PER_INSERT = 300  # 900 parameters: under SQLite's oldest limit (999)
KEEP_DAYS = 90  # counts older than this are deleted by the daily job
CACHE_KEY = "portal:search-popular:v1:{day}"
CACHE_SECONDS = 600
LONG_NUMBER = re.compile(r"\d{7,}")  # a phone, account or ID number the guard's context rules may let pass
RELATED_SHOWN = 8


# ---------------------------------------------------------------------------------------------
# Synonyms
# ---------------------------------------------------------------------------------------------
def can_manage_synonyms(user) -> bool:
    """The 政务公开办 (of any jurisdiction: search covers the whole site, like the 标准目录) and superusers."""
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.office_department_ids)


def _groups() -> list[list[str]]:
    return [group.term_list() for group in SynonymGroup.objects.only("terms")]


def synonym_groups(request=None) -> list[list[str]]:
    """Every synonym group's words. A citizen's search reads them once per generation of public content in
    each web process (the fragment cache, core/fragments.py): saving or deleting a group bumps the generation
    (`synonym_group_save`), so a search never widens with words the office has changed. Staff, or fragments
    off: one query each time (issue 24, part 1: one query fewer per search)."""
    return cached_fragment(request, "synonym-groups", [], _groups)


def query_synonyms(query: str, groups: list[list[str]] | None = None) -> dict[str, list[str]]:
    """{part: the other words of its group} for each part of `query` that is in a synonym group (compared
    without case). `groups`: `synonym_groups(request)`; without it, one query (the groups are few: an office
    keeps dozens)."""
    parts = {part.lower() for part in query.split()}
    found = {}
    for words in _groups() if groups is None else groups:
        lowered = [word.lower() for word in words]
        for part in parts.intersection(lowered):
            found[part] = [word for word in words if word.lower() != part]
    return found


def related_terms(query: str, *, searched: dict[str, list[str]], groups: list[list[str]] | None = None) -> list[str]:
    """Words to suggest when `query`, widened by `searched` ({part: synonyms}), found nothing: the words of each
    group one of whose words contains a part or is contained in it (公租房补贴 → 公租房, 公共租赁住房) — unless a
    part of that group was already widened with it — and, when there are several parts, each part alone.
    Never the query itself."""
    parts = [part.lower() for part in query.split()]
    related = []
    for words in _groups() if groups is None else groups:
        lowered = [word.lower() for word in words]
        if any(word in searched for word in lowered):
            continue  # searched already; the part alone is suggested below
        if any(word in part or part in word for word in lowered for part in parts):
            related += words
    if len(parts) > 1:
        related += query.split()
    shown = {}
    for word in related:
        if word.lower() != query.lower():
            shown.setdefault(word.lower(), word)
    return list(shown.values())[:RELATED_SHOWN]


@transaction.atomic
def synonym_group_save(*, actor, group: SynonymGroup) -> SynonymGroup:
    """Validate and save a synonym group (the 政务公开办 only), write one audit row with the words before and
    after, and refresh the cached public pages (a search page may have been cached with the old words)."""
    if actor is not None and not can_manage_synonyms(actor):
        raise ActionForbidden("只有政务公开办可以维护检索同义词。")
    previous = SynonymGroup.objects.select_for_update().filter(pk=group.pk).first() if group.pk else None
    group.updated_at = timezone.now()
    group.updated_by = actor
    group.full_clean()
    group.save()
    audit.record(
        None,
        action="synonyms.update" if previous else "synonyms.create",
        actor=actor,
        data={"group": group.pk, "terms": [previous.term_list() if previous else None, group.term_list()]},
    )
    public_pages_changed()  # last: the generation row stays locked until the commit (core.caching)
    return group


@transaction.atomic
def synonym_group_delete(*, actor, group: SynonymGroup) -> None:
    if actor is not None and not can_manage_synonyms(actor):
        raise ActionForbidden("只有政务公开办可以维护检索同义词。")
    audit.record(None, action="synonyms.delete", actor=actor, data={"group": group.pk, "terms": group.term_list()})
    group.delete()
    public_pages_changed()


# ---------------------------------------------------------------------------------------------
# The most searched terms
# ---------------------------------------------------------------------------------------------
def counted_term(query: str) -> str:
    """How a query is counted: the engine's cleaned query, lower-cased; "" when it is not counted (too
    short or too long, or what the personal-data guard flags)."""
    term = search.clean_query(query, max_length=TERM_MAX + 1).lower()
    return term if shareable(term) else ""


def shareable(term: str) -> bool:
    """Whether a term may be kept and shown to everyone: 2–20 characters, no personal data by the guard
    (pii.scan_text: ID, mobile, bank card and personal landline numbers), no run of 7 digits or more."""
    return (
        TERM_MIN <= len(term) <= TERM_MAX
        and not LONG_NUMBER.search(term)
        and not pii.scan_text(term)
    )


def search_term_count(*, query: str) -> None:
    """Count one search that found something, never who searched: today's count of the term goes up by one.

    With Redis it waits there (`WAITING_KEY`, one field per day and term) until `search_terms_flush` writes
    it, at most a minute later: the search writes nothing to the database. Without Redis, or while it
    fails, it is written at once (`add_counts`)."""
    term = counted_term(query)
    if not term:
        return
    day = timezone.localdate()
    hash_incr = getattr(cache, "hash_incr", None)  # disclosure_portal.cache.RedisCache
    if hash_incr is not None and hash_incr(WAITING_KEY, f"{day.isoformat()} {term}"):
        return
    add_counts({(term, day): 1})


def search_terms_flush() -> int:
    """Write the counts waiting in Redis (`search_term_count`) to the table in one transaction, and return how
    many searches they count. Run each minute (`tasks.flush_search_terms`); safe to run twice or at once in
    two workers, each taking what waits (`hash_take`). Should the write fail, the counts go back to wait."""
    take = getattr(cache, "hash_take", None)
    waiting = take(WAITING_KEY) if take is not None else {}
    counts = {}
    for field, count in waiting.items():
        day, term = field.split(" ", 1)
        counts[(term, datetime.date.fromisoformat(day))] = count
    try:
        add_counts(counts)
    except Exception:
        for field, count in waiting.items():
            cache.hash_incr(WAITING_KEY, field, count)
        raise
    return sum(counts.values())


def add_counts(counts: dict[tuple[str, datetime.date], int]) -> None:
    """Add each count to its term's row of its day, created if missing: INSERT … ON CONFLICT (PostgreSQL and
    SQLite), ROWS_PER_INSERT rows at a time, all in one transaction: a write that fails adds nothing, so the
    counts `search_terms_flush` puts back are never counted twice."""
    if not counts:
        return
    table = connection.ops.quote_name(SearchTermCount._meta.db_table)
    count = connection.ops.quote_name("count")
    rows = sorted(counts.items())  # one order: two writers of the same rows never wait on each other in a cycle
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_INSERT):
            batch = rows[start : start + ROWS_PER_INSERT]
            cursor.execute(
                f"INSERT INTO {table} (term, day, {count}) VALUES {', '.join(['(%s, %s, %s)'] * len(batch))} "  # noqa: S608 - a model's table name
                f"ON CONFLICT (term, day) DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                [value for (term, day), number in batch for value in (term, day, number)],
            )


def popular_terms() -> list[str]:
    """The most searched terms of the last DAYS days, most first, each searched at least MIN_COUNT times and
    checked again by the guard before it is shown. Kept in the cache for CACHE_SECONDS (the key names the
    day, so the window moves at midnight)."""
    today = timezone.localdate()
    key = CACHE_KEY.format(day=today.isoformat())
    terms = cache.get(key)
    if terms is None:
        rows = (
            SearchTermCount.objects.filter(day__gt=today - datetime.timedelta(days=DAYS))
            .values("term")
            .annotate(total=Sum("count"))
            .filter(total__gte=MIN_COUNT)
            .order_by("-total", "term")[: SHOWN * 2]
        )
        terms = [row["term"] for row in rows if shareable(row["term"])][:SHOWN]
        cache.set(key, terms, CACHE_SECONDS)
    return terms


def search_terms_prune(*, today: datetime.date | None = None) -> int:
    """Delete the counts older than KEEP_DAYS (the daily job). Safe to run twice."""
    today = today or timezone.localdate()
    deleted, _ = SearchTermCount.objects.filter(day__lte=today - datetime.timedelta(days=KEEP_DAYS)).delete()
    return deleted
