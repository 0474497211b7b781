"""
Open data of major projects in OC4IDS 0.9 (Open Contracting for Infrastructure Data Standard).

- `project_to_oc4ids(project, records, ocds_packages)`: one project and its records as an OC4IDS
  project. Only public records (published, not 不予公开) are used, and their structured fields only when
  they are 主动公开 — whatever the caller passes. Organisations only: no person is named.
- `projects_package(projects_with_records, uri=..., published=..., ocds_by_project=...)`: OC4IDS projects
  in a package.
- `public_records_by_project(projects)`: the public records of many projects — one query;
  `ocds_packages_by_project(projects)`: the OCDS release packages other domains publish about them
  (the 工程建设项目招标投标 matters linked to a project).

A contracting process another domain publishes in OCDS is read from its OCDS releases, never
re-derived: its `id` and `summary.ocid` are the OCDS `ocid`, and its buyer, procuring entity, suppliers
and value are the OCDS ones (OC4IDS 0.9 schema, ContractingProcess.id: "If this contracting process has
been assigned an Open Contracting Identifier (OCID) … that OCID must be recorded here").

The mapping of the nine categories, the local extension (oc4ids_extension/: `approval`, and the codes
it adds to open codelists) and the `PORTAL_OC4IDS_PROJECT_PREFIX` setting are documented in
docs/oc4ids.md.
"""

import datetime
import hashlib
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from core.domains import ocds_packages_about
from disclosures.choices import DisclosureMode
from disclosures.models import Disclosure

from .choices import ApprovalMode, InvestorType, Phase, ProjectCategory, Sector
from .forms import BIDDING_STAGES, ApprovalResultDetails
from .models import Project

OC4IDS_VERSION = "0.9"
LANGUAGE = "zh"
CURRENCY = "CNY"
PROJECT_CODE_SCHEME = "CN-TZXMDM"  # 投资项目统一代码 (全国投资项目在线审批监管平台)
USCC_SCHEME = "CN-USCI"  # 统一社会信用代码
SECTOR_SCHEME = "CN-ZDXM-HYLY"  # this portal's 行业领域
APPROVAL_MODE_SCHEME = "CN-ZDXM-GLFS"  # 管理方式: 审批 / 核准 / 备案
INVESTOR_TYPE_SCHEME = "CN-ZDXM-TZLX"  # 投资类型: 政府投资 / 企业投资

# OC4IDS projectStatus (closed codelist).
STATUS = {
    Phase.PREPARATION: "preparation",
    Phase.CONSTRUCTION: "implementation",
    Phase.COMPLETED: "completion",
    Phase.OPERATION: "maintenance",
    Phase.TERMINATED: "cancelled",
}

# OC4IDS projectSector (open codelist); a sector with no fair equivalent has only its Chinese classification.
SECTORS = {
    Sector.AGRICULTURE: ["economy"],
    Sector.WATER: ["waterAndWaste"],
    Sector.ENERGY: ["energy"],
    Sector.TRANSPORT: ["transport"],
    Sector.POVERTY_RELOCATION: ["socialHousing"],
    Sector.SHANTYTOWN: ["socialHousing"],
    Sector.ECOLOGY: ["waterAndWaste"],
    Sector.INFORMATION: ["communications"],
    Sector.MATERIALS: ["economy"],
    Sector.MACHINERY: ["economy"],
    Sector.LIGHT_INDUSTRY: ["economy"],
    Sector.HIGH_TECH: ["economy"],
}

