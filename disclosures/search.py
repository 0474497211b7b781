"""
Chinese full-text search that finds exactly the records containing a term.

Text is turned into terms: every run of Chinese characters into its overlapping character bigrams
(医疗保障 → 医疗 疗保 保障), every run of letters/digits into one lower-cased word. Each public record
is stored as chunks of its lower-cased text, each with the set of its distinct terms as a tsvector
(`SearchChunk.lexemes`, no positions). A query part is found by the GIN index on the lexemes (every
term of the part) and confirmed on the chunk's text (the part itself, LIKE): a match means the exact
characters in that order — no word-segmentation misses (jieba) and no false hits. Candidates are
checked without re-parsing anything, and ANALYZE keeps per-term frequencies, so PostgreSQL walks the
newest records for a common word and the index for a rare one. SQLite (embedded mode) scans.

Only public records are indexed, so search cannot leak what is not published.

Synonyms (the 政务公开办's groups, disclosures/search_help.py) widen a part of the query and never loosen
it: a part with synonyms matches a record containing the part or one of its synonyms, exactly as above,
and every part must still match (`alternatives`).

A search's queries run in one transaction with a statement timeout (`statement_timeout`,
PORTAL_SEARCH_TIMEOUT_MS): a query PostgreSQL cancels is a `SearchTimeout`, which the page reports
in Chinese, instead of holding a web worker until the gunicorn timeout (issue 25).
"""

import re
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from html import unescape

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import OperationalError, connection, connections, router, transaction
from django.db.models import Q
from django.utils.html import escape, strip_tags

from .choices import DisclosureMode
from .details import details_rows
from .models import SearchChunk, tsquery_literal

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]+|[A-Za-z0-9]+")
CJK_RE = re.compile(rf"^[{CJK}]+$")
MAX_WORD = 100  # longer letter/digit runs (hashes, base64) are not terms: a tsvector lexeme is at most 2,047 bytes
CHUNK_CHARS = 20_000  # characters of text per chunk: GIN entries and the LIKE check stay small
CHUNK_OVERLAP = 64  # characters repeated at the start of the next chunk: parts up to 64 characters never straddle
SEARCH_CAP = 100  # matches counted and ranked per search on PostgreSQL; above it the page says 超过 100 条


# Control characters (a NUL byte, which PostgreSQL refuses in a string, tabs, line breaks…) in a query.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
QUERY_CANCELED = "57014"  # SQLSTATE of a statement cancelled by statement_timeout


class SearchTimeout(Exception):
    """A search query ran past PORTAL_SEARCH_TIMEOUT_MS and PostgreSQL cancelled it."""


def clean_query(raw: str, *, max_length: int = 50) -> str:
    """The reader's query without control characters (each one separates words, like a space),
    whitespace collapsed, at most `max_length` characters."""
    return " ".join(CONTROL_RE.sub(" ", raw or "").split())[:max_length]


@contextmanager
def statement_timeout(milliseconds: int):
    """Run the block in a transaction whose statements PostgreSQL cancels after `milliseconds`
    (`SET LOCAL statement_timeout`), raising SearchTimeout. On SQLite, or with 0, only the transaction.

    SET LOCAL lasts until the outermost transaction ends: in a request (no ATOMIC_REQUESTS) that is
    this block's own. A cancelled statement rolls back to the block's start, the setting with it.

    The transaction is on the database the search reads from: a read replica for a citizen's search
    (`router.db_for_read`, disclosure_portal/replicas.py), otherwise the primary."""
    using = router.db_for_read(SearchChunk)
    with transaction.atomic(using=using):
        database = connections[using]
        if milliseconds and database.vendor == "postgresql":
            with database.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(milliseconds)}ms"])
        try:
            yield
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
                raise SearchTimeout from error
            raise


def terms(text: str) -> list[str]:
    out: list[str] = []
    for run in TOKEN_RE.findall(text or ""):
        if run[0] >= "\u3400":  # a run of Chinese characters (the other runs are ASCII letters/digits)
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(map(str.__add__, run[:-1], run[1:]))
        elif len(run) <= MAX_WORD:
            out.append(run.lower())
    return out


def lexemes(text: str) -> str:
    """The distinct terms of `text` as a tsvector literal: `医疗 疗保 g219` (terms are only Chinese
    characters, letters and digits: nothing in them needs quoting)."""
    return " ".join(dict.fromkeys(terms(text)))


def document_text(record) -> str:
    parts = [record.title, record.doc_no, record.keywords, record.index_no or "", record.issuer_name]
    parts += [value for _, value in details_rows(record)]
    parts.append(unescape(strip_tags(record.body or "")))
    return "\n".join(p for p in parts if p)


def chunks(text: str) -> list[str]:
    """The lower-cased text in overlapping chunks of at most CHUNK_CHARS characters."""
    text = (text or "").lower()
    if not text:
        return []
    out, start = [], 0
    while True:
        out.append(text[start : start + CHUNK_CHARS])
        if start + CHUNK_CHARS >= len(text):
            return out
        start += CHUNK_CHARS - CHUNK_OVERLAP


