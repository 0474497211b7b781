"""
Open Contracting Data Standard (OCDS 1.1) release packages of procurement and construction-bidding
matters (issue 8). The mapping is documented in docs/ocds.md.

One matter is one contracting process: `ocid = "<PORTAL_OCDS_OCID_PREFIX>-<matter id>"`. Each published
version of each of its public records (published, 主动公开) is one release, in publication order:
招标/采购公告 → `tender`, 中标候选人公示 → `award` (pending), 中标/采购结果 → `award` (active),
合同 → `contract`; a correction (更正, the record's next version) is the matching update or amendment
release. Drafts, records under review, withdrawn and 依申请公开/不予公开 records never appear, nor do
name lists (personal data) or anything the structured fields do not hold.

The parties (OCDS 1.1 schema reference, "Parties" and the partyRole codelist): the `buyer` is the 采购人
（招标人） — `ResourceMatter.purchaser_and_uscc()`, the 项目法人 of a linked major project — never the supervising
department nor the trading centre; the `tender.procuringEntity` is the department that announced the
tender (the 公共资源交易中心 or 集中采购机构 that runs it). Every release lists each party it names with all
the roles the party holds in the process so far, because OCDS Merge replaces a party's `roles` with the
latest release's: a winner listed as `supplier` only would lose its `tenderer` role in the compiled record.

The mapping functions are pure (no queries once the records' versions are prefetched:
`with_public_records()`), so every caller builds the same releases from the same records. The projects
domain reads them through the kernel (`packages_about`, `Domain.ocds_packages`) to cross-reference a
linked project's contracting process in OC4IDS.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from disclosures.choices import DisclosureMode, Status
from disclosures.models import Disclosure, DisclosureVersion

from .choices import ResourceArea
from .models import MatterRecord, ResourceMatter

OCDS_VERSION = "1.1"
OCDS_AREAS = (ResourceArea.PROCUREMENT, ResourceArea.CONSTRUCTION_BIDDING)
CURRENCY = "CNY"
USCC_SCHEME = "CN-USCI"  # 统一社会信用代码, as projects/oc4ids.py


def is_ocds_matter(matter: ResourceMatter) -> bool:
    return matter.area in OCDS_AREAS


def ocid_for(matter: ResourceMatter) -> str:
    """The contracting process id: the registered prefix and the matter's id (never reused)."""
    return f"{settings.PORTAL_OCDS_OCID_PREFIX}-{matter.pk}"


# ---------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------
def with_public_records(matters: QuerySet[ResourceMatter]) -> QuerySet[ResourceMatter]:
    """Matters with their public records (published, 主动公开; read them with `public_records_of()`), each
    with its published versions prefetched — three queries for any number of matters."""
    links = (
        MatterRecord.objects.filter(disclosure__status=Status.PUBLISHED, disclosure__disclosure_mode=DisclosureMode.ACTIVE)
        .select_related("disclosure__department")
        .defer("disclosure__body")  # bodies are on the record pages the releases link to
        .order_by("disclosure__published_at", "pk")
    )
    return matters.select_related("department", "project").prefetch_related(
        Prefetch("record_links", queryset=links, to_attr="ocds_links"),
        Prefetch("ocds_links__disclosure__versions", queryset=DisclosureVersion.objects.defer("body")),
    )


def public_records_of(matter: ResourceMatter) -> list[Disclosure]:
    """The matter's public records, from `with_public_records()`."""
    return [link.disclosure for link in matter.ocds_links]


# ---------------------------------------------------------------------------------------------
# Which record is which release
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """How one item type becomes a release: its section and the document type of the public record."""

    section: str  # planning / tender / tender_documents / candidates / award / contract
    document_type: str | None
    method: str | None = None  # procurementMethod the notice itself implies (招标投标: 公告 = 公开招标)
    method_details: str = ""


PROCUREMENT, BIDDING = ResourceArea.PROCUREMENT, ResourceArea.CONSTRUCTION_BIDDING