# documentType per category; the bidding ones follow the stage. Local codes: oc4ids_extension/codelists.
DOCUMENT_TYPES = {
    ProjectCategory.APPROVAL_SERVICE: "approvalServiceGuide",
    ProjectCategory.APPROVAL_RESULT: "approvalDecision",
    ProjectCategory.LAND_EXPROPRIATION: "landAndSettlementImpact",
    ProjectCategory.DESIGN_CHANGE: "designChange",
    ProjectCategory.CONSTRUCTION: "constructionParticipants",
    ProjectCategory.QUALITY_SAFETY: "qualitySafetySupervision",
    ProjectCategory.COMPLETION: "completionCertificate",
    ProjectCategory.SUPERVISION: "supervisionReport",
    ProjectCategory.PPP: "pppInformation",
}
BIDDING_DOCUMENT_TYPES = {
    "prequalification": "requestForQualification",
    "tender_notice": "tenderNotice",
    "candidates": "evaluationReports",
    "award": "awardNotice",
    "contract": "contractNotice",
    "performance": "physicalProgressReport",
    "penalty": "penaltyDecision",
    "approval_filing": "procurementPlan",  # 招标范围、招标方式、招标组织形式的审批核准备案
    "credit": "marketCreditInformation",
}
PROCUREMENT_METHODS = {"open": "open", "invited": "selective", "negotiated": "limited"}
PROCUREMENT_METHOD_LABELS = {"open": "公开招标", "invited": "邀请招标", "negotiated": "竞争性谈判", "other": "其他"}
AWARDED_STAGES = {"award", "contract", "performance", "penalty"}
# contractNature from the words of the lot or title (施工 / 设计 / 监理); none when they say nothing.
# 施工监理 is supervision of the works, not the works.
NATURE_WORDS = [("design", ("设计", "勘察")), ("construction", ("施工", "EPC", "总承包")), ("supervision", ("监理",))]
APPROVAL_RESULT_LABELS = {"approved": "同意", "conditional": "有条件同意", "rejected": "不予批准"}
QUALITY_RESULT_LABELS = {"passed": "合格", "failed": "不合格"}
APPROVAL_ITEM_LABELS = dict(ApprovalResultDetails.base_fields["approval_item"].choices)  # historic items too
BIDDING_STAGE_LABELS = dict(BIDDING_STAGES)


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------
def _date_time(value) -> str | None:
    """An OC4IDS date-time (local time, with its offset) from a datetime, a date or an ISO date string."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time())).isoformat(timespec="seconds")


def _value(amount) -> dict | None:
    if amount in (None, ""):
        return None
    amount = Decimal(str(amount))
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": CURRENCY}


def _pruned(value):
    """The value without empty members (None, "", [], {}): OC4IDS forbids empty strings, arrays and objects."""
    if isinstance(value, dict):
        items = ((key, _pruned(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (_pruned(item) for item in value) if item not in (None, "", [], {})]
    return value


def project_oc4ids_id(project: Project) -> str:
    return f"{settings.PORTAL_OC4IDS_PROJECT_PREFIX}-{project.code}"


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


# ---------------------------------------------------------------------------------------------
# Parties
# ---------------------------------------------------------------------------------------------
class _Parties:
    """The organisations of one project, one entry per name, each with every role it plays."""

    def __init__(self):
        self._by_name: dict[str, dict] = {}

    def add(self, name: str, role: str, *, party_id: str | None = None, identifier: dict | None = None
            ) -> dict | None:
        """Register `name` in `role`; return the OrganizationReference to it (None for a blank name)."""
        name = (name or "").strip()
        if not name:
            return None
        party = self._by_name.get(name)
        if party is None:
            digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
            party = {"id": party_id or f"org-{digest}", "name": name, "identifier": identifier, "roles": []}
            self._by_name[name] = party
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party["id"], "name": name}

    def as_list(self) -> list[dict]:
        return list(self._by_name.values())


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------
def _visible_details(record: Disclosure) -> dict:
    """Structured fields only of records whose content the public sees (主动公开)."""
    return (record.details or {}) if record.shows_content else {}


def _document(record: Disclosure) -> dict:
    details = _visible_details(record)
    if record.category == ProjectCategory.BIDDING:
        document_type = BIDDING_DOCUMENT_TYPES.get(details.get("stage"))
    elif record.category == ProjectCategory.COMPLETION and details.get("final_amount"):
        document_type = "financialAuditReport"  # 竣工财务决算审计 (OC4IDS documentType codelist)
    else:
        document_type = DOCUMENT_TYPES.get(record.category)
    label = ProjectCategory(record.category).label
    on_request = record.disclosure_mode == DisclosureMode.ON_REQUEST
    return {
        "id": record.index_no,
        "documentType": document_type,
        "title": record.title,
        "description": f"{label}；文号：{record.doc_no}" if record.doc_no else label,
        "url": _absolute(record.get_absolute_url()),
        "datePublished": _date_time(record.published_at),
        "format": "text/html",
        "language": LANGUAGE,
        "author": record.issuer_name,
        "accessDetails": f"{DisclosureMode.ON_REQUEST.label}：正文可依申请获取" if on_request else None,
    }


def _approval_milestone(record: Disclosure, details: dict, parties: _Parties) -> dict:
    item, result = details.get("approval_item"), details.get("result")
    met = result in ("approved", "conditional")
    return {
        "id": record.index_no,
        "title": APPROVAL_ITEM_LABELS.get(item, record.title),
        "type": "approval",
        "code": item,
        "description": record.title,
        "status": "met" if met else "notMet",
        "dateMet": _date_time(details.get("approved_on")) if met else None,
        "dateModified": _date_time(record.published_at),
        "approval": {
            "documentNumber": details.get("reply_no") or record.doc_no,
            "authority": parties.add(details.get("authority"), "approvalAuthority"),
            "date": _date_time(details.get("approved_on")),
            "result": result,
            "resultDetails": APPROVAL_RESULT_LABELS.get(result),
        },
    }


def _modification(record: Disclosure, details: dict, parties: _Parties) -> dict:
    rationale = details.get("reason", "")
    if details.get("basis"):
        rationale = f"{rationale}（变更依据：{details['basis']}）"
    return {
        "id": record.index_no,
        "date": _date_time(record.formed_on),
        "description": details.get("content"),
        "rationale": rationale,
        "type": "scope",
        "approval": {
            "documentNumber": record.doc_no,
            "authority": parties.add(details.get("approver"), "approvalAuthority"),
            "date": _date_time(record.written_on or record.formed_on),
            "resultDetails": details.get("result"),
        },
    }


def _nature(text: str) -> list[str]:
    text = text.replace("施工监理", "监理")
    return [nature for nature, words in NATURE_WORDS if any(word in text for word in words)]


def _contracting_process(project: Project, lot: str, records: list[Disclosure], parties: _Parties) -> dict:
    """One lot (标段) of the project's bidding records, from notice to contract. The procuring entity is the
    department that announced the tender (the 公共资源交易中心 that runs it), as in the OCDS releases of a
    招标投标 matter; the 项目法人 is the buyer (招标人)."""
    stages = {record.details["stage"]: record for record in records}  # the latest record of each stage wins
    notice = stages.get("tender_notice") or stages.get("prequalification")
    method = (notice or records[0]).details.get("method")
    awarded = [stages[stage] for stage in ("contract", "award") if stage in stages]
    suppliers = []
    for record in awarded:
        supplier = parties.add(record.details.get("winner"), "supplier")
        if supplier and supplier not in suppliers:
            suppliers.append(supplier)
    status = _process_status(project, bool(AWARDED_STAGES & stages.keys()))
    entity = None
    if notice is not None:
        department = notice.department
        entity = parties.add(department.name, "procuringEntity", party_id=f"dept-{department.pk}")
    return {
        "id": records[0].index_no,
        "summary": {
            "title": lot or records[0].title,
            "nature": _nature(lot + "".join(record.title for record in records)),
            "status": status,
            "tender": {
                "procurementMethod": PROCUREMENT_METHODS.get(method),
                "procurementMethodDetails": PROCUREMENT_METHOD_LABELS.get(method),
                "datePublished": _date_time(notice.published_at) if notice else None,
                "procuringEntity": entity,
            },
            "suppliers": suppliers,
            "contractValue": _value(awarded[0].details.get("amount")) if awarded else None,
            "documents": [_document(record) for record in records],
        },
    }


def _process_status(project: Project, awarded: bool) -> str:
    """contractingProcessStatus: closed with the project, else active once awarded, else pre-award."""
    if project.phase in (Phase.COMPLETED, Phase.OPERATION, Phase.TERMINATED):
        return "closed"
    return "active" if awarded else "pre-award"


def _merged_by_id(releases: list[dict], section: str) -> dict[str, dict]:
    """The objects of an array section (awards, contracts, parties) across releases, merged by id: what a
    later release says wins (OCDS 1.1 merging, "identifier merge")."""
    merged: dict[str, dict] = {}
    for release in releases:
        for item in release.get(section, []):
            merged[item["id"]] = {**merged.get(item["id"], {}), **item}
    return merged


def _ocds_contracting_process(project: Project, package: dict, parties: _Parties) -> dict:
    """A contracting process published in OCDS (a linked 招标投标 matter), summarised from its releases as
    the compiled release has them: the OCDS ocid, buyer, procuring entity, suppliers and value."""
    releases = package["releases"]
    ocid = releases[0]["ocid"]
    tender: dict = {}
    for release in releases:
        tender.update(release.get("tender", {}))
    awards, contracts = _merged_by_id(releases, "awards"), _merged_by_id(releases, "contracts")
    compiled_parties = _merged_by_id(releases, "parties")

    def party(reference: dict) -> dict:
        """The OCDS party in this project's parties, with every role it holds in the process."""
        found = compiled_parties[reference["id"]]
        for role in found["roles"]:
            ref = parties.add(found["name"], role, party_id=found["id"], identifier=found.get("identifier"))
        return ref

    for release in releases:
        if "buyer" in release:
            party(release["buyer"])
    active = [award for award in awards.values() if award.get("status") == "active"]
    suppliers = []
    for award in active:
        for supplier in award.get("suppliers", []):
            if (ref := party(supplier)) not in suppliers:
                suppliers.append(ref)
    values = [contract["value"] for contract in contracts.values() if "value" in contract]
    values = values or [award["value"] for award in active if "value" in award]
    documents = {}
    for release in releases:
        for section in [release.get("tender", {}), *release.get("awards", []), *release.get("contracts", [])]:
            for document in section.get("documents", []):
                documents.setdefault(document["id"], document)
    title, description = tender.get("title"), tender.get("description", "")
    announced = next((release["date"] for release in releases if "tender" in release["tag"]), None)
    return {
        "id": ocid,
        "summary": {
            "ocid": ocid,
            "externalReference": tender.get("id") if tender.get("id") != f"{ocid}-tender" else None,
            "title": title or ocid,
            "description": description,
            "nature": _nature(f"{title}{description}"),
            "status": _process_status(project, bool(active or contracts)),
            "tender": {
                "procurementMethod": tender.get("procurementMethod"),
                "procurementMethodDetails": tender.get("procurementMethodDetails"),
                "datePublished": announced,
                "costEstimate": tender.get("value"),
                "procuringEntity": party(tender["procuringEntity"]) if "procuringEntity" in tender else None,
            },
            "suppliers": suppliers,
            "contractValue": {"amount": sum(value["amount"] for value in values), "currency": CURRENCY} if values else None,
            "documents": list(documents.values()),
        },
        "releases": [
            {"id": release["id"], "tag": release["tag"], "date": release["date"], "url": package["uri"]}
            for release in releases
        ],
    }


