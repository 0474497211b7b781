"""
THE leak test: no unpublished record, nor its attachment, is reachable from outside.

Records are built in every state that must stay private (draft, submitted, reviewed, approved,
rejected back to draft, an open correction, published 不予公开) and in the states whose content
must stay private (published 依申请公开, withdrawn), each with unique markers in its title, body,
comments and attachment. Then every URL pattern of the project (except the admin) is enumerated
from the resolver, its path parameters are filled with every record id, attachment token, domain
and category, and each URL is requested with several query strings and every HTTP method. No
private marker may appear in any response and no private attachment may be downloaded.

What would only repeat a request already made is asked once (`urls_for`, `crawl`): a column of a
domain none of the records is in stands for the domain's other empty columns, an unknown domain is
tried once, DRF's `.json` twin of a route is the route itself with `?format=json`, its `.api` twin
(the browsable page) is asked without the lists' filters and writes to it once, and a method a route
does not route at all answers the same for every record. The crawl is split by door family
(`FAMILIES`) so that pytest-xdist spreads it; a guard test checks that every route is in a family.

When a URL pattern with a parameter this file does not know how to fill is added, the guard test
fails: teach `FILLERS` the new parameter, so the leak test grows with the project.
"""

import io
import itertools
import re
import sys
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from annualreports.models import AnnualReport
from core.domains import all_domains
from disclosures import services
from disclosures.choices import DisclosureMode, Status
from disclosures.models import Attachment, Disclosure
from disclosures.sitemaps import SITEMAPS
from disclosures.tests.factories import draft
from disclosures.tests.files import pdf_upload
from supervision import services as supervision_services
from tests.clock import TEST_TODAY

SKIPPED_PREFIXES = ("admin/",)  # staff-only, scoped per department: see disclosures/tests/test_admin.py



# ---------------------------------------------------------------------------------------------
# Enumerating the URL patterns
# ---------------------------------------------------------------------------------------------
class UnfillablePattern(Exception):
    pass


@dataclass(frozen=True)
class Param:
    name: str
    regex: str  # what the URL piece must match
    to_url: object = str  # python value -> URL piece (a path converter's to_url)

    def piece(self, value) -> str | None:
        """The URL piece for `value`, or None if this parameter cannot take it."""
        try:
            piece = self.to_url(value)
        except (ValueError, TypeError):
            return None
        return piece if re.fullmatch(self.regex, piece) else None


@dataclass(frozen=True)
class Endpoint:
    template: str  # "api/v1/disclosures/{pk}/submit/"
    params: tuple[Param, ...]
    name: str | None
    callback: object

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)


ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
# A named group without nested groups: (?P<pk>[^/.]+)
REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>(?:[^()\\]|\\.)*)\)")
REGEX_META = re.compile(r"[\\^$()\[\]*+?|{}]")


def pattern_template(pattern) -> tuple[str, list[Param]]:
    """A `str.format` template and the parameters of one URL pattern piece."""
    params: list[Param] = []
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        if "{" in route or "}" in route:
            raise UnfillablePattern(f"route {route!r} contains braces")

        def route_placeholder(match):
            converter = pattern.converters[match.group("name")]
            params.append(Param(match.group("name"), converter.regex, converter.to_url))
            return "{" + match.group("name") + "}"

        return ROUTE_PARAM.sub(route_placeholder, route), params
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.removeprefix("^").removesuffix("$")

        def regex_placeholder(match):
            params.append(Param(match.group("name"), match.group("body")))
            return "{" + match.group("name") + "}"

        template = REGEX_PARAM.sub(regex_placeholder, regex)
        template = template.replace("/?", "/").replace(r"\.", ".").replace(r"\-", "-")
        leftover = re.sub(r"\{\w+\}", "", template)
        if REGEX_META.search(leftover):
            raise UnfillablePattern(f"regex {pattern._regex!r} has syntax this enumerator cannot fill")
        return template, params
    raise UnfillablePattern(f"unknown pattern type {type(pattern).__name__}")


def walk(patterns, prefix: str = "", params: tuple[Param, ...] = ()):
    for entry in patterns:
        template, found = pattern_template(entry.pattern)
        full = prefix + template
        if full.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, full, params + tuple(found))
        elif isinstance(entry, URLPattern):
            yield Endpoint(full, params + tuple(found), entry.name, entry.callback)
        else:
            raise UnfillablePattern(f"unknown URL entry {entry!r}")


def endpoints() -> list[Endpoint]:
    return list(walk(get_resolver().url_patterns))


def category_codes() -> list[str]:
    return sorted({code for domain in all_domains() for code in domain.categories.values})