STEPS: dict[tuple[str, str], Step] = {
    (PROCUREMENT, "notice"): Step("tender", "tenderNotice"),
    (PROCUREMENT, "documents"): Step("tender_documents", "biddingDocuments"),
    (PROCUREMENT, "result"): Step("award", "awardNotice"),
    (PROCUREMENT, "contract"): Step("contract", "contractSigned"),
    (BIDDING, "approval"): Step("planning", None),
    # 招标投标法第十六条: a 招标公告 announces a 公开招标; after a 资格预审公告 only the prequalified may bid.
    (BIDDING, "prequalification"): Step("tender", "tenderNotice", "selective", "公开招标（资格预审）"),
    (BIDDING, "tender_notice"): Step("tender", "tenderNotice", "open", "公开招标"),
    (BIDDING, "candidates"): Step("candidates", "evaluationReports"),
    (BIDDING, "award"): Step("award", "awardNotice"),
    (BIDDING, "contract"): Step("contract", "contractNotice"),
}

# 采购方式 → OCDS method (closed codelist); the Chinese name goes to procurementMethodDetails.
# 邀请招标 invites qualified suppliers (selective); in 竞争性谈判/磋商 and 询价 the purchaser or the panel
# picks at least three suppliers (limited) — as projects/oc4ids.py maps them.
PROCUREMENT_METHODS = {
    "open": ("open", "公开招标"),
    "invited": ("selective", "邀请招标"),
    "competitive_negotiation": ("limited", "竞争性谈判"),
    "competitive_consultation": ("limited", "竞争性磋商"),
    "inquiry": ("limited", "询价"),
    "single_source": ("direct", "单一来源"),
}

# The structured field holding the supplier and the amount, per area.
SUPPLIER_FIELD = {PROCUREMENT: "supplier", BIDDING: "winner"}
AMOUNT_FIELD = {PROCUREMENT: "deal_amount", BIDDING: "amount"}

RANK_PREFIX = re.compile(
    r"^(第\s*[一二三四五六七八九十\d]+\s*(名|中标候选人)|中标候选人\s*[一二三四五六七八九十\d]+|[\d一二三四五六七八九十]+\s*[.、．)）])\s*[:：]?\s*"
)


def candidate_names(text: str) -> list[str]:
    """The ranked names of a 中标候选人 field ("第一名：甲公司；第二名：乙公司…"), in rank order."""
    names = []
    for part in re.split(r"[；;\n\r，,]+", text or ""):
        name = RANK_PREFIX.sub("", part.strip()).strip()
        if name:
            names.append(name)
    return names


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------
def _iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _iso_day(day: datetime.date | str | None) -> str | None:
    """A date (信息形成日期) as the start of that day, local time (OCDS dates are date-times)."""
    if not day:
        return None
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return _iso(timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)))


def _value(amount) -> dict | None:
    if amount in (None, ""):
        return None
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        return None
    return {"amount": int(number) if number == number.to_integral_value() else float(number), "currency": CURRENCY}