def _contracting_processes(project, bidding, design_changes, parties, ocds_packages) -> list[dict]:
    lots: dict[str, list[Disclosure]] = {}
    for record in bidding:
        details = _visible_details(record)
        if details.get("stage"):
            lots.setdefault(details.get("lot", ""), []).append(record)
    processes = [_contracting_process(project, lot, records, parties) for lot, records in lots.items()]
    processes += [_ocds_contracting_process(project, package, parties) for package in ocds_packages]
    modifications = [_modification(record, _visible_details(record), parties) for record in design_changes]
    if modifications:
        # A major design change varies the works: it goes to the construction contract when there is one.
        works = [process for process in processes if "construction" in process["summary"]["nature"]]
        target = (works or processes or [None])[0]
        if target is None:
            target = {"id": design_changes[0].index_no, "summary": {"title": "重大设计变更（未关联招标投标信息）"}}
            processes.append(target)
        target["summary"]["modifications"] = modifications
    return processes


def _completion(project: Project, completions: list[Disclosure], design_changes: list[Disclosure]) -> dict | None:
    if project.phase not in (Phase.COMPLETED, Phase.OPERATION) and not completions:
        return None
    latest_first = [_visible_details(record) for record in reversed(completions)]
    filing = next((details for details in latest_first if details.get("filing_no")), {})
    accounts = next((details for details in latest_first if details.get("final_amount")), {})
    end_details = []
    if filing.get("accepted_on"):
        end_details.append(f"竣工验收时间 {filing['accepted_on']}")
    if filing.get("filing_no"):
        end_details.append(
            f"竣工验收备案 {filing['filing_no']}（{filing.get('filing_department', '')}，{filing.get('filed_on', '')}）"
        )
    if filing.get("delivered_on"):
        end_details.append(f"交付使用时间 {filing['delivered_on']}")
    quality = QUALITY_RESULT_LABELS.get(filing.get("quality_result"))
    changes = [content for record in design_changes if (content := _visible_details(record).get("content"))]
    return {
        "endDate": _date_time(project.completed_on or filing.get("accepted_on")),
        "endDateDetails": "；".join(end_details),
        "finalValue": _value(accounts.get("final_amount")),
        "finalValueDetails": (
            f"竣工财务决算金额；审计单位：{accounts['audit_unit']}" if accounts.get("audit_unit") else None
        ),
        "finalScope": f"工程质量竣工验收{quality}" if quality else None,
        "finalScopeDetails": "重大设计变更：" + "；".join(changes) if changes else None,
    }


