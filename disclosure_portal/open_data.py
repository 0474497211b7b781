"""
The catalogue of the portal's open data: every public dataset with its downloads, API doors and feed,
declared once here, at the top of the layers, where every app may be named (like the URLconf).

Three documents are made from it (disclosure_portal/views.py), so they cannot disagree:
- `/data.json`, the machine-readable catalogue harvesters read: the Project Open Data metadata schema
  (DCAT-US 1.1, https://resources.data.gov/resources/dcat-us/), itself a profile of W3C DCAT;
- `/api/v1/`, the API root: every endpoint with its Chinese title;
- `/open-data/`, the 开放数据 page for citizens, with the download links.

What is listed is what the public pages show — published 主动公开 information, masked name lists — never
a draft or personal data (《政府信息公开条例》第十五条、第三十二条; seed 001 §五 去标识化). Each dataset's
`modified` comes from the data (the last publication, correction, withdrawal or edit of what it holds),
never from the clock; a dataset whose data carries no date has none.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from annualreports.models import AnnualReport, ReportStatus
from core.domains import Domain, all_domains, get_domain
from core.identifiers import tag_uri
from core.models import AuditEntry
from disclosures.selectors import last_public_changes
from resources.models import BlacklistEntry
from resources.selectors import public_blacklist
from supervision.choices import CircularStatus
from supervision.models import Circular

from . import bulk

# The exports of a public list (disclosures/exports.py): format → (label, DCAT format, media type).
EXPORT_FORMATS = {
    "csv": ("CSV", "CSV", "text/csv"),
    "xlsx": ("Excel", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("JSON", "JSON", "application/json"),
}
OCDS = "https://standard.open-contracting.org/1.1/en/schema/release_package/"
OC4IDS = "https://standard.open-contracting.org/infrastructure/0.9/en/reference/package/"
BULK_STANDARDS = {"OCDS 1.1": OCDS, "OC4IDS 0.9": OC4IDS}  # the formats of bulk.py's package files


def _later(*moments) -> datetime.datetime | None:
    found = [moment for moment in moments if moment is not None]
    return max(found) if found else None


def _start_of(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class Changes:
    """When each dataset last changed, read from the data (a few aggregate queries, each run once)."""

    _subjects: dict = field(default_factory=dict)

    @cached_property
    def _records(self) -> dict[str, datetime.datetime]:
        return last_public_changes()

    def records(self, dataset: "Dataset") -> datetime.datetime | None:
        return self._records.get(dataset.domain)

    def all_records(self, dataset: "Dataset | None" = None) -> datetime.datetime | None:
        return _later(*self._records.values())

    def subjects(self, dataset: "Dataset") -> datetime.datetime | None:
        """A domain's subjects (projects, matters, programmes): their records, or an edit of a public subject."""
        if dataset.domain not in self._subjects:
            public = get_domain(dataset.domain).public_subject_queryset()
            edited = public.order_by().aggregate(last=Max("updated_at"))["last"] if public is not None else None
            self._subjects[dataset.domain] = _later(self._records.get(dataset.domain), edited)
        return self._subjects[dataset.domain]

    def blacklist(self, dataset: "Dataset") -> datetime.datetime | None:
        """An entry entering the public list (entered, or its 列入日期 reached) or leaving it (期满移出, or 信用修复)."""
        entered = public_blacklist().order_by().aggregate(created=Max("created_at"), starts=Max("starts_on"))
        left = BlacklistEntry.objects.aggregate(last=Max("expired_at"), repaired=Max("repaired_on"))
        return _later(entered["created"], _start_of(entered["starts"]), left["last"], _start_of(left["repaired"]))

    def catalogue(self, dataset: "Dataset") -> datetime.datetime | None:
        """The last change of an entry, from the catalogue's audit trail (catalogue/services.py)."""
        return AuditEntry.objects.filter(action__startswith="catalogue.").aggregate(last=Max("at"))["last"]

    def annual_reports(self, dataset: "Dataset") -> datetime.datetime | None:
        return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).aggregate(last=Max("published_at"))["last"]

    def circulars(self, dataset: "Dataset") -> datetime.datetime | None:
        return Circular.objects.filter(status=CircularStatus.PUBLISHED).aggregate(last=Max("published_at"))["last"]


