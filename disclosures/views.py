"""Public pages of the 重点领域信息公开 column. Thin: selectors decide what is public."""

import copy
import datetime

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from core import limits, pii, uploads
from core.caching import cached_public_page
from core.domains import get_domain

from . import exports, search_help
from . import search as engine
from .choices import Status
from .details import details_rows
from .filtersets import DisclosureFilterSet, SearchFilterSet
from .models import Attachment, Disclosure
from .pagination import CappedPaginator
from .policies import can_view
from .selectors import (
    column_tree,
    public_attachment_or_none,
    public_disclosure_or_none,
    public_disclosures,
    search_public_page,
    urgent_public_disclosures,
)


@require_GET
@cached_public_page
def home(request):
    # -pk breaks ties (records published in one transaction share the instant): without it the twelve shown
    # depend on the rows' physical order, and a restored copy of the database showed others (issue 26).
    latest = public_disclosures().order_by("-published_at", "-pk")[:12]
    return render(
        request,
        "disclosures/home.html",
        {"tree": column_tree(), "latest": latest, "urgent": urgent_public_disclosures()},
    )


def _item_types(domain_obj, category) -> list[tuple[str, str]]:
    """The category's kinds of records (出让公告, 出让结果…), for the item-type filter."""
    form_class = domain_obj.details_form(category) if category else None
    field = form_class.base_fields.get("item_type") if form_class else None
    return list(field.choices) if field is not None else []


def _column_filterset(params, domain: str, category: str | None):
    """The column's records narrowed by the reader's filters (the page and its exports share it)."""
    domain_obj = get_domain(domain)
    if domain_obj is None or (category and category not in domain_obj.categories.values):
        raise Http404("栏目不存在")
    data = params.copy()
    data["domain"] = domain
    if category:
        data["category"] = category
    data.pop("status", None)
    # the list and the exports show neither the body nor the structured fields (not read), and of the record's
    # relations only its department's name
    records = (
        public_disclosures().select_related(None).select_related("department")
        .defer("body", "details").order_by("-published_at", "-pk")
    )
    return domain_obj, DisclosureFilterSet(data, queryset=records)


# What a row of a column's list shows (disclosures/column.html): 索引号, 标题, 主题分类, 责任单位, 发布日期.
COLUMN_ROW_FIELDS = ("index_no", "title", "domain", "category", "published_at", "department__name")


@require_GET
@cached_public_page(reads=(DisclosureFilterSet, "page"))
def column(request, domain: str, category: str | None = None):
    domain_obj, filterset = _column_filterset(request.GET, domain, category)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    # A row shows these alone: five columns, a lighter model (its HTML is often a kept fragment).
    queryset = queryset.only(*COLUMN_ROW_FIELDS)
    number = request.GET.get("page")
    page = CappedPaginator(queryset, settings.PORTAL_PAGE_SIZE, near_page=number, ids_first=True).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosures/column.html",
        {
            "domain": domain_obj,
            "category": category,
            "category_label": domain_obj.category_name(category) if category else None,
            "filterset": filterset,
            "page": page,
            "query": query.urlencode(),
            # Read only when its fragment is not kept (then once: `{% if %}` and `{% for %}` share the list).
            "urgent": SimpleLazyObject(lambda: list(urgent_public_disclosures(domain=domain, category=category)))
            if page.number == 1
            else [],
            "item_types": _item_types(domain_obj, category),
            # The rows as one fragment: the page's records, in order (each record's content is the generation's).
            "row_keys": ",".join(map(str, page.object_list.ids)),
        },
    )


DISCLOSURE_COLUMNS = [
    exports.Column("索引号", "index_no", exports.attr("index_no")),
    exports.Column("标题", "title", exports.attr("title")),
    exports.Column("领域", "domain", exports.attr("domain_label"), code=exports.attr("domain")),
    exports.Column("主题分类", "category", exports.attr("category_label"), code=exports.attr("category")),
    exports.Column("责任单位", "department", exports.attr("department.name")),
    exports.Column("文号", "doc_no", exports.attr("doc_no")),
    exports.Column("信息形成日期", "formed_on", exports.attr("formed_on")),
    exports.Column("发布日期", "published_at", exports.local_date("published_at")),
    exports.choice("公开属性", "disclosure_mode"),
    exports.Column("版本", "version", exports.attr("version")),
    exports.page("公开页面", route="disclosures:detail"),
]


@exports.source
def column_export_source(params, *, domain: str, category: str | None = None) -> exports.Source:
    domain_obj, filterset = _column_filterset(params, domain, category)
    return exports.Source(
        filterset,
        DISCLOSURE_COLUMNS,
        basename=f"disclosures-{domain}" + (f"-{category}" if category else ""),
        title=domain_obj.category_name(category) if category else domain_obj.label,
    )