# How to fill each path parameter: name -> candidate values (from the world of test records).
# Each parameter takes the candidates its own converter/regex accepts.
FILLERS = {
    "pk": lambda world: [str(pk) for pk in [*world.record_ids, *getattr(world, "other_ids", [])]] + ["0", "999999"],
    "token": lambda world: world.tokens + ["0" * 32],
    "domain": lambda world: [d.code for d in all_domains()] + [UNKNOWN],
    "category": lambda world: category_codes() + [UNKNOWN],
    # DRF's format-suffix twin of each API route: `.api` renders the browsable API's own page. The `.json`
    # twin is left out: DRF negotiates it exactly as the plain route with `?format=json` (and JSON is the
    # first renderer, so as the plain route's other methods), which the crawl requests already.
    "format": lambda world: ["api"],
    "fmt": lambda world: list(EXPORT_FORMATS),  # exports of the public lists
    # A jurisdiction's 政府信息公开指南 (/xxgkzn/<code>/): the conftest county and town (tests/conftest `org`).
    "code": lambda world: ["TC", "TT", UNKNOWN],
    # A record's earlier version (/disclosures/<pk>/v<number>/): the first, a later one, and none.
    "number": lambda world: ["1", "2", "0"],
    # A file of the sitemap index (/sitemap-<section>.xml): each section, and one that does not exist.
    "section": lambda world: [*SITEMAPS, UNKNOWN],
    # A bulk download (/open-data/bulk/<name>, disclosure_portal/bulk.py) and its checksum: none is written in
    # the crawl's world (tests/test_bulk_downloads.py reads every file of a world like it), and an unknown name.
    "name": lambda world: ["projects-disclosures.csv.gz", "projects-disclosures.csv.gz.sha256", UNKNOWN],
}
UNKNOWN = "nope"
EXPORT_FORMATS = ("csv", "json", "xlsx")


def candidates(param: Param, world) -> list[str]:
    pieces = [param.piece(value) for value in FILLERS[param.name](world)]
    return [piece for piece in pieces if piece is not None]


def record_columns(world) -> set[tuple[str, str]]:
    """The (domain, category) columns the world's records are in (`world.columns`: one as a dict, or pairs)."""
    columns = getattr(world, "columns", None) or ()
    if isinstance(columns, dict):
        return {(columns["domain"], columns["category"])}
    return set(columns)


def column_representatives(world) -> set[tuple[str, str]]:
    """Every column a record of the world is in, and for each domain one column none is in: the domain's
    other empty columns are the same view and template over no record, so that one stands for them."""
    filled = record_columns(world)
    chosen = set(filled)
    for domain in all_domains():
        empty = [code for code in domain.categories.values if (domain.code, code) not in filled]
        if empty:
            chosen.add((domain.code, empty[0]))
    return chosen


def _first_of_each(values: dict, value_lists: dict) -> bool:
    return all(values[name] == value_lists[name][0] for name in values if name != "domain")


def urls_for(endpoint: Endpoint, world) -> list[str]:
    """The URLs of one route: its parameters filled with every candidate, but for the columns. A category
    is tried in its own domain only (`column_representatives`, and an unknown one), and an unknown domain,
    which every view refuses before it reads anything else, once."""
    value_lists = {param.name: candidates(param, world) for param in endpoint.params}
    columns = column_representatives(world)
    urls = []
    for combination in itertools.product(*value_lists.values()):
        values = dict(zip(endpoint.param_names, combination, strict=True))
        if values.get("domain") == UNKNOWN:
            if not _first_of_each(values, value_lists):
                continue
        elif "domain" in values and "category" in values and values["category"] != UNKNOWN:
            if (values["domain"], values["category"]) not in columns:
                continue
        urls.append("/" + endpoint.template.format(**values))
    return urls


def routed_methods(endpoint: Endpoint) -> set[str] | None:
    """The HTTP methods the route's view handles, or None when a plain function does not say. Any other
    method is refused (405, or the sign-in's 302/401/403 before it) before any record is looked up."""
    actions = getattr(endpoint.callback, "actions", None)  # a DRF viewset's route: method -> action
    if actions is not None:
        return set(actions)
    view_class = getattr(endpoint.callback, "view_class", None)
    if view_class is not None:
        return {method for method in view_class.http_method_names if hasattr(view_class, method)}
    return None