@dataclass(frozen=True)
class Endpoint:
    """One API door, as the API root lists it."""

    key: str  # the route's name in the API ("resource-matters")
    url_name: str
    title: str
    description: str
    public: bool = True  # False: staff only (a signed-in session or a token)
    required: tuple[str, ...] = ()  # query parameters without which it answers 400
    standard: str = ""  # the open standard its documents follow, and its schema
    conforms_to: str = ""


ENDPOINTS = (
    Endpoint("disclosures", "disclosures-api:disclosure-list", "信息公开记录",
             "三个重点领域已公开的政府信息，可按领域、类别、部门、区划、年份、关键词等筛选（与网页上的筛选相同）。"),
    Endpoint("statistics", "api-statistics", "年度公开统计",
             "某一年各领域、各类别公开的信息条数，按时公开和逾期公开的条数。", required=("year",)),
    Endpoint("projects", "projects-api:project-list", "重大建设项目", "有已公开信息的重大建设项目及其基本情况。"),
    Endpoint("project-statistics", "projects-api:project-statistics", "重大建设项目统计",
             "某一年重大建设项目信息的公开统计。", required=("year",)),
    Endpoint("projects-oc4ids", "projects-api:project-oc4ids-package", "重大建设项目开放数据（OC4IDS）",
             "全部公开的重大建设项目，按基础设施开放合同数据标准（OC4IDS 0.9）的项目包，不分页。",
             standard="OC4IDS 0.9", conforms_to=OC4IDS),
    Endpoint("resource-matters", "resources-api:resource-matter-list", "公共资源配置事项",
             "住房保障、国有土地使用权出让、矿业权出让、政府采购、国有产权交易、工程建设项目招标投标事项。"),
    Endpoint("resource-matters-ocds", "resources-api:resource-matter-ocds-package", "采购和招标投标开放数据（OCDS）",
             "全部公开的政府采购、工程建设项目招标投标事项，按开放合同数据标准（OCDS 1.1）的发布包，不分页。",
             standard="OCDS 1.1", conforms_to=OCDS),
    Endpoint("blacklist", "resources-api:blacklist-entry-list", "严重失信主体名单和红名单",
             "严重失信主体名单（国办发〔2020〕49号；原骗取公共资源等不良行为“黑名单”）和守信激励对象名单（红名单）中"
             "列入期内的记录，按 list_type 区分；自然人姓名已去标识化。"),
    Endpoint("welfare-programmes", "welfare-api:programme-list", "社会公益事业建设项目",
             "脱贫攻坚、教育、基本医疗卫生、公共文化体育、社会救助和社会福利、环境保护、灾害事故救援领域的项目（工作）。"),
    Endpoint("welfare-public-bodies", "welfare-api:public-body-list", "公共企事业单位和慈善组织",
             "政务公开办推动其公开社会公益事业信息的公共企事业单位、慈善组织，及每年的信息公开评估结果。"),
    Endpoint("catalogue", "catalogue-api:catalogue-entry-list", "标准目录",
             "重点领域信息公开标准目录：应当公开的事项、内容、依据、时限、主体、渠道、对象和方式。"),
    Endpoint("annual-reports", "annualreports-api:annualreport-list", "政府信息公开工作年度报告",
             "已发布的年度报告及其统计表格。"),
    Endpoint("circulars", "supervision-api:circular-list", "政务公开通报", "已公开的政务公开工作通报及各部门的数据。"),
    Endpoint("jurisdictions", "organizations-api:jurisdiction-list", "行政区划", "本平台的行政区划（州、县、乡镇）。"),
    Endpoint("departments", "organizations-api:department-list", "部门", "负责公开信息的部门（责任单位）。"),
    Endpoint("info-requests", "inforequests-api:inforequest-list", "依申请公开办理（工作人员）",
             "工作人员办理的政府信息公开申请；需登录或令牌。", public=False),
    Endpoint("supervision-notices", "supervision-api:notice-list", "督办单（工作人员）",
             "本单位的督办单及其答复；需登录或令牌。", public=False),
    Endpoint("token", "api-token", "获取令牌（工作人员）",
             "用工作人员账号换取 API 令牌（POST）；部门系统用令牌起草、报送信息。", public=False),
)
ENDPOINT_BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


