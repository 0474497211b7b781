"""Reads shared by the public pages, the admin and the API."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.domains import all_domains
from core.models import AuditEntry
from organizations.selectors import user_scope

from . import search
from .choices import DisclosureMode, Status
from .models import Attachment, Disclosure, DisclosureVersion
from .pagination import RowsById

LIST_RELATED = ("department", "jurisdiction")


def merged_corrections() -> Prefetch:
    """The corrections applied to each record, newest first: `Disclosure.timeliness_record` reads them."""
    return Prefetch(
        "corrections",
        queryset=Disclosure.objects.filter(status=Status.MERGED).order_by("-published_at", "-pk"),
        to_attr="merged_corrections",
    )


def public_disclosures() -> QuerySet[Disclosure]:
    """What anybody may list: published, not 不予公开."""
    return Disclosure.objects.public().select_related(*LIST_RELATED)


def latest_publications(queryset: QuerySet[Disclosure], *, limit: int) -> QuerySet[Disclosure]:
    """The `limit` records of `queryset` published or corrected last, newest first (the feeds), each with
    `last_published_at`: when its current version was published — its last correction's publication, else
    its own. `published_at` stays the first publication.

    A change (变更) of published information is published in its turn (《政府信息公开条例》第二十六条): a
    correction is news, and a feed entry's `updated` is "the most recent instant in time when an entry was
    modified in a way the publisher considers significant" (RFC 4287 §4.2.15; `published`, §4.2.9, stays).
    Only two candidate sets, each read by an index, are ranked: the `limit` records published first last and
    the `limit` records corrected last. The `limit` last changed are always among them."""
    newest = queryset.order_by("-published_at", "-pk").values("pk")[:limit]
    corrected = (
        Disclosure.objects.filter(status=Status.MERGED, corrects__in=queryset.values("pk"))
        .values("corrects")
        .annotate(last=Max("published_at"))
        .order_by("-last")
        .values("corrects")[:limit]
    )
    last_correction = Subquery(
        Disclosure.objects.filter(corrects=OuterRef("pk"), status=Status.MERGED)
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return (
        queryset.filter(Q(pk__in=newest) | Q(pk__in=corrected))
        .annotate(last_published_at=Coalesce(last_correction, "published_at"))
        .order_by("-last_published_at", "-pk")[:limit]
    )


def last_public_changes() -> dict[str, datetime.datetime]:
    """Per domain code, when what anybody may list of it last changed (the `modified` of its open data): the
    newest published version of a public record — a first publication or a correction — or the newest
    withdrawal (撤回, whose public notice replaces the record). Read from the data, never the clock."""
    versions = (
        DisclosureVersion.objects.filter(disclosure__in=Disclosure.objects.public())
        .values("disclosure__domain")
        .annotate(last=Max("published_at"))
        .values_list("disclosure__domain", "last")
    )
    withdrawals = (
        Disclosure.objects.publicly_reachable()
        .filter(status=Status.WITHDRAWN)
        .values("domain")
        .annotate(last=Max("withdrawn_at"))
        .values_list("domain", "last")
    )
    changes: dict[str, datetime.datetime] = {}
    for domain, last in [*versions, *withdrawals]:
        if last is not None and (domain not in changes or last > changes[domain]):
            changes[domain] = last
    return changes


def public_detail_disclosures() -> QuerySet[Disclosure]:
    """Records with a public page: published, or the tombstone of a withdrawn one.

    The record's policy interpretation (政策解读) is not joined: most records have none, and joining it
    compiled and read a second record's hundred-odd columns on every page (its link costs one query where
    there is one)."""
    return Disclosure.objects.publicly_reachable().select_related("department", "jurisdiction", "name_list")


def public_disclosure_or_none(pk) -> Disclosure | None:
    """The record of a public page (its own or a version's), or None. One row by primary key: no ORDER BY to
    compile or run (`.first()` would add one). Only what the page shows is joined: the department (责任单位,
    发文机构) and the name list; the jurisdiction's 23 columns are not on the page (the API reads them).

    With it, whether any attachment (`has_attachments`) or any document naming it as its interpretation
    (`has_interpreted`, 政策解读) exists: the page reads either list only where there may be one, instead of
    two queries that find nothing on most records (issue 24, part 1). Both are tests for a superset (any
    attachment, any status): the lists themselves are read by the ORM with their own conditions.
    They are written as SQL because the ORM took as long to compile the two `Exists` (~1.5 ms of CPU) as
    the two queries they replace."""
    records = (
        Disclosure.objects.publicly_reachable()
        .select_related("department", "name_list")
        .annotate(
            has_attachments=_any_row_pointing_here(Attachment._meta.get_field("disclosure")),
            has_interpreted=_any_row_pointing_here(Disclosure._meta.get_field("interpretation")),
        )
    )
    return next(iter(records.filter(pk=pk).order_by()[:1]), None)


def _any_row_pointing_here(foreign_key) -> RawSQL:
    """EXISTS (a row whose `foreign_key` is this record), for a query on the record table without alias."""
    quote = connections[router.db_for_read(Disclosure)].ops.quote_name
    outer = f"{quote(Disclosure._meta.db_table)}.{quote(Disclosure._meta.pk.column)}"
    inner = f"{quote('t')}.{quote(foreign_key.column)}"
    table = quote(foreign_key.model._meta.db_table)
    return RawSQL(f"EXISTS (SELECT 1 FROM {table} t WHERE {inner} = {outer})", [], output_field=BooleanField())  # noqa: S611 - names from the models' meta


def public_attachment_or_none(token: str) -> Attachment | None:
    """The current attachment of a published 主动公开 record, found only by its random token.

    Nothing else finds a file: not the id, not the storage path (MEDIA_URL is not served), not the
    token of a draft's, a withdrawn or non-public record's, or a superseded (corrected) attachment.
    """
    if not isinstance(token, str) or len(token) != 32:
        return None
    attachment = Attachment.objects.select_related("disclosure").filter(token=token, superseded=False).first()
    if attachment is None or not attachment.disclosure.shows_content:
        return None
    return attachment


def disclosures_for_user(user) -> QuerySet[Disclosure]:
    """What a staff user may see in the admin and the staff API: their departments, or their office's scope."""
    queryset = Disclosure.objects.select_related(*LIST_RELATED)
    scope = user_scope(user)
    if scope.is_superuser:
        return queryset
    return queryset.filter(department_id__in=scope.visible_department_ids)


def api_disclosures_for(user) -> QuerySet[Disclosure]:
    """Anonymous users see public records; staff also see the records in their scope."""
    scope = user_scope(user)
    if not scope.is_staff_member:
        return public_disclosures()
    if scope.is_superuser:
        return Disclosure.objects.select_related(*LIST_RELATED)

    return Disclosure.objects.select_related(*LIST_RELATED).filter(
        Q(department_id__in=scope.visible_department_ids)
        | (Q(status=Status.PUBLISHED) & ~Q(disclosure_mode="not_disclosed"))
    )


def column_tree() -> list[dict]:
    """The 重点领域信息公开 navigation: each domain with its categories, counts and last update."""
    stats = {
        (row["domain"], row["category"]): row
        for row in Disclosure.objects.public()
        .values("domain", "category")
        .annotate(count=Count("pk"), last=Max("published_at"))
    }
    tree = []
    for domain in all_domains():
        categories = []
        for code, label in domain.category_choices:
            row = stats.get((domain.code, code), {})
            categories.append({"code": code, "label": label, "count": row.get("count", 0), "last": row.get("last")})
        tree.append(
            {
                "domain": domain,
                "categories": categories,
                "count": sum(c["count"] for c in categories),
                "last": max((c["last"] for c in categories if c["last"]), default=None),
            }
        )
    return tree


URGENT_WINDOW_DAYS = 30


def urgent_public_disclosures(*, domain: str | None = None, category: str | None = None, limit: int = 5):
    """Urgent records (灾害事故救援, 突发公共卫生事件) of the last 30 days: shown first on the column."""
    queryset = public_disclosures().filter(
        urgent=True, published_at__gte=timezone.now() - datetime.timedelta(days=URGENT_WINDOW_DAYS)
    )
    if domain:
        queryset = queryset.filter(domain=domain)
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-published_at", "-pk")[:limit]  # -pk: one order for records of one instant


def search_public(
    query: str, *, sort: str = "relevance", base: QuerySet[Disclosure] | None = None, synonyms: dict | None = None
):
    """Public records (of `base`, default all) containing `query` exactly (see disclosures/search.py),
    best or newest first. Best: the query in the title first, then the newest. `synonyms` ({part: words},
    search_help.query_synonyms) widen a part to any of its words; every part must still be found.

    On PostgreSQL at most `search.SEARCH_CAP + 1` records: ranking and counting a common word's
    hundreds of thousands of matches is what made a search take seconds; the page says 超过 N 条.
    """
    queryset = search.matching(
        base if base is not None else public_disclosures(), query, cap=search.SEARCH_CAP, synonyms=synonyms
    )
    if sort == "newest":
        return queryset.order_by("-published_at", "-pk")
    return queryset.annotate(
        rank=Case(When(in_title(query, synonyms), then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "-published_at", "-pk")


def in_title(query: str, synonyms: dict | None = None) -> Q:
    """Records whose title contains every part of `query` (or one of its synonyms): 相关度 ranks them first."""
    condition = Q()
    for words in search.alternatives(query, synonyms):
        either = Q()
        for word in words:
            either |= Q(title__icontains=word)
        condition &= either
    return condition


def search_public_page(
    query: str, number, *, per_page: int, sort: str = "relevance", base: QuerySet[Disclosure] | None = None,
    synonyms: dict | None = None,
) -> Page:
    """Page `number` of `search_public(query, …)`, as the search page lists it.

    On PostgreSQL (`search.uses_index`) one query (`search.newest_matches`, written out, not built by the ORM)
    finds the newest `SEARCH_CAP + 1` matches with whether each has the query in its title; they are ranked here
    (title first, then newest: the order of `search_public`, the matches being found newest first) and counted
    by their number. Only the page's rows are read, by id, when the page shows them. Before, the same ids were
    found, then counted and ranked again by two more queries over them (issue 24, part 1). Elsewhere the page of `search_public`, its rows read here: that
    search scans the text, and must do it inside the caller's statement timeout (views.search)."""
    if not search.uses_index(query, synonyms):
        page = Paginator(search_public(query, sort=sort, base=base, synonyms=synonyms), per_page).get_page(number)
        page.object_list = list(page.object_list)
        return page
    records = base if base is not None else public_disclosures()
    if sort == "newest":
        ids = search.newest_matches(records, query, cap=search.SEARCH_CAP, synonyms=synonyms)
    else:
        rows = search.newest_matches(records, query, cap=search.SEARCH_CAP, synonyms=synonyms, title_rank=True)
        ids = [pk for pk, ranked in rows if ranked] + [pk for pk, ranked in rows if not ranked]
    page = Paginator(ids, per_page).get_page(number)
    page.object_list = RowsById(search_result_rows, list(page.object_list))
    return page


def search_result_rows() -> QuerySet[Disclosure]:
    """The public records as a search result reads them: the columns it shows and the department."""
    return Disclosure.objects.public().select_related("department").only(*SEARCH_RESULT_FIELDS)


# What a search result shows (disclosures/search.html, search.excerpt and highlight): the rows are read with
# these columns only, not the hundred-odd of a record with its jurisdiction. A field read but missing here
# costs one query per result (test_search_page_query_count_is_constant fails).
SEARCH_RESULT_FIELDS = (
    "domain", "category", "department__name", "index_no", "title", "doc_no", "issuer", "keywords", "body", "details",
    "status", "disclosure_mode", "published_at",
)


def year_bounds(year: int):
    """The first instant of `year` and of the next, local time (Asia/Shanghai): a publication counts in the
    year it was published there."""
    return (
        timezone.make_aware(datetime.datetime(year, 1, 1)),
        timezone.make_aware(datetime.datetime(year + 1, 1, 1)),
    )


def counted_publications(*, year: int, jurisdiction=None, domain: str | None = None) -> QuerySet[Disclosure]:
    """
    The records that count as published in `year` (local time): those still published and those
    published then withdrawn (they were out that year); a correction merged into its record is not a
    new record; 不予公开 records are not counted (nothing was disclosed). `jurisdiction` includes every
    jurisdiction below it.
    """
    start, end = year_bounds(year)
    records = Disclosure.objects.filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN], published_at__gte=start, published_at__lt=end
    ).exclude(disclosure_mode=DisclosureMode.NOT_DISCLOSED)
    if domain:
        records = records.filter(domain=domain)
    if jurisdiction is not None:
        records = records.filter(jurisdiction_id__in=jurisdiction.descendant_ids())
    return records


def publication_statistics(*, year: int, jurisdiction=None, domain: str | None = None) -> dict:
    """
    Records published in `year` per domain and category, with how many were on time and late: one
    aggregate query. Every category of every domain is listed (zero where nothing was published).
    """
    records = counted_publications(year=year, jurisdiction=jurisdiction, domain=domain)
    counts = {
        (row["domain"], row["category"]): row
        for row in records.order_by()
        .values("domain", "category")
        .annotate(
            count=Count("pk"),
            on_time=Count("pk", filter=Q(late_working_days=0)),
            late=Count("pk", filter=Q(late_working_days__gt=0)),
        )
    }
    domains = []
    for item in all_domains():
        if domain and item.code != domain:
            continue
        rows = []
        for code, label in item.category_choices:
            found = counts.get((item.code, code), {})
            rows.append(
                {
                    "category": code,
                    "label": label,
                    "count": found.get("count", 0),
                    "on_time": found.get("on_time", 0),
                    "late": found.get("late", 0),
                }
            )
        domains.append(
            {
                "domain": item.code,
                "label": item.label,
                "rows": rows,
                "total": sum(row["count"] for row in rows),
                "on_time": sum(row["on_time"] for row in rows),
                "late": sum(row["late"] for row in rows),
            }
        )
    return {
        "year": year,
        "jurisdiction": (
            None if jurisdiction is None else {"id": jurisdiction.pk, "code": jurisdiction.code, "name": jurisdiction.name}
        ),
        "domains": domains,
        "total": sum(item["total"] for item in domains),
    }


# ---------------------------------------------------------------------------------------------
# How long a record has been in its current stage (我的待办, the 督办看板)
# ---------------------------------------------------------------------------------------------
def returned_at(records: list[Disclosure]) -> dict[int, datetime.datetime]:
    """When each draft on the list last came back to its clerk (退回 by a reviewer or signer, or any later
    step back to 草稿), from the record's trail (全程留痕) — one query, and only for drafts submitted before."""
    ids = [record.pk for record in records if record.status == Status.DRAFT and record.submitted_at]
    if not ids:
        return {}
    return dict(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Disclosure),
            object_id__in=ids,
            to_status=Status.DRAFT,
            from_status__in=[Status.SUBMITTED, Status.REVIEWED, Status.APPROVED],
        )
        .values("object_id")
        .annotate(last=Max("at"))
        .values_list("object_id", "last")
    )


def stage_since(record: Disclosure, returns: dict[int, datetime.datetime]) -> datetime.datetime:
    """When the record entered its current stage: a draft at its last return (`returns`) or its creation,
    the other stages at the step that led there (提交 submitted_at, 审核 reviewed_at, 签发 signed_at — or
    审核 where the jurisdiction needs no signature)."""
    if record.status == Status.DRAFT:
        return returns.get(record.pk) or record.created_at
    since = {
        Status.SUBMITTED: record.submitted_at,
        Status.REVIEWED: record.reviewed_at,
        Status.APPROVED: record.signed_at or record.reviewed_at,
    }.get(record.status)
    return since or record.updated_at