# The crawl in parts that pytest-xdist can run side by side: door family -> its routes' prefixes.
# Every route is in one family (test_every_route_is_in_one_family_and_every_family_is_checked).
FAMILIES = {
    "api-record": ("api/v1/disclosures/{pk}",),  # a record and its workflow actions
    "api": ("api/",),  # the lists, the registers, the schema
    "columns": ("column/",),
    "feeds": ("feeds/",),
    "domains": ("projects/", "resources/", "welfare/"),
    "pages": ("",),  # the home page, search, record pages, attachments, the staff pages, sitemap…
}


def family_of(endpoint: Endpoint) -> str:
    return next(name for name, prefixes in FAMILIES.items() if endpoint.template.startswith(prefixes))


# ---------------------------------------------------------------------------------------------
# The guard: every pattern can be enumerated and filled
# ---------------------------------------------------------------------------------------------
class StubWorld:
    record_ids = [1]
    tokens = ["a" * 32]


def test_every_url_pattern_can_be_enumerated_and_filled():
    found = endpoints()
    assert len(found) >= 10, found
    unknown = {(e.template, p.name) for e in found for p in e.params if p.name not in FILLERS}
    assert not unknown, (
        f"URL patterns with parameters tests/test_leaks.py cannot fill: {sorted(unknown)}. "
        "Add the parameter to FILLERS so the leak test covers the new pages."
    )
    unfit = {(e.template, p.name) for e in found for p in e.params if not candidates(p, StubWorld)}
    assert not unfit, f"no FILLERS value fits these parameters' converters: {sorted(unfit)}"


def test_filled_urls_resolve_to_their_own_view():
    for endpoint in endpoints():
        urls = urls_for(endpoint, StubWorld)
        assert urls, endpoint
        for url in urls:
            match = resolve(url)
            assert match.func is endpoint.callback or match.url_name == endpoint.name, (url, endpoint)


def test_the_enumerator_covers_the_public_doors():
    names = {e.name for e in endpoints()}
    for expected in ("home", "column", "category", "detail", "attachment", "disclosure-list", "disclosure-detail"):
        assert expected in names, expected
    assert not any(e.template.startswith("admin/") for e in endpoints())


def test_each_column_of_the_records_and_one_empty_column_per_domain_are_crawled():
    class Columns(StubWorld):
        columns = {"domain": "projects", "category": "approval_result"}

    route = next(e for e in endpoints() if e.template == "column/{domain}/{category}/")
    urls = urls_for(route, Columns)
    domains = [d.code for d in all_domains()]
    assert "/column/projects/approval_result/" in urls
    for code in domains:
        assert f"/column/{code}/{UNKNOWN}/" in urls
        in_domain = [u for u in urls if u.startswith(f"/column/{code}/") and not u.endswith(f"/{UNKNOWN}/")]
        assert len(in_domain) == (2 if code == "projects" else 1), in_domain
    assert [u for u in urls if u.startswith(f"/column/{UNKNOWN}/")] == [f"/column/{UNKNOWN}/{category_codes()[0]}/"]
    assert len(urls) == 2 * len(domains) + 2


def test_a_method_a_route_does_not_route_is_asked_once():
    submit = next(e for e in endpoints() if e.template == "api/v1/disclosures/{pk}/submit/")
    assert routed_methods(submit) == {"post"}
    detail = next(e for e in endpoints() if e.name == "detail")
    assert routed_methods(detail) is None  # a function: every method on every URL


def test_the_browsable_twin_is_read_for_every_record_and_written_once():
    detail = next(e for e in endpoints() if e.template == "api/v1/disclosures/{pk}/")
    twin = next(e for e in endpoints() if e.template == "api/v1/disclosures/{pk}.{format}/")
    assert not is_browsable_twin(detail) and is_browsable_twin(twin)
    assert asked_methods(twin, 0) == asked_methods(detail, 0) == {"get", "post", "patch", "delete"}
    assert asked_methods(twin, 3) == {"get"}
    assert asked_methods(detail, 3) == routed_methods(detail) & {"get", "post", "patch", "delete"}
    world = StubWorld()
    world.columns, world.tags, world.private_index_nos = {}, ["QxTagZ"], []
    assert query_variants_for("/api/v1/disclosures.api/", twin, world) == [""]


def test_a_method_a_django_view_refused_on_its_first_url_is_not_asked_again(monkeypatch):
    from django.http import HttpResponse, HttpResponseNotAllowed
    from django.views.decorators.http import require_GET

    view = require_GET(lambda request, pk: HttpResponse(f"record {pk}"))
    route = Endpoint("things/{pk}/", (Param("pk", "[0-9]+"),), "thing", view)
    monkeypatch.setattr(sys.modules[__name__], "endpoints", lambda: [route])
    asked = []

    class Recorder:
        def __getattr__(self, method):
            def ask(url, *args, **kwargs):
                asked.append((method, url))
                answer = HttpResponse(b"ok") if method == "get" else HttpResponseNotAllowed(["GET"])
                return answer
            return ask

    list(crawl(Recorder(), StubWorld()))
    first, later = "/things/1/", "/things/0/"
    assert {m for m, url in asked if url.startswith(first)} == {"get", "post", "patch", "delete"}
    assert [m for m, url in asked if url.startswith(later)] == ["get"]  # nor `?format=json`: a Django view
    assert (("get", first + "?format=json")) in asked