# ---------------------------------------------------------------------------------------------
# Project and package
# ---------------------------------------------------------------------------------------------
def project_to_oc4ids(project: Project, records: Iterable[Disclosure], ocds_packages: Iterable[dict] = ()) -> dict:
    """The project as an OC4IDS 0.9 project, from its public records (any other record is ignored) and the
    OCDS release packages of its contracting processes that another domain publishes."""
    records = sorted((r for r in records if r.is_public), key=lambda r: (r.formed_on, r.published_at, r.pk))
    by_category: dict[str, list[Disclosure]] = {code: [] for code in ProjectCategory.values}
    for record in records:
        by_category.setdefault(record.category, []).append(record)

    parties = _Parties()
    parties.add(
        project.legal_entity, "buyer", party_id=f"{USCC_SCHEME}-{project.legal_entity_uscc}",
        identifier={"scheme": USCC_SCHEME, "id": project.legal_entity_uscc, "legalName": project.legal_entity},
    )
    public_authority = parties.add(
        project.lead_department.name, "publicAuthority", party_id=f"dept-{project.lead_department_id}"
    )

    milestones = [
        _approval_milestone(record, details, parties)
        for record in by_category[ProjectCategory.APPROVAL_RESULT]
        if (details := _visible_details(record))
    ]
    for record in by_category[ProjectCategory.LAND_EXPROPRIATION]:
        parties.add(_visible_details(record).get("authority"), "approvalAuthority")
    for record in by_category[ProjectCategory.CONSTRUCTION]:
        details = _visible_details(record)
        for field in ("designer_unit", "contractor_unit", "supervisor_unit"):
            parties.add(details.get(field), "supplier")
    for record in by_category[ProjectCategory.QUALITY_SAFETY]:
        parties.add(_visible_details(record).get("agency"), "qualitySupervisor")
    design_changes = [r for r in by_category[ProjectCategory.DESIGN_CHANGE] if _visible_details(r)]
    ocds_packages = list(ocds_packages)
    processes = _contracting_processes(
        project, by_category[ProjectCategory.BIDDING], design_changes, parties, ocds_packages
    )

    ocds_dates = [datetime.datetime.fromisoformat(release["date"]) for package in ocds_packages
                  for release in package["releases"]]
    updated = max([project.updated_at, *(r.published_at for r in records), *ocds_dates])
    document = {
        "id": project_oc4ids_id(project),
        "updated": _date_time(updated),
        "language": LANGUAGE,
        "identifiers": [{"id": project.code, "scheme": PROJECT_CODE_SCHEME}],
        "title": project.name,
        "description": project.description,
        "status": STATUS.get(project.phase),
        "sector": SECTORS.get(project.sector, []),
        "additionalClassifications": [
            {"scheme": SECTOR_SCHEME, "id": project.sector, "description": Sector(project.sector).label},
            {"scheme": APPROVAL_MODE_SCHEME, "id": project.approval_mode,
             "description": ApprovalMode(project.approval_mode).label},
            {"scheme": INVESTOR_TYPE_SCHEME, "id": project.investor_type,
             "description": InvestorType(project.investor_type).label},
        ],
        "publicAuthority": public_authority,
        "locations": [
            {
                "id": "1",
                "description": project.location,
                "address": {"region": project.jurisdiction.name, "countryName": "中国"},
            }
        ],
        "budget": {"amount": _value(project.total_investment)},
        "period": {"startDate": _date_time(project.started_on), "endDate": _date_time(project.completed_on)},
        "parties": parties.as_list(),
        "milestones": milestones,
        "contractingProcesses": processes,
        "completion": _completion(project, by_category[ProjectCategory.COMPLETION], design_changes),
        "documents": [_document(record) for record in records],
    }
    return _pruned(document)