@dataclass(frozen=True)
class Api:
    """A dataset's API door: an endpoint, narrowed by a query string (`year` is filled from the data)."""

    key: str
    query: str = ""

    @property
    def endpoint(self) -> Endpoint:
        return ENDPOINT_BY_KEY[self.key]


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    keywords: tuple[str, ...]
    landing: tuple[str, tuple] | None = None  # the page (URL name, args)
    exports: tuple[str, tuple] | None = None  # the export view (URL name, args before the format)
    apis: tuple[Api, ...] = ()
    feed: tuple[str, tuple] | None = None  # its Atom feed
    modified: Callable[[Changes, "Dataset"], datetime.datetime | None] | None = None  # what dates it
    domain: str = ""  # the domain whose records it holds, for `records`/`subjects`

    @property
    def identifier(self) -> str:
        return tag_uri(f"dataset/{self.key}")


def domain_dataset(domain: Domain) -> Dataset:
    """A domain's column: its public records (every domain app declares one in the registry)."""
    return Dataset(
        key=f"{domain.code}-disclosures",
        title=f"{domain.label}政府信息",
        description=(
            f"“{domain.label}”栏目主动公开的政府信息：索引号、标题、{domain.category_label}、发文机构、文号、"
            "成文日期、信息形成日期、发布日期、公开方式和网页地址。草稿、审核中、已撤回和不予公开的信息不在其中。"
        ),
        keywords=(domain.short_label, "政府信息公开", "重点领域", *domain.categories.labels),
        landing=("disclosures:column", (domain.code,)),
        exports=("disclosures:column-export", (domain.code,)),
        apis=(Api("disclosures", f"domain={domain.code}"),),
        feed=("disclosures:feed-atom-domain", (domain.code,)),
        modified=Changes.records,
        domain=domain.code,
    )


# What the domain apps add to their columns, and the registers beside them. A domain missing from the
# registry (an app left out of INSTALLED_APPS) takes its datasets with it.
SUBJECT_DATASETS = (
    Dataset(
        key="projects", domain="projects", modified=Changes.subjects,
        title="重大建设项目库",
        description="有已公开信息的重大建设项目：项目名称、投资项目统一代码、行业领域、项目阶段、管理方式、投资类型、"
        "总投资、项目法人、建设地点、所属区划、牵头部门、开工和竣工日期；另有按 OC4IDS 0.9 的项目包。",
        keywords=("重大建设项目", "投资项目", "项目审批", "OC4IDS"),
        landing=("projects:list", ()), exports=("projects:export", ()),
        apis=(Api("projects"), Api("projects-oc4ids")),
    ),
    Dataset(
        key="resource-matters", domain="resources", modified=Changes.subjects,
        title="公共资源配置事项",
        description="住房保障、国有土地使用权出让、矿业权出让、政府采购、国有产权交易、工程建设项目招标投标事项："
        "事项名称、领域、项目（交易）编号、所属区划、主管部门、金额和最近发布日期；政府采购和工程建设项目招标投标另有"
        "按 OCDS 1.1 的发布包。涉及个人的分配名单不在其中。",
        keywords=("公共资源配置", "政府采购", "招标投标", "土地出让", "OCDS"),
        landing=("resources:list", ()), exports=("resources:export", ()),
        apis=(Api("resource-matters"), Api("resource-matters-ocds")),
    ),
    Dataset(
        key="blacklist", domain="resources", modified=Changes.blacklist,
        title="严重失信主体名单（原公共资源配置领域“失信黑名单”）",
        description="严重失信主体名单（国办发〔2020〕49号；2018年实施方案称骗取公共资源等不良行为“黑名单”）中列入期内的主体："
        "名称（自然人去标识化）、统一社会信用代码、领域、认定依据、失信行为、处理决定及文号、决定机关、告知日期、陈述申辩、"
        "列入和移出日期。期满或经信用修复移出的不再公开。",
        keywords=("严重失信主体名单", "黑名单", "公共资源配置", "信用"),
        landing=("resources:blacklist", ()), exports=("resources:blacklist-export", ()),
        apis=(Api("blacklist"),),
    ),
    Dataset(
        key="welfare-programmes", domain="welfare", modified=Changes.subjects,
        title="社会公益事业建设项目",
        description="有已公开信息的社会公益事业项目（工作）：名称、领域、所属区划、主管部门、资金来源、资金总额、"
        "实施期限、监督举报电话和最近发布日期。",
        keywords=("社会公益事业", "脱贫攻坚", "教育", "医疗卫生", "社会救助"),
        landing=("welfare:list", ()), exports=("welfare:export", ()),
        apis=(Api("welfare-programmes"),),
    ),
)