def test_no_django_view_reads_the_format_parameter():
    """`?format=` is asked of a Django route's first URL only (`query_variants_for`): no view reads it."""
    from pathlib import Path

    from django.conf import settings

    readers = re.compile(r"""(GET|query_params)(\.get\(|\[)["']format["']""")
    sources = [
        path for top in Path(settings.BASE_DIR).iterdir() if top.is_dir() and not top.name.startswith((".", "var"))
        for path in top.rglob("*.py") if "tests" not in path.parts
    ]
    assert len(sources) > 100, len(sources)
    assert readers.search('fmt = request.GET.get("format")') and readers.search("request.query_params['format']")
    found = [str(path) for path in sources if readers.search(path.read_text(encoding="utf-8"))]
    assert not found, found


def test_an_office_files_text_is_read_for_markers():
    from django.http import HttpResponse

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as office:
        office.writestr("xl/sharedStrings.xml", "<sst><si><t>QxDraftZTitle</t></si></sst>" + "填充" * 200)
    assert b"QxDraftZTitle" not in archive.getvalue()  # compressed: invisible to a plain search
    assert b"QxDraftZTitle" in body_of(HttpResponse(archive.getvalue()))


def test_the_guard_catches_an_unknown_parameter():
    from django.urls import path, re_path

    strange = path("reports/<uuid:report_id>/", lambda request: None)
    assert list(walk([strange]))[0].param_names == ("report_id",)
    assert "report_id" not in FILLERS
    with pytest.raises(UnfillablePattern):
        list(walk([re_path(r"^files/(?P<name>(a|b)+)/$", lambda request: None)]))
    wrong_type = path("disclosures/<uuid:pk>/", lambda request: None)
    assert not candidates(list(walk([wrong_type]))[0].params[0], StubWorld)


# ---------------------------------------------------------------------------------------------
# The world of records
# ---------------------------------------------------------------------------------------------
@dataclass
class World:
    record_ids: list[int]
    tokens: list[str]
    columns: dict[str, str]  # {"domain": ..., "category": ...} of the records
    tags: list[str]  # one per record, in its title and 文号; every marker starts with one
    private: dict[str, str]  # marker -> what it is
    public: dict[str, str]
    private_tokens: list[str]
    public_tokens: list[str]
    private_index_nos: list[str]
    snapshot: dict
    other_ids: list[int]  # ids of other private things asked through the `pk` routes (a draft report)


def pdf(marker: str) -> SimpleUploadedFile:
    # A PDF that opens (the personal-data check blocks files it cannot read), the marker in its bytes.
    return pdf_upload(f"{marker}.pdf", comment=f"{marker}File")


def advance(org, record: Disclosure, status: str) -> Disclosure:
    if status == "draft":
        return record
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    if status == "submitted":
        return record
    if status == "rejected":
        return services.disclosure_reject(disclosure=record, actor=org.reviewer, comment=f"{record.doc_no}Reject")
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    if status == "reviewed":
        return record
    jurisdiction = org.department.jurisdiction
    jurisdiction.auto_publish = status != "approved"
    jurisdiction.save()
    try:
        services.disclosure_sign(disclosure=record, actor=org.signer)
    finally:
        jurisdiction.auto_publish = True
        jurisdiction.save()
    if status in ("approved", "published"):
        return record
    if status == "withdrawn":
        return services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason=f"{record.doc_no}Reason")
    raise ValueError(status)


def build(org, tag: str, status: str, **fields) -> Disclosure:
    """A record whose title, body, doc_no and attachment carry markers derived from `tag`."""
    record = draft(
        org.clerk,
        org.department,
        title=f"泄露测试{tag}Title",
        body=f"<p>正文{tag}Body</p>",
        doc_no=tag,
        keywords=f"{tag}Keyword",
        **fields,
    )
    services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf(tag))
    advance(org, record, status)
    record.refresh_from_db()
    return record


