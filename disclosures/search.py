"""
Chinese full-text search that finds exactly the records containing a term.

Text is turned into terms: every run of Chinese characters into its overlapping character bigrams
(医疗保障 → 医疗 疗保 保障), every run of letters/digits into one lower-cased word. A query becomes
the same terms joined as a *phrase* (医疗保 → 医疗 <-> 疗保), so a match means the exact characters
in that order — no word-segmentation misses (jieba) and no false hits. On PostgreSQL the terms are
matched by a GIN expression index on to_tsvector('simple', terms); long bodies are split into
overlapping chunks so positions never pass tsvector's 16,383 limit. SQLite (embedded mode) scans.

Only public records are indexed, so search cannot leak what is not published.
"""

import re
from html import unescape

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.html import strip_tags

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]+|[A-Za-z0-9]+")
CJK_RE = re.compile(rf"^[{CJK}]+$")
CHUNK_TERMS = 12_000  # well under tsvector's 16,383 positions
CHUNK_OVERLAP = 64  # terms repeated at the start of the next chunk: phrases up to 64 characters never straddle
SEARCH_CAP = 100  # matches counted and ranked per search on PostgreSQL; above it the page says 超过 100 条


def terms(text: str) -> list[str]:
    out: list[str] = []
    for run in TOKEN_RE.findall(text or ""):
        if CJK_RE.match(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run.lower())
    return out


def document_text(record) -> str:
    from .details import details_rows

    parts = [record.title, record.doc_no, record.keywords, record.index_no or "", record.issuer_name]
    parts += [value for _, value in details_rows(record)]
    parts.append(unescape(strip_tags(record.body or "")))
    return "\n".join(p for p in parts if p)


def chunks(all_terms: list[str]) -> list[str]:
    if not all_terms:
        return []
    out, start = [], 0
    while True:
        out.append(" ".join(all_terms[start : start + CHUNK_TERMS]))
        if start + CHUNK_TERMS >= len(all_terms):
            return out
        start += CHUNK_TERMS - CHUNK_OVERLAP


def query_phrases(query: str) -> list[list[str]]:
    """Each whitespace-separated part of the query is one phrase of terms; all must match."""
    return [t for t in (terms(part) for part in query.split()) if t]


def tsquery(query: str) -> str:
    """`医疗 <-> 疗保 & g219` — terms quoted so nothing in them is read as an operator."""
    phrases = []
    for phrase in query_phrases(query):
        quoted = ["'" + term.replace("'", "''").replace("\\", "") + "'" for term in phrase]
        phrases.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(phrases)


def index_record(record) -> None:
    """(Re)index one record: its chunks if it is public, nothing otherwise."""
    from .models import SearchChunk

    SearchChunk.objects.filter(disclosure_id=record.pk).delete()
    if not record.is_public:
        return
    text = document_text(record) if record.shows_content else f"{record.title}\n{record.doc_no}\n{record.index_no}"
    SearchChunk.objects.bulk_create(
        SearchChunk(disclosure_id=record.pk, position=i, terms=chunk) for i, chunk in enumerate(chunks(terms(text)))
    )


def matching(queryset, query: str, *, cap: int | None = None):
    """`queryset` narrowed to records containing every part of `query` exactly.

    With `cap` (PostgreSQL), at most the first `cap + 1` matching records the index finds: each
    candidate of a phrase is rechecked by re-parsing its terms (about a millisecond), so a common
    word would otherwise cost seconds. The caller says 超过 `cap` 条 when it gets `cap + 1`.
    """
    from .models import SearchChunk

    phrases = query_phrases(query)
    if not phrases:
        return queryset.none()
    if uses_index(query):
        hits = SearchChunk.objects.filter(terms__tsmatch=tsquery(query))
        if cap is None:
            return queryset.filter(Exists(hits.filter(disclosure=OuterRef("pk"))))
        if queryset.query.where:  # narrowed by the reader's filters: the cap counts only records within them
            hits = hits.filter(Exists(queryset.filter(pk=OuterRef("disclosure_id"))))
        # a long record has several chunks: read a few more rows than records wanted
        found = hits.values_list("disclosure_id", flat=True)[: (cap + 1) * 2]
        ids = list(dict.fromkeys(found))[: cap + 1]
        return queryset.filter(pk__in=ids)
    # Embedded mode (and one-character Chinese terms): scan the text itself.
    # The body counts only where it is shown (主动公开), as in index_record.
    from .choices import DisclosureMode

    condition = Q()
    for part in query.split():
        condition &= Q(title__icontains=part) | Q(body__icontains=part, disclosure_mode=DisclosureMode.ACTIVE) | Q(
            keywords__icontains=part
        ) | Q(doc_no__icontains=part) | Q(index_no__icontains=part)
    return queryset.filter(condition)


def uses_index(query: str) -> bool:
    """Whether `query` is matched by the PostgreSQL index (and so capped), not by scanning the text."""
    return connection.vendor == "postgresql" and bool(query_phrases(query)) and not _has_single_cjk(query)


def _has_single_cjk(query: str) -> bool:
    return any(CJK_RE.match(part) and len(part) == 1 for part in query.split())


def highlight(text: str, query: str, *, width: int = 120) -> str:
    """An escaped excerpt of `text` around the first match with every query part wrapped in <mark>."""
    from django.utils.html import escape

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
    from .details import details_rows

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