def query_parts(query: str) -> list[tuple[str, list[str]]]:
    """Each whitespace-separated part of the query (lower-cased) with its distinct terms; all parts must match."""
    out = []
    for part in query.split():
        found = list(dict.fromkeys(terms(part)))
        if found:
            out.append((part.lower(), found))
    return out


def alternatives(query: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> list[list[str]]:
    """Each whitespace-separated part of `query` (lower-cased) with the words that may stand for it: the
    part itself, then its synonyms (`synonyms`: {part: words}, as search_help.query_synonyms gives them).
    A record matches when, for every part, it contains one of the part's words."""
    wider = {key.lower(): [word.lower() for word in words] for key, words in (synonyms or {}).items()}
    return [list(dict.fromkeys([part.lower(), *wider.get(part.lower(), ())])) for part in query.split()]


def marked_words(query: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> str:
    """What `highlight` and `excerpt` mark in a result: the query, and the synonyms it was widened with."""
    extra = [word for words in alternatives(query, synonyms) for word in words[1:]]
    return " ".join([query, *extra])


def index_record(record) -> None:
    """(Re)index one record: its chunks if it is public, nothing otherwise."""
    SearchChunk.objects.filter(disclosure_id=record.pk).delete()
    if not record.is_public:
        return
    text = document_text(record) if record.shows_content else f"{record.title}\n{record.doc_no}\n{record.index_no}"
    SearchChunk.objects.bulk_create(
        SearchChunk(disclosure_id=record.pk, position=i, text=chunk, lexemes=lexemes(chunk))
        for i, chunk in enumerate(chunks(text))
    )


def matching(queryset, query: str, *, cap: int = SEARCH_CAP, synonyms: Mapping[str, Sequence[str]] | None = None):
    """`queryset` narrowed to records containing every part of `query` exactly — or, for a part with
    `synonyms`, one of its synonyms exactly.

    On PostgreSQL (`uses_index`), the newest `cap + 1` of them (`newest_matches`): the planner either walks
    the newest records checking each one's chunks (a common word: it stops after a few hundred) or starts
    from the index (a rare one). The caller says 超过 `cap` 条 when it gets `cap + 1`.
    """
    if not query_parts(query):
        return queryset.none()
    if uses_index(query, synonyms):
        return queryset.filter(pk__in=newest_matches(queryset, query, cap=cap, synonyms=synonyms))
    # Embedded mode (and one-character Chinese terms): scan the text itself.
    # The body counts only where it is shown (主动公开), as in index_record.
    condition = Q()
    for words in alternatives(query, synonyms):
        either = Q()
        for word in words:
            either |= Q(title__icontains=word) | Q(body__icontains=word, disclosure_mode=DisclosureMode.ACTIVE) | Q(
                keywords__icontains=word
            ) | Q(doc_no__icontains=word) | Q(index_no__icontains=word)
        condition &= either
    return queryset.filter(condition)


def newest_matches(
    queryset, query: str, *, cap: int, synonyms: Mapping[str, Sequence[str]] | None = None, title_rank: bool = False
) -> list:
    """The ids of the newest `cap + 1` records of `queryset` containing every part of `query` (or one of its
    synonyms) by the index, newest first (PostgreSQL, `uses_index`). With `title_rank`, (id, whether the title
    contains every part or one of its synonyms) pairs, read in a second level of the same query: the inner one
    stays an index-only walk of the newest public records (reading the title in it made PostgreSQL pick another
    index, 200 ms).

    One query written here rather than built by the ORM: building, compiling and reading the same two-level
    query through querysets cost 1.9 ms of CPU in a 6 ms search, every time; this costs about 0.3 ms (issue 24,
    part 1; docs/performance.md). The records searched are `queryset`'s: its conditions are compiled by the ORM
    (the public records, and the reader's filters, each on a column of the record), and only they are."""
    using = queryset.db
    database = connections[using]
    table = database.ops.quote_name(queryset.model._meta.db_table)
    record_id = f"{table}.{database.ops.quote_name(queryset.model._meta.pk.column)}"
    try:
        records, params = _conditions_of(queryset)
    except EmptyResultSet:
        return []
    found, found_params = match_sql(query, synonyms, record_id=record_id, ops=database.ops)
    newest = (
        f"SELECT {record_id} FROM {table} WHERE {records} AND {found} "  # noqa: S608 - names quoted, values bound
        f"ORDER BY {table}.{database.ops.quote_name('published_at')} DESC, {record_id} DESC LIMIT %s"
    )
    params = [*params, *found_params, cap + 1]
    if title_rank:
        ranked, ranked_params = title_sql(query, synonyms, title=f"d.{database.ops.quote_name('title')}", ops=database.ops)
        newest = (
            f"SELECT d.{database.ops.quote_name('id')}, {ranked} FROM {table} d "  # noqa: S608 - as above
            f"WHERE d.{database.ops.quote_name('id')} IN ({newest}) "
            f"ORDER BY d.{database.ops.quote_name('published_at')} DESC, d.{database.ops.quote_name('id')} DESC"
        )
        params = [*ranked_params, *params]
    with database.cursor() as cursor:
        cursor.execute(newest, params)
        rows = cursor.fetchall()
    return [(pk, bool(in_title)) for pk, in_title in rows] if title_rank else [pk for (pk,) in rows]


def _conditions_of(queryset) -> tuple[str, list]:
    """`queryset`'s conditions as SQL on its own table, compiled by the ORM. They must be on the record's own
    columns: a condition needing a join is refused (ValueError) rather than searched wrongly."""
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.compile(query.where)
    except FullResultSet:
        return "TRUE", []
    joined = [alias for alias, count in query.alias_refcount.items() if count and alias != query.base_table]
    if joined or query.low_mark or query.high_mark is not None:
        raise ValueError("the records searched are narrowed by their own columns only")
    return sql or "TRUE", list(params)


def match_sql(query: str, synonyms, *, record_id: str, ops) -> tuple[str, list]:
    """The condition that the record `record_id` (SQL) contains every part of `query`, or one of its synonyms,
    as SQL and its parameters: a word is found among a chunk's terms (the GIN index, `lexemes @@ tsquery`) and,
    when its terms alone do not say it is there in that order, confirmed in the chunk's text (LIKE)."""
    quote_name = ops.quote_name
    chunks_table = quote_name(SearchChunk._meta.db_table)
    conditions, params = [], []
    for words in alternatives(query, synonyms):
        either = []
        for word in words:
            word_terms = list(dict.fromkeys(terms(word)))
            if not word_terms:  # punctuation only: not a term, nothing the index can find
                continue
            hit = (
                f"EXISTS(SELECT 1 FROM {chunks_table} c WHERE c.{quote_name('disclosure_id')} = {record_id} "  # noqa: S608 - names quoted
                f"AND c.{quote_name('lexemes')} @@ (%s)::tsquery"
            )
            params.append(tsquery_literal(word_terms))
            if word_terms != [word]:  # more than one term, or characters that are not terms: check the order
                hit += f" AND c.{quote_name('text')} LIKE %s"
                params.append(f"%{ops.prep_for_like_query(word)}%")
            either.append(hit + ")")
        if either:
            conditions.append("(" + " OR ".join(either) + ")")
    return " AND ".join(conditions) or "TRUE", params


def title_sql(query: str, synonyms, *, title: str, ops) -> tuple[str, list]:
    """Whether `title` (SQL) contains every part of `query` or one of its synonyms, without case: the same
    test as `selectors.in_title` (`title__icontains` on PostgreSQL), for `newest_matches`' ranking."""
    conditions, params = [], []
    for words in alternatives(query, synonyms):
        conditions.append("(" + " OR ".join([f"UPPER({title}::text) LIKE UPPER(%s)"] * len(words)) + ")")
        params += [f"%{ops.prep_for_like_query(word)}%" for word in words]
    return " AND ".join(conditions) or "TRUE", params


def uses_index(query: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> bool:
    """Whether `query` (with its synonyms) is matched by the PostgreSQL index (and so capped), not by
    scanning the text."""
    words = " ".join(word for words in alternatives(query, synonyms) for word in words)
    return connection.vendor == "postgresql" and bool(query_parts(query)) and not has_single_cjk(words)


def has_single_cjk(query: str) -> bool:
    """A lone Chinese character is a term only where it stands alone in the text: those queries scan."""
    return any(len(term) == 1 and CJK_RE.match(term) for _, found in query_parts(query) for term in found)


def highlight(text: str, query: str, *, width: int = 120) -> str:
    """An escaped excerpt of `text` around the first match with every query part wrapped in <mark>."""
    parts = sorted({p for p in query.split() if p}, key=len, reverse=True)
    if not text:
        return ""
    lower = text.lower()
    first = min((lower.find(p.lower()) for p in parts if lower.find(p.lower()) >= 0), default=0)
    start = max(0, first - width // 3)
    excerpt = text[start : start + width]
    out = escape(excerpt)
    for part in parts:
        out = re.sub(re.escape(escape(part)), lambda m: f"<mark>{m.group(0)}</mark>", out, flags=re.IGNORECASE)
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


def excerpt(record, query: str, *, width: int = 120) -> str:
    """What a search result shows under its title, every query part in <mark>: the body around the
    first match, or, when the record matched elsewhere (主题词, 文号, 索引号, 发文机构, structured fields),
    that field with its label — so a result never shows without the words it was found by.

    A record that does not show its content (依申请公开) shows neither body nor structured fields here,
    as on its own page."""
    parts = [p.lower() for p in query.split() if p]
    body = unescape(strip_tags(record.body or "")) if record.shows_content else ""

    def found(text) -> bool:
        return bool(text) and any(p in text.lower() for p in parts)

    if not parts or found(body) or found(record.title):
        return highlight(body, query, width=width)
    fields = [("主题词", record.keywords), ("文号", record.doc_no), ("索引号", record.index_no), ("发文机构", record.issuer_name)]
    if record.shows_content:
        fields += details_rows(record)
    for label, value in fields:
        if found(value):
            return highlight(f"{label}：{value}", query, width=width)
    return highlight(body, query, width=width)