def make_world(org) -> World:
    private: dict[str, str] = {}
    public: dict[str, str] = {}
    records: dict[str, Disclosure] = {}

    def every_marker(tag):
        return {f"{tag}{part}": f"{tag} {part}" for part in ("Title", "Body", "Keyword", "File", "Reject")}

    for status in ("draft", "submitted", "reviewed", "approved", "rejected"):
        tag = f"Qx{status.capitalize()}Z"
        records[status] = build(org, tag, status)
        private.update(every_marker(tag))

    tag = "QxNotDisclosedZ"
    records["not_disclosed"] = build(
        org, tag, "published", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason=f"{tag}ModeReason"
    )
    private.update(every_marker(tag))
    private[f"{tag}ModeReason"] = "不予公开理由"

    tag = "QxOnRequestZ"
    records["on_request"] = build(
        org, tag, "published", disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方合法权益"
    )
    private.update({f"{tag}Body": "依申请公开正文", f"{tag}File": "依申请公开附件"})
    public[f"{tag}Title"] = "依申请公开的标题是公开的"

    tag = "QxWithdrawnZ"
    records["withdrawn"] = build(org, tag, "withdrawn")
    private.update({f"{tag}Body": "撤回记录正文", f"{tag}File": "撤回记录附件"})
    public.update({f"{tag}Title": "撤回记录的标题（撤回公告）", f"{tag}Reason": "撤回理由"})

    tag = "QxPublishedZ"
    # The published record links its 政策解读 to a draft: the link must not reveal the draft.
    records["published"] = build(org, tag, "published", interpretation=records["draft"])
    public.update({f"{tag}Title": "已发布标题", f"{tag}Body": "已发布正文", f"{tag}File": "已发布附件"})

    tag = "QxCorrectionZ"
    correction = services.disclosure_start_correction(
        disclosure=records["published"], actor=org.clerk, change_note=f"{tag}Note"
    )
    services.disclosure_update(
        disclosure=correction,
        actor=org.clerk,
        expected_version=correction.lock_version,
        title=f"更正{tag}Title",
        body=f"<p>{tag}Body</p>",
    )
    services.attachment_add(disclosure=correction, actor=org.clerk, uploaded_file=pdf(tag))
    records["correction"] = correction
    private.update({f"{tag}Title": "更正草稿标题", f"{tag}Body": "更正草稿正文", f"{tag}Note": "更正说明",
                    f"{tag}File": "更正草稿附件"})

    tag = "QxOtherDeptZ"
    other = draft(org.other_clerk, org.other_department, title=f"{tag}Title", body=f"<p>{tag}Body</p>")
    services.attachment_add(disclosure=other, actor=org.other_clerk, uploaded_file=pdf(tag))
    records["other_department"] = other
    private.update({f"{tag}Title": "其他单位草稿标题", f"{tag}Body": "其他单位草稿正文", f"{tag}File": "其他单位草稿附件"})

    private.update(information_requests(org))
    # A draft annual report (年度报告): its page, like a draft record's, is nobody's business.
    report = AnnualReport.objects.create(department=org.department, year=2025, overview="QxDraftReportZOverview")
    private["QxDraftReportZOverview"] = "未发布的年度报告"
    # An internal 通报 and a 督办单 (/tongbao/<pk>/ shows only published circulars; notices are never public).
    circular = supervision_services.circular_generate(actor=org.office, start=TEST_TODAY.replace(day=1), end=TEST_TODAY)
    supervision_services.circular_edit(circular=circular, actor=org.office, title="QxCircularZTitle",
                                       intro="QxCircularZIntro")
    supervision_services.circular_issue(circular=circular, actor=org.office)
    notice = supervision_services.notice_issue(actor=org.office, department=org.department,
                                               required_action="QxNoticeZAction", others=[("other", "QxNoticeZItem")])
    private.update({"QxCircularZTitle": "内部通报标题", "QxCircularZIntro": "内部通报正文",
                    "QxNoticeZAction": "督办要求", "QxNoticeZItem": "督办事项"})

    assert records["published"].status == Status.PUBLISHED
    assert records["approved"].status == Status.APPROVED
    assert records["rejected"].status == Status.DRAFT and records["rejected"].rejection_comment
    assert records["withdrawn"].status == Status.WITHDRAWN

    columns = {"domain": "projects", "category": "approval_result"}
    assert all((r.domain, r.category) == tuple(columns.values()) for r in records.values())
    public_ids = {records["published"].pk}
    attachments = list(Attachment.objects.select_related("disclosure"))
    assert len(attachments) == len(records)
    return World(
        record_ids=sorted(r.pk for r in records.values()),
        # the draft annual report's page (/nianbao/<pk>/), the internal circular's (/tongbao/<pk>/) are asked too
        other_ids=sorted({report.pk, circular.pk, notice.pk}),
        columns=columns,
        tags=sorted({marker.split("Z")[0] + "Z" for marker in [*private, *public]}),
        tokens=[a.token for a in attachments],
        private=private,
        public=public,
        private_tokens=[a.token for a in attachments if a.disclosure_id not in public_ids],
        public_tokens=[a.token for a in attachments if a.disclosure_id in public_ids],
        private_index_nos=[records["not_disclosed"].index_no],
        snapshot=snapshot(exclude_department=org.other_department),
    )