def _compact(data: dict) -> dict:
    """Drop empty values: OCDS omits what is not known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _organization_id(name: str) -> str:
    """A party id stable across releases. The structured fields hold names only (no 统一社会信用代码),
    so the id is derived from the name; it is not an identifier of the organization in any register."""
    return "org-" + hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:10]  # as projects/oc4ids.py


def buyer_party(matter: ResourceMatter) -> dict | None:
    """The `buyer`: the 采购人（招标人） (政府采购法第十五条; 招标投标法第八条), with its 统一社会信用代码 as the
    identifier when known — then its id is `CN-USCI-<code>`, the id the OC4IDS packages give a project's
    项目法人. None when the matter does not name it (OCDS leaves out what is not known)."""
    name, uscc = matter.purchaser_and_uscc()
    if not name:
        return None
    if not uscc:
        return {"id": _organization_id(name), "name": name}
    return {"id": f"{USCC_SCHEME}-{uscc}", "name": name, "identifier": {"scheme": USCC_SCHEME, "id": uscc, "legalName": name}}


@dataclass(frozen=True)
class Published:
    """One published version of a record: what the public saw (kernel `DisclosureVersion`)."""

    record: Disclosure
    number: int
    title: str
    published_at: datetime.datetime
    details: dict
    change_note: str
    formed_on: str | None  # 信息形成日期 of the first version: when the notice/result/contract was made


def published_versions(record: Disclosure) -> list[Published]:
    """The record's published versions (oldest first). A record published before versions were kept
    counts as its current content, once."""
    versions = sorted(record.versions.all(), key=lambda version: version.number)
    if not versions:
        formed_on = record.formed_on.isoformat() if record.formed_on else None
        return [Published(record, record.version or 1, record.title, record.published_at, record.details or {},
                          record.change_note, formed_on)]
    first_formed_on = versions[0].metadata.get("formed_on")
    return [
        Published(record, version.number, version.title, version.published_at,
                  version.metadata.get("details") or {}, version.change_note, first_formed_on)
        for version in versions
    ]


# ---------------------------------------------------------------------------------------------
# Releases
# ---------------------------------------------------------------------------------------------
@dataclass
class _Process:
    """What earlier releases of the matter established: whether the tender was announced, the pending
    candidates per 标段 and the active awards (the award a contract belongs to)."""

    matter: ResourceMatter
    ocid: str
    base_url: str
    tender_announced: bool = False
    procuring_entity: dict | None = None  # the department that announced the tender
    candidates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # 标段 -> [(award id, name)]
    active_awards: dict[tuple[str, str], str] = field(default_factory=dict)  # (标段, supplier) -> award id
    roles: dict[str, list[str]] = field(default_factory=dict)  # party id -> every role it holds so far


def _department_party(department) -> dict:
    return {"id": f"dept-{department.pk}", "name": department.name}  # as projects/oc4ids.py


class _Release:
    """One release under construction: its parties are collected as sections name them."""

    def __init__(self, process: _Process, version: Published):
        self.process, self.version = process, version
        self.parties: dict[str, dict] = {}
        self.data: dict = {
            "ocid": process.ocid,
            "id": release_id(process.ocid, version.record.pk, version.number),
            "date": _iso(version.published_at),
            "tag": [],
            "initiationType": "tender",
            "language": "zh",
        }
        buyer = buyer_party(process.matter)
        if buyer is not None:
            self.data["buyer"] = self.party(buyer["name"], "buyer", party_id=buyer["id"], identifier=buyer.get("identifier"))

    @property
    def is_correction(self) -> bool:
        return self.version.number > 1

    def party(self, name: str, *roles: str, party_id: str | None = None, identifier: dict | None = None) -> dict:
        """The reference to a party of this release; its roles are all it holds in the process so far."""
        party_id = party_id or _organization_id(name)
        held = self.process.roles.setdefault(party_id, [])
        held += [role for role in roles if role not in held]
        self.parties.setdefault(party_id, _compact({"id": party_id, "name": name, "identifier": identifier}))
        return {"id": party_id, "name": name}

    def document(self, step: Step) -> dict:
        record, version = self.version.record, self.version
        return _compact({
            "id": f"{record.index_no}-v{version.number}",
            "documentType": step.document_type,
            "title": version.title,
            "url": f"{self.process.base_url}{record.get_absolute_url()}",
            "datePublished": _iso(version.published_at),
            "format": "text/html",
            "language": "zh",
        })

    def amendments(self) -> list[dict]:
        """A correction's public change note, as the amendment of the section it corrects."""
        if not self.is_correction:
            return []
        record_pk, number = self.version.record.pk, self.version.number
        return [_compact({
            "id": f"{record_pk}-{number}",  # unique in the section whichever record it corrects
            "date": _iso(self.version.published_at),
            "rationale": self.version.change_note,
            "amendsReleaseID": release_id(self.process.ocid, record_pk, number - 1),
            "releaseID": self.data["id"],
        })]

    def finish(self) -> dict:
        parties = [{**party, "roles": list(self.process.roles[party_id])} for party_id, party in self.parties.items()]
        return {**self.data, "parties": parties}


def release_id(ocid: str, record_pk: int, number: int) -> str:
    """Stable and unique: the process, the record and the record's published version."""
    return f"{ocid}-{record_pk}-{number}"