def projects_package(
    projects_with_records: Iterable[tuple[Project, Iterable[Disclosure]]],
    *,
    uri: str,
    published: datetime.datetime | None = None,
    ocds_by_project: dict[int, list[dict]] | None = None,
) -> dict:
    """OC4IDS projects in a project package; `published` defaults to the latest `updated` among them
    (an on-demand package is dated by its contents, so the same data gives the same document).
    `ocds_by_project`: `ocds_packages_by_project()` of the same projects."""
    ocds_by_project = ocds_by_project or {}
    projects = [
        project_to_oc4ids(project, records, ocds_by_project.get(project.pk, ()))
        for project, records in projects_with_records
    ]
    if published is None:
        updated = (datetime.datetime.fromisoformat(project["updated"]) for project in projects)
        published = max(updated, default=timezone.now())
    return {
        "uri": uri,
        "version": OC4IDS_VERSION,
        "publishedDate": _date_time(published),
        "publisher": {"name": settings.PORTAL_PUBLISHER_NAME, "uri": settings.PORTAL_BASE_URL},
        "projects": projects,
    }


def public_records_by_project(projects: Iterable[Project]) -> dict[int, list[Disclosure]]:
    """The public records of each project, in life-cycle order — one query whatever their number."""
    records = (
        Disclosure.objects.public()
        .filter(project_link__project__in=[project.pk for project in projects])
        .select_related("department")
        .annotate(oc4ids_project_id=F("project_link__project_id"))
        .order_by("formed_on", "published_at", "pk")
    )
    grouped: dict[int, list[Disclosure]] = {}
    for record in records:
        grouped.setdefault(record.oc4ids_project_id, []).append(record)
    return grouped


def ocds_packages_by_project(projects: Iterable[Project]) -> dict[int, list[dict]]:
    """The OCDS release packages the other domains publish about these projects (the kernel's
    `ocds_packages_about`: a linked 工程建设项目招标投标 matter's), by project id — a few queries whatever
    their number."""
    return ocds_packages_about(Project, [project.pk for project in projects])