def information_requests(org) -> dict[str, str]:
    """依申请公开: requests in the states a citizen's data passes through, markers in every part of them.
    Nothing about a request may appear on a public page, feed, sitemap, search, export or API (issue 19);
    its applicant reads it on the status page only, with the 查询码."""
    from django.utils import timezone

    from inforequests import services as requests

    today = timezone.localdate()
    applicant = {"applicant_type": "person", "id_type": "id_card", "phone": "13912345678", "info_form": "electronic",
                 "delivery": "email", "email": "qx@example.com"}
    online, _code = requests.request_create(
        addressed_to=org.office_department, channel="online", applicant_name="QxOnlineRequestZName",
        id_number="QxOnlineRequestZIdNumber", description="QxOnlineRequestZAsk", **applicant,
    )
    handled, _code = requests.request_create(
        addressed_to=org.office_department, channel="in_person", actor=org.office, received_on=today,
        applicant_name="QxRequestZName", id_number="QxRequestZIdNumber", description="QxRequestZAsk", **applicant,
    )
    requests.request_assign(request=handled, actor=org.office, department=org.department, on=today)
    requests.consultation_send(request=handled, actor=org.clerk, kind="third_party", party="QxRequestZParty", on=today)
    answered, _code = requests.request_create(
        addressed_to=org.office_department, channel="in_person", actor=org.office, received_on=today,
        applicant_name="QxAnsweredRequestZName", id_number="QxAnsweredRequestZIdNumber",
        description="QxAnsweredRequestZAsk", **applicant,
    )
    requests.request_assign(request=answered, actor=org.office, department=org.department, on=today)
    requests.reply_submit(request=answered, actor=org.clerk, reply_type="disclosed", text="QxAnsweredRequestZReply")
    requests.reply_issue(request=answered, actor=org.reviewer, on=today)
    markers = {}
    for tag in ("QxOnlineRequestZ", "QxRequestZ", "QxAnsweredRequestZ"):
        markers.update({f"{tag}Name": "申请人姓名", f"{tag}IdNumber": "身份证明号码", f"{tag}Ask": "申请内容"})
    markers.update({"QxRequestZParty": "征求意见的第三方", "QxAnsweredRequestZReply": "答复内容"})
    assert (online.status, handled.status, answered.status) == ("unconfirmed", "handling", "answered")
    return markers


def snapshot(exclude_department=None) -> dict:
    records = Disclosure.objects.order_by("pk")
    attachments = Attachment.objects.order_by("pk")
    if exclude_department is not None:
        records = records.exclude(department=exclude_department)
        attachments = attachments.exclude(disclosure__department=exclude_department)
    return {
        "records": list(records.values_list("pk", "status", "lock_version", "title")),
        "attachments": list(attachments.values_list("pk", "disclosure_id", "token")),
    }


# ---------------------------------------------------------------------------------------------
# Crawling
# ---------------------------------------------------------------------------------------------
def body_of(response) -> bytes:
    """The response's bytes; for an Office file (.xlsx, .docx: a zip of XML parts) the parts unzipped, so
    that a marker in a spreadsheet's or a document's text is seen as in any other body."""
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return content


def query_variants(url: str, endpoint: Endpoint, world: World) -> list[str]:
    variants = ["", "?format=json"]
    if {"pk", "token"} & set(endpoint.param_names):
        return variants
    if any(f"/{value}/" not in url for name, value in world.columns.items() if name in endpoint.param_names):
        return variants  # a column none of the records is in: the plain page is enough
    # Lists and search: try to coax a private record out with every filter the pages accept. The
    # search terms are the records' tags (in their titles and 文号), which are not markers themselves,
    # so a page echoing the search box does not count as a leak.
    variants += [f"?q={tag}" for tag in world.tags]
    variants += [f"?status={status}" for status in Status.values]
    variants += [f"?disclosure_mode={mode}" for mode in DisclosureMode.values]
    variants += [f"?index_no={index_no}" for index_no in world.private_index_nos]
    variants += [f"?q={index_no}" for index_no in world.private_index_nos]
    variants += ["?page=2", "?ordering=due_on", "?ordering=-created_at", "?format=json&page_size=1000"]
    return variants