REGISTERS = (
    Dataset(
        key="statistics", modified=Changes.all_records,
        title="年度公开统计",
        description="每年各领域、各类别公开的政府信息条数，其中按时公开和逾期公开的条数（按发布年份，year 参数必填）。",
        keywords=("统计", "按时公开率"),
        apis=(Api("statistics", "year={year}"),),
    ),
    Dataset(
        key="catalogue", modified=Changes.catalogue,
        title="重点领域信息公开标准目录",
        description="应当公开的事项、内容、依据、时限、主体、渠道、对象和方式，按领域和类别编排。",
        keywords=("标准目录", "公开事项", "公开时限"),
        landing=("catalogue:index", ()),
        apis=(Api("catalogue"),),
    ),
    Dataset(
        key="annual-reports", modified=Changes.annual_reports,
        title="政府信息公开工作年度报告",
        description="各部门已发布的政府信息公开工作年度报告，含主动公开、依申请公开和复议诉讼情况统计表。",
        keywords=("年度报告", "年报", "政府信息公开工作"),
        landing=("annualreports:list", ()),
        apis=(Api("annual-reports"),),
    ),
    Dataset(
        key="circulars", modified=Changes.circulars,
        title="政务公开通报",
        description="已公开的政务公开工作通报，含各部门按时公开、逾期和督办答复情况。",
        keywords=("通报", "督办", "政务公开"),
        landing=("supervision:circulars", ()),
        apis=(Api("circulars"),),
    ),
    Dataset(
        key="jurisdictions",
        title="行政区划",
        description="本平台覆盖的行政区划（州、县、乡镇）及其上下级关系。",
        keywords=("行政区划",),
        apis=(Api("jurisdictions"),),
    ),
    Dataset(
        key="departments",
        title="部门",
        description="负责公开政府信息的部门（责任单位）及其所属区划。",
        keywords=("部门", "责任单位"),
        apis=(Api("departments"),),
    ),
)


def datasets() -> list[Dataset]:
    """Every public dataset: each domain's column, what the domains add, then the registers."""
    columns = [domain_dataset(domain) for domain in all_domains()]
    subjects = [dataset for dataset in SUBJECT_DATASETS if get_domain(dataset.domain) is not None]
    return columns + subjects + list(REGISTERS)


def license_info() -> dict | None:
    """The open data's licence (settings.PORTAL_DATA_LICENSE_URL / _NAME), or None when none is stated."""
    if not settings.PORTAL_DATA_LICENSE_URL:
        return None
    return {"url": settings.PORTAL_DATA_LICENSE_URL, "name": settings.PORTAL_DATA_LICENSE_NAME}