@require_GET
def column_export(request, domain: str, fmt: str, category: str | None = None):
    """The column as filtered on screen, every page of it, as CSV / Excel / JSON."""
    return exports.export_view(request, fmt, column_export_source, domain=domain, category=category)


@require_GET
@cached_public_page
def detail(request, pk: int):
    record = public_disclosure_or_none(pk)
    if record is None:
        raise Http404("信息不存在或未公开")
    return render(request, "disclosures/detail.html", detail_context(record))


def detail_context(record) -> dict:
    """What the public page of `record` shows (its content only when `record.shows_content`). A record read by
    `public_disclosure_or_none` says whether it has attachments and interpreted documents: neither list is
    looked up when there is none."""
    shows = record.shows_content
    attachments = record.attachments.filter(superseded=False) if shows and getattr(record, "has_attachments", True) else []
    # A first version has no history to show (the page lists versions from the second on): not read.
    versions = list(record.versions.order_by("-number")) if record.shows_content and record.version > 1 else []
    domain = get_domain(record.domain)
    return {
        "record": record,
        "attachments": attachments,
        "versions": versions,
        "details": details_rows(record) if record.shows_content else [],
        "name_list": domain.public_name_list(record) if domain else None,
        # The project, matter or programme the record is about: its page tells the whole story.
        "subject": domain.public_subject_of(record) if domain and record.shows_content else None,
        "subject_noun": domain.subject.noun if domain and domain.subject is not None else "",
        # 政策解读 linked both ways: the documents this record interprets.
        "interprets": (
            # not `record.interpreted_documents`: its manager reads each document's deferred link back (N+1)
            list(Disclosure.objects.public().filter(interpretation=record.pk).only("pk", "title"))
            if shows and getattr(record, "has_interpreted", True)
            else []
        ),
    }


def version_as_record(record, version):
    """An unsaved copy of `record` as `version` published it (title, body, 文号, dates, structured fields)."""
    shown = copy.copy(record)
    snapshot = version.metadata or {}
    shown.title, shown.body, shown.change_note = version.title, version.body, version.change_note
    shown.published_at = version.published_at
    shown.index_no = snapshot.get("index_no", record.index_no)
    shown.doc_no = snapshot.get("doc_no", "")
    shown.issuer = snapshot.get("issuer", record.issuer)
    shown.keywords = snapshot.get("keywords", "")
    shown.category = snapshot.get("category", record.category)
    shown.details = snapshot.get("details") or {}
    for name in ("written_on", "formed_on"):
        value = snapshot.get(name)
        setattr(shown, name, datetime.date.fromisoformat(value) if value else None)
    return shown