# Documents made from the code alone (the API root, the OpenAPI schema and its page, robots.txt): no
# query string brings a record into them, so they are asked without the lists' filters.
FROM_CODE_ALONE = {"api-root", "api-schema", "api-docs", "robots"}


def query_variants_for(url: str, endpoint: Endpoint, world: World, index: int = 0) -> list[str]:
    variants = query_variants(url, endpoint, world)
    if endpoint.name in FROM_CODE_ALONE:
        variants = variants[:2]
    if "fmt" in endpoint.param_names and not url.endswith(f".{EXPORT_FORMATS[0]}"):
        # An export's formats write one queryset (disclosures/exports.py `export_response`): the filters
        # that could bring a private row into it are tried on the first format, the others are read plain.
        variants = variants[:2]
    if index and not is_drf(endpoint):
        # `?format=` is DRF's content negotiation; no Django view reads it (test_no_django_view_reads_format):
        # it is asked of a route's first URL, where a view that began to read it would show.
        variants = [variant for variant in variants if variant != "?format=json"]
    if is_browsable_twin(endpoint):
        # The browsable API page renders the route's own response, which the plain route has already
        # been asked for with every filter, plus forms whose choices no query string changes.
        variants = [""]
    return variants


def is_drf(endpoint: Endpoint) -> bool:
    """A Django REST framework view (its `as_view()` keeps the class in `cls`)."""
    return hasattr(endpoint.callback, "cls")


def is_browsable_twin(endpoint: Endpoint) -> bool:
    """DRF's `.api` twin of a route (FILLERS["format"]): its browsable HTML page."""
    return "format" in endpoint.param_names


def asked_methods(endpoint: Endpoint, index: int) -> set[str]:
    """The methods asked of the route's `index`-th URL. A method the route does not route is asked of
    its first URL only: the refusal comes before any record. The browsable twin of a route is asked
    with GET for every URL (its page and its forms, as each record's visitor sees them) and with the
    writing methods once: a write answers in the twin what the plain route answered (asked with every
    record), in HTML."""
    routed = routed_methods(endpoint)
    if index == 0:
        return {"get", "post", "patch", "delete"}
    if is_browsable_twin(endpoint):
        # Its GET of a route that routes no GET (a workflow action) is the refusal page, asked once.
        return {"get"} if routed is None or "get" in routed else set()
    return {m for m in ("get", "post", "patch", "delete") if routed is None or m in routed}


def crawl(client: Client, world: World, family: str | None = None):
    """Yield (method, url, status, body) for every enumerated URL (of one door family), asked with the
    methods of `asked_methods`. A plain Django view does not say which methods it routes: a method it
    refused with 405 on its first URL (`require_GET` and its kin answer before the view reads anything)
    is not asked of its other URLs."""
    for endpoint in endpoints():
        if family is not None and family_of(endpoint) != family:
            continue
        refused: set[str] = set()
        for index, url in enumerate(urls_for(endpoint, world)):
            asked = asked_methods(endpoint, index) - refused
            if "get" in asked:
                for query in query_variants_for(url, endpoint, world, index):
                    response = client.get(url + query)
                    yield "GET", url + query, response.status_code, body_of(response)
            for method in ("post", "patch", "delete"):  # (PUT goes where PATCH goes)
                if method in asked:
                    response = getattr(client, method)(url, {"comment": "匿名操作", "title": "篡改"},
                                                       content_type="application/json")
                    if index == 0 and response.status_code == 405 and routed_methods(endpoint) is None:
                        refused.add(method)
                    yield method.upper(), url, response.status_code, body_of(response)


@pytest.fixture(scope="module")
def world_image(module_image):
    return module_image(make_world, files=True)  # built once for the module, attachments included


@pytest.fixture
def world(restore_image, world_image):
    return restore_image(world_image)


VISITORS = ["anonymous", "other_department_clerk"]


def visitor_client(who: str, org) -> Client:
    client = Client()
    if who == "other_department_clerk":
        # A clerk of another department is staff, but not of the department that owns the secrets.
        client.force_login(org.other_clerk)
    return client


# What each family must show of the public records, so that a family that reached none of them fails.
SEES_PUBLIC = {
    "pages": {"QxPublishedZTitle", "QxPublishedZBody", "QxPublishedZFile", "QxOnRequestZTitle",
              "QxWithdrawnZTitle", "QxWithdrawnZReason"},
    "api-record": {"QxPublishedZTitle", "QxPublishedZBody", "QxOnRequestZTitle"},
    "api": {"QxPublishedZTitle", "QxOnRequestZTitle"},
    "columns": {"QxPublishedZTitle", "QxOnRequestZTitle"},
    "feeds": {"QxPublishedZTitle"},
    "domains": set(),  # the subjects' pages: the records here are about no subject
}