def _tender_id(process: _Process) -> str:
    return process.matter.reference_no or f"{process.ocid}-tender"


def _planning(release: _Release, step: Step) -> None:
    release.data["tag"] = ["planningUpdate" if release.is_correction else "planning"]
    release.data["planning"] = {"documents": [release.document(step)]}


def _tender(release: _Release, step: Step) -> None:
    process, matter, details = release.process, release.process.matter, release.version.details
    if release.is_correction:
        tag = "tenderAmendment"
    else:
        tag = "tenderUpdate" if process.tender_announced else "tender"
    process.tender_announced = True
    tender = {"id": _tender_id(process), "documents": [release.document(step)], "amendments": release.amendments()}
    if step.section == "tender":
        if process.procuring_entity is None:
            process.procuring_entity = _department_party(release.version.record.department)
        entity = process.procuring_entity
        method, method_details = step.method, step.method_details
        if matter.area == PROCUREMENT:
            method, method_details = PROCUREMENT_METHODS.get(details.get("method"), (None, ""))
        description = matter.description
        if details.get("bid_section"):
            description = f"{description}\n标段：{details['bid_section']}".strip()
        budget = details.get("budget") if details.get("budget") is not None else matter.amount
        tender.update({
            "title": matter.name,
            "description": description,
            "status": "active",
            "value": _value(budget),
            "procurementMethod": method,
            "procurementMethodDetails": method_details,
            "procuringEntity": release.party(entity["name"], "procuringEntity", party_id=entity["id"]),
        })
    release.data["tag"] = [tag]
    release.data["tender"] = _compact(tender)


def _candidates(release: _Release, step: Step) -> None:
    process, record, details = release.process, release.version.record, release.version.details
    section = details.get("bid_section", "")
    awards, ranked = [], []
    for rank, name in enumerate(candidate_names(details.get("candidates", "")), start=1):
        award_id = f"{process.ocid}-award-{record.pk}-{rank}"
        ranked.append((award_id, name))
        awards.append(_compact({
            "id": award_id,
            "title": f"第{rank}名中标候选人" + (f"（{section}）" if section else ""),
            "status": "pending",
            "suppliers": [release.party(name, "tenderer")],
            "documents": [release.document(step)],
            "amendments": release.amendments(),
        }))
    process.candidates[section] = ranked
    release.data["tag"] = ["awardUpdate" if release.is_correction else "award"]
    release.data["awards"] = awards


def _award(release: _Release, step: Step) -> None:
    process, version = release.process, release.version
    area, details = process.matter.area, version.details
    section, supplier = details.get("bid_section", ""), details.get(SUPPLIER_FIELD[area], "")
    candidates = process.candidates.get(section, [])
    award_id = next((award_id for award_id, name in candidates if name == supplier), None)
    roles = ("tenderer", "supplier") if award_id else ("supplier",)
    award_id = award_id or f"{process.ocid}-award-{version.record.pk}"
    process.active_awards[(section, supplier)] = award_id
    awards = [_compact({
        "id": award_id,
        "title": version.title,
        "status": "active",
        "date": _iso_day(version.formed_on),
        "value": _value(details.get(AMOUNT_FIELD[area])),
        "suppliers": [release.party(supplier, *roles)] if supplier else [],
        "documents": [release.document(step)],
        "amendments": release.amendments(),
    })]
    # The other candidates of the 标段 were not chosen.
    awards += [
        {"id": other_id, "status": "unsuccessful", "suppliers": [release.party(name, "tenderer")]}
        for other_id, name in candidates
        if other_id != award_id
    ]
    release.data["tag"] = ["awardUpdate" if release.is_correction else "award"]
    release.data["awards"] = awards