# ---------------------------------------------------------------------------------------------
# The catalogue as one request sees it (absolute URLs on its host)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    """One way to get a dataset: a file to download, an API door or a feed."""

    kind: str  # "download", "api" or "feed"
    title: str
    url: str
    format: str  # as DCAT-US writes it: CSV, XLSX, JSON, API, Atom
    media_type: str
    standard: str = ""
    conforms_to: str = ""
    description: str = ""
    # A bulk file (disclosure_portal/bulk.py): its size in bytes, sha256, when it was written.
    byte_size: int | None = None
    checksum: str = ""
    modified: datetime.datetime | None = None


@dataclass(frozen=True)
class Entry:
    dataset: Dataset
    modified: datetime.datetime | None
    landing: str | None
    links: tuple[Link, ...]


def _api_links(request, api: Api, year: int | None) -> list[Link]:
    endpoint = api.endpoint
    query = api.query
    if "{year}" in query:
        if year is None:  # nothing published yet: no year to ask for
            return []
        query = query.format(year=year)
    url = request.build_absolute_uri(reverse(endpoint.url_name)) + (f"?{query}" if query else "")
    if endpoint.standard:  # a whole package in one document: a file to download
        return [Link("download", f"{endpoint.standard} 数据包", url, endpoint.standard, "application/json",
                     endpoint.standard, endpoint.conforms_to, endpoint.description)]
    return [Link("api", "接口", url, "API", "application/json", description=endpoint.description)]


def _bulk_links(request, build) -> dict[str, list[Link]]:
    """The files of the current bulk build (disclosure_portal/bulk.py) by dataset key."""
    links: dict[str, list[Link]] = {}
    if build is None:
        return links
    for name, entry in build.manifest["files"].items():
        links.setdefault(entry["dataset"], []).append(Link(
            "download", entry["title"], request.build_absolute_uri(reverse("bulk-file", args=[name])),
            entry["format"], entry["media_type"], conforms_to=BULK_STANDARDS.get(entry["format"], ""),
            description=f"每晚生成的全量文件，共 {entry['rows']} 条；校验值见 {name}.sha256。",
            byte_size=entry["bytes"], checksum=entry["sha256"], modified=datetime.datetime.fromisoformat(entry["modified"]),
        ))
    return links


def catalogue(request) -> list[Entry]:
    """Every dataset with its links on the request's host and when it last changed."""
    bulk_links = _bulk_links(request, bulk.current())
    changes = Changes()
    latest = changes.all_records()
    year = timezone.localtime(latest).year if latest else None
    entries = []
    for dataset in datasets():
        links: list[Link] = []
        if dataset.exports:
            name, args = dataset.exports
            for fmt, (label, dcat_format, media_type) in EXPORT_FORMATS.items():
                url = request.build_absolute_uri(reverse(name, args=[*args, fmt]))
                links.append(Link("download", label, url, dcat_format, media_type))
        for api in dataset.apis:
            links += _api_links(request, api, year)
        links += bulk_links.get(dataset.key, [])
        if dataset.feed:
            name, args = dataset.feed
            links.append(Link("feed", "订阅（Atom）", request.build_absolute_uri(reverse(name, args=args)),
                              "Atom", "application/atom+xml"))
        landing = request.build_absolute_uri(reverse(dataset.landing[0], args=dataset.landing[1])) if dataset.landing else None
        modified = dataset.modified(changes, dataset) if dataset.modified else None
        entries.append(Entry(dataset, modified, landing, tuple(links)))
    return entries


def api_endpoints(request) -> list[dict]:
    """The API root's list: every endpoint, public ones first, with its Chinese title."""
    return [
        {
            "key": endpoint.key,
            "title": endpoint.title,
            "url": request.build_absolute_uri(reverse(endpoint.url_name)),
            "description": endpoint.description,
            "login_required": not endpoint.public,
            "required_parameters": list(endpoint.required),
            **({"standard": endpoint.standard, "conforms_to": endpoint.conforms_to} if endpoint.standard else {}),
        }
        for endpoint in sorted(ENDPOINTS, key=lambda endpoint: not endpoint.public)
    ]