@require_GET
@cached_public_page
def version(request, pk: int, number: int):
    """An earlier version of a corrected record, as it was published (issue 23, part 5: a reader who saw the
    first version can check what the correction changed). Only a public record's earlier versions; the
    current one is the record's own page. A version whose text the personal-data guard flags today is not
    shown again (条例第十五条: the correction may have been made to take it out). Not indexed by search
    engines: the record's page is the one to find."""
    record = public_disclosure_or_none(pk)
    if record is None or not record.shows_content:
        raise Http404("信息不存在或未公开")
    if number >= record.version:
        return redirect(record.get_absolute_url(), permanent=False)
    earlier = record.versions.filter(number=number).first()
    if earlier is None:
        raise Http404("该版本不存在")
    shown = version_as_record(record, earlier)
    withheld = bool(pii.scan_disclosure(shown, attachments=False))
    response = render(
        request,
        "disclosures/version.html",
        {
            "record": record,
            "version": earlier,
            "shown": shown,
            "withheld": withheld,
            "details": [] if withheld else details_rows(shown),
            "attachment_names": [] if withheld else (earlier.metadata or {}).get("attachments", []),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def staff_preview(request, record):
    """未发布预览: the public page an unpublished record will have once published, for the staff who may
    see the record (the admin finds it in the user's scope; everyone else gets its 404). The reviewer
    and the signer approve what citizens will read: the same template and the same masking (name lists
    masked, personal data as the guard leaves it), under a banner; attachments through the staff door.
    Shown from an unsaved copy marked published, never stored, cached or indexed."""
    shown = copy.copy(record)
    shown.status = Status.PUBLISHED
    shown.published_at = None
    response = render(request, "disclosures/detail.html", detail_context(shown) | {"preview": record})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def attachment(request, token: str):
    """A public attachment, always as a download of its detected type that no browser may run."""
    item = public_attachment_or_none(token)
    if item is None:
        raise Http404("附件不存在或未公开")
    return _download(item)


@require_GET
def attachment_view(request, token: str):
    """A public PDF shown in the browser's own viewer (issue 23, part 5: a citizen on a phone reads the 批复
    without saving it first); the record page links the download beside it. Any other type is not shown
    inline: the address sends its download."""
    item = public_attachment_or_none(token)
    if item is None:
        raise Http404("附件不存在或未公开")
    if not uploads.opens_inline(item.content_type):
        return redirect(item.get_absolute_url(), permanent=False)
    return _download(item, inline=True)


@require_GET
def staff_attachment(request, pk: int):
    """Any attachment of a record the signed-in user may see (a reviewer reads the draft's files before
    approving): the same download, for staff in the record's scope only; everyone else gets a 404."""
    item = Attachment.objects.select_related("disclosure").filter(pk=pk).first()
    if item is None or not request.user.is_authenticated or not can_view(request.user, item.disclosure):
        raise Http404("附件不存在")
    response = _download(item)
    response["Cache-Control"] = "private, no-store"
    return response


def _download(item, *, inline: bool = False):
    response = FileResponse(item.file.open("rb"), content_type=uploads.served_content_type(item.content_type))
    response["Content-Disposition"] = uploads.content_disposition(item.original_name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    # Inline or not, the file is sandboxed and may load nothing: Chromium's PDF viewer shows a PDF under this
    # policy (tried with Debian's chromium, the browser the suite drives).
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def search(request):
    """全文检索: every domain; 2-character terms find exactly the records that contain them.

    Limited per client address (PORTAL_SEARCH_RATE) and in time (PORTAL_SEARCH_TIMEOUT_MS): one reader
    cannot fill the web workers with searches, and a search too slow to finish says so (issue 25).

    Search that helps (issue 23, part 6; disclosures/search_help.py): without a query, how to search and the
    most searched terms; a part in one of the office's synonym groups also finds its synonyms (the page
    names them and links the exact-only search, `exact=1`); nothing found, related terms to try. A search
    that found something is counted (its first page only), never who searched."""
    query = engine.clean_query(request.GET.get("q") or "")
    sort = "newest" if request.GET.get("sort") == "newest" else "relevance"
    exact = request.GET.get("exact") == "1"
    params = request.GET.copy()
    params["q"] = query
    records = public_disclosures()
    filterset = SearchFilterSet(params, queryset=records)
    results = None
    page = None
    marked = ""
    timed_out = False
    synonyms, with_synonyms, related = {}, {}, []
    if query:
        rate = limits.parse_rate(settings.PORTAL_SEARCH_RATE)
        if not limits.hit(request, "search", rate):
            message = f"检索过于频繁：每个地址{rate.period}最多检索 {rate.count} 次，请稍后再试。"
            return limits.too_many(request, message, rate)
        # the reader's filters narrow the records searched, so the cap counts only matching ones
        base = records
        if filterset.is_valid():
            for name in ("domain", "category", "year", "department"):
                value = filterset.form.cleaned_data.get(name)
                if value not in (None, ""):
                    base = filterset.filters[name].filter(base, value)
        groups = search_help.synonym_groups(request)
        with_synonyms = search_help.query_synonyms(query, groups)
        synonyms = {} if exact else with_synonyms
        marked = engine.marked_words(query, synonyms)
        try:
            with engine.statement_timeout(settings.PORTAL_SEARCH_TIMEOUT_MS):
                page = search_public_page(
                    query, request.GET.get("page"), per_page=settings.PORTAL_PAGE_SIZE, sort=sort, base=base,
                    synonyms=synonyms,
                )
        except engine.SearchTimeout:
            page, timed_out = None, True
        else:
            # The page's rows (RowsById): the template reads them, and highlights each title and excerpt
            # (search_title, search_excerpt), only where the results are not a kept fragment.
            results = page.object_list
        if results and page.number == 1:
            search_help.search_term_count(query=query)
        elif page is not None and not results:
            related = search_help.related_terms(query, searched=synonyms, groups=groups)
    params.pop("page", None)
    exact_params = params.copy()
    exact_params["exact"] = "1"
    wide_params = params.copy()
    wide_params.pop("exact", None)
    return render(
        request,
        "disclosures/search.html",
        {
            "query": query,
            "search_query": query,  # the header's search box shows it
            "sort": sort,
            "filterset": filterset,
            "page": page,
            "results": results,
            "timed_out": timed_out,
            "params": params.urlencode(),
            "marked": marked,
            # the results as one fragment: the words marked in them and the page's records, in order
            "result_keys": ",".join(str(pk) for pk in getattr(results, "ids", None) or [row.pk for row in results or ()]),
            # above the cap only the first matches found are listed, and the count says 超过
            "search_cap": engine.SEARCH_CAP,
            "estimated": page is not None
            and engine.uses_index(query, synonyms)
            and page.paginator.count > engine.SEARCH_CAP,
            # search that helps
            "exact": exact,
            "added_words": [word for words in synonyms.values() for word in words],
            "exact_params": exact_params.urlencode(),
            "wide_words": [word for words in with_synonyms.values() for word in words] if exact else [],
            "wide_params": wide_params.urlencode(),
            "related": related,
            "examples": search_help.EXAMPLES,  # the guidance and the search box
            "popular": search_help.popular_terms() if not query else [],
        },
        status=503 if timed_out else 200,
    )