def _contract(release: _Release, step: Step) -> None:
    process, version = release.process, release.version
    area, details = process.matter.area, version.details
    section, supplier = details.get("bid_section", ""), details.get(SUPPLIER_FIELD[area], "")
    value = _value(details.get(AMOUNT_FIELD[area]))
    award_id = process.active_awards.get((section, supplier)) or next(
        (award_id for (_section, name), award_id in process.active_awards.items() if name == supplier), None
    )
    supplier_ref = [release.party(supplier, "supplier")] if supplier else []
    if award_id is None:
        # The contract is public but its result is not (yet): the award the contract implies, so that
        # awardID points at an award of the process.
        award_id = f"{process.ocid}-award-{version.record.pk}"
        process.active_awards[(section, supplier)] = award_id
        release.data["awards"] = [_compact({"id": award_id, "status": "active", "value": value, "suppliers": supplier_ref})]
    release.data["tag"] = ["contractAmendment" if release.is_correction else "contract"]
    # Signed: no further activity takes place in the tender (tenderStatus codelist, `complete`).
    release.data["tender"] = {"id": _tender_id(process), "status": "complete"}
    release.data["contracts"] = [_compact({
        "id": f"{process.ocid}-contract-{version.record.pk}",
        "awardID": award_id,
        "title": version.title,
        "status": "active",
        "value": value,
        "dateSigned": _iso_day(version.formed_on),
        "documents": [release.document(step)],
        "amendments": release.amendments(),
    })]


SECTIONS = {
    "planning": _planning,
    "tender": _tender,
    "tender_documents": _tender,
    "candidates": _candidates,
    "award": _award,
    "contract": _contract,
}


def matter_releases(matter: ResourceMatter, records: list[Disclosure], *, base_url: str | None = None) -> list[dict]:
    """The OCDS releases of a procurement / construction-bidding matter from its public records, oldest
    first. `records` must be the matter's published 主动公开 records (others are skipped all the same);
    items that are not part of the contracting process (采购目录, 投诉处理, 处罚…) make no release."""
    if not is_ocds_matter(matter):
        return []
    base_url = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    process = _Process(matter=matter, ocid=ocid_for(matter), base_url=base_url)
    versions = [
        version
        for record in records
        if record.status == Status.PUBLISHED and record.disclosure_mode == DisclosureMode.ACTIVE
        for version in published_versions(record)
    ]
    versions.sort(key=lambda version: (version.published_at, version.record.pk, version.number))
    releases = []
    for version in versions:
        step = STEPS.get((matter.area, version.details.get("item_type")))
        if step is None:
            continue
        release = _Release(process, version)
        SECTIONS[step.section](release, step)
        releases.append(release.finish())
    return releases


def release_package(releases: list[dict], *, uri: str) -> dict:
    """An OCDS 1.1 release package; `publishedDate` is the newest release's date (the last change of
    its contents), or now when there is none."""
    dates = [datetime.datetime.fromisoformat(release["date"]) for release in releases]
    published = max(dates) if dates else timezone.now()
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _iso(published),
        "publisher": {"name": settings.PORTAL_PUBLISHER_NAME, "uri": settings.PORTAL_BASE_URL},
        "releases": releases,
    }


# ---------------------------------------------------------------------------------------------
# For other domains' open data (the kernel's `Domain.ocds_packages`)
# ---------------------------------------------------------------------------------------------
def packages_about(model_label: str, pks) -> dict[int, list[dict]]:
    """The OCDS release package of each 招标投标 matter linked to one of these major projects (what its
    `/ocds/` endpoint serves), by project id, oldest matter first — so that a project's OC4IDS data names
    the same process (`ocid`), buyer and values. Other models have none. Three queries at most."""
    if model_label != ResourceMatter._meta.get_field("project").related_model._meta.label:
        return {}
    matters = with_public_records(ResourceMatter.objects.filter(project__in=list(pks), area__in=OCDS_AREAS))
    base_url = settings.PORTAL_BASE_URL.rstrip("/")
    packages: dict[int, list[dict]] = {}
    for matter in matters.order_by("pk"):
        releases = matter_releases(matter, public_records_of(matter), base_url=base_url)
        if releases:
            uri = base_url + reverse("resources-api:resource-matter-ocds", args=[matter.pk])
            packages.setdefault(matter.project_id, []).append(release_package(releases, uri=uri))
    return packages