def test_every_route_is_in_one_family_and_every_family_is_checked():
    found = {family_of(endpoint) for endpoint in endpoints()}
    assert found == set(FAMILIES) == set(SEES_PUBLIC)
    assert set().union(*SEES_PUBLIC.values()) == {
        "QxPublishedZTitle", "QxPublishedZBody", "QxPublishedZFile", "QxOnRequestZTitle", "QxWithdrawnZTitle",
        "QxWithdrawnZReason",
    }


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("who", VISITORS)
def test_no_unpublished_record_or_attachment_is_reachable(world, who, family, org, settings):
    # The API's, the exports' and the search's rate limits would answer most of the crawl with 429, which
    # shows nothing and so proves nothing (the limits have their own tests).
    settings.PORTAL_API_ANON_RATE = settings.PORTAL_API_USER_RATE = ""
    settings.PORTAL_EXPORT_RATE = settings.PORTAL_SEARCH_RATE = ""
    client = visitor_client(who, org)
    private = dict(world.private)
    if who == "other_department_clerk":
        # Their own department's draft is theirs to see.
        private = {m: d for m, d in private.items() if not m.startswith("QxOtherDeptZ")}
    private_tokens = set(world.private_tokens)
    if who == "other_department_clerk":
        private_tokens = {
            a.token for a in Attachment.objects.filter(token__in=private_tokens).exclude(
                disclosure__title__startswith="QxOtherDeptZ"
            )
        }

    private_tags = [t for t in world.tags if not any(m.startswith(t) for m in world.public)]
    if who == "other_department_clerk":
        private_tags.remove("QxOtherDeptZ")
    assert "QxDraftZ" in private_tags and "QxOnRequestZ" not in private_tags

    leaks = []
    throttled = []
    seen_public = set()
    requested_tokens = set()
    downloads = 0
    requests = 0
    for method, url, status, body in crawl(client, world, family):
        requests += 1
        if status == 429:
            throttled.append(f"{method} {url}")
        for marker, what in private.items():
            if marker.encode() in body:
                leaks.append(f"{method} {url} → {status}: {what} ({marker})")
        for tag in private_tags:  # in the 文号 of wholly private records
            if tag.encode() in body and tag not in url:  # not the echo of a search for it
                leaks.append(f"{method} {url} → {status}: 未公开记录的文号 {tag}")
        for index_no in world.private_index_nos:
            if index_no.encode() in body and index_no not in url:  # not the echo of the query
                leaks.append(f"{method} {url} → {status}: 不予公开记录的索引号 {index_no}")
        for token in private_tokens:
            if f"/attachments/{token}/" in url and method == "GET":
                requested_tokens.add(token)
                if status == 200:
                    leaks.append(f"{method} {url} → 200: 未公开的附件可以下载")
        if status == 200 and b"%PDF-1.4" in body:
            downloads += 1
        seen_public.update(marker for marker in world.public if marker.encode() in body)

    assert not leaks, "private content reachable:\n" + "\n".join(leaks[:50])
    # The crawl really covered what it claims, so this test can fail.
    assert requests > 60, requests
    assert not throttled, throttled[:5]
    assert seen_public >= SEES_PUBLIC[family], SEES_PUBLIC[family] - seen_public
    if family == "pages":  # the attachment doors
        assert requested_tokens == private_tokens
        assert downloads >= 1  # the published record's attachment downloads
    # Nothing was changed by any of those requests (the other clerk may change their own draft).
    assert snapshot(exclude_department=org.other_department) == world.snapshot
    assert Disclosure.objects.count() == len(world.record_ids)


def test_the_published_attachment_downloads_and_the_private_ones_do_not(world, client):
    for token in world.public_tokens:
        response = client.get(f"/attachments/{token}/")
        assert response.status_code == 200
        assert b"QxPublishedZFile" in body_of(response)
    for token in world.private_tokens:
        assert client.get(f"/attachments/{token}/").status_code == 404


def test_the_markers_would_be_found_if_they_leaked(world, client, org):
    """Sanity check of the crawler's eyes: staff of the owning department do see the private markers."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(org.clerk)
    content = api.get("/api/v1/disclosures/", {"page_size": 100}).content
    assert b"QxDraftZTitle" in content
    assert b"QxSubmittedZBody" in content
