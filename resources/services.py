"""
Writes of the public-resource domain. The admin, the API, the demo and the tasks call these; nothing
else saves a `ResourceMatter`, a `MatterRecord` or a `BlacklistEntry`.

A matter is saved by the kernel's subject service (`disclosures.subject_services`, as `MATTER` in
`apps.py` declares it), with the rules only a matter has (`MatterService`).

A matter's records (出让公告, 采购结果, 合同…) are rows of the kernel's publication table:
`matter_record_create` drafts one through `disclosures.services.disclosure_create_about` (so its
deadline, workflow and permissions follow its own department, 谁批准谁公开), checks it belongs to the
matter's area, and links it — in one transaction. Allocation results that name people attach a
kernel name list (`namelists.services.name_list_save`) to that record; there is no second mechanism.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.caching import public_pages_changed
from core.exceptions import ActionForbidden, TransitionNotAllowed
from disclosures import services as disclosure_services
from disclosures.models import Disclosure
from disclosures.subject_policies import related_jurisdiction_ids
from disclosures.subject_services import (
    SubjectService,
    audit_value,
    audit_write,
    changes_between,
    check_fields,
    copy_fields,
    editable_fields,
)
from disclosures.subjects import subject_service
from organizations.models import Department, Jurisdiction

from . import policies
from .apps import MATTER
from .choices import ResourceArea
from .models import BlacklistEntry, MatterRecord, ResourceMatter

DOMAIN = "resources"

# What a clerk or the office fills in; the rest is the model's own bookkeeping.
BLACKLIST_FIELDS = editable_fields(BlacklistEntry, bookkeeping=frozenset({"created_at"}))

# The 标准目录 entry a record of each item type is filed under by default (the clerk may choose another
# entry of the same area). Keys are (area, item_type).
ITEM_ENTRIES: dict[tuple[str, str], str] = {
    (ResourceArea.HOUSING, "construction_plan"): "resources-housing-plan",
    (ResourceArea.HOUSING, "annual_plan"): "resources-housing-annual-plan",
    (ResourceArea.HOUSING, "plan_progress"): "resources-housing-progress",
    (ResourceArea.HOUSING, "rural_renovation"): "resources-housing-rural-renovation",
    (ResourceArea.HOUSING, "rural_policy"): "resources-housing-rural-renovation",
    (ResourceArea.HOUSING, "rural_standard"): "resources-housing-rural-renovation",
    (ResourceArea.HOUSING, "rural_identification"): "resources-housing-rural-renovation",
    (ResourceArea.HOUSING, "rural_funds"): "resources-housing-rural-renovation",
    (ResourceArea.HOUSING, "rural_result"): "resources-housing-rural-renovation",
    (ResourceArea.HOUSING, "credit_list"): "resources-housing-blacklist",
    (ResourceArea.HOUSING, "allocation_policy"): "resources-housing-allocation-policy",
    (ResourceArea.HOUSING, "allocation_targets"): "resources-housing-allocation-applicants",
    (ResourceArea.HOUSING, "housing_supply"): "resources-housing-allocation-stock",
    (ResourceArea.HOUSING, "allocation_process"): "resources-housing-allocation-applicants",
    (ResourceArea.HOUSING, "allocation_result"): "resources-housing-allocation-result",
    (ResourceArea.LAND_USE_RIGHT, "policy"): "resources-land-use-right-policy",
    (ResourceArea.LAND_USE_RIGHT, "approval"): "resources-land-use-right-approval",
    (ResourceArea.LAND_USE_RIGHT, "supply_plan"): "resources-land-use-right-supply-plan",
    (ResourceArea.LAND_USE_RIGHT, "notice"): "resources-land-use-right-notice",
    (ResourceArea.LAND_USE_RIGHT, "result"): "resources-land-use-right-result",
    (ResourceArea.LAND_USE_RIGHT, "performance"): "resources-land-use-right-performance",
    (ResourceArea.LAND_USE_RIGHT, "acceptance"): "resources-land-use-right-performance",
    (ResourceArea.LAND_USE_RIGHT, "credit_list"): "resources-land-use-right-blacklist",
    (ResourceArea.MINING_RIGHT, "approval"): "resources-mining-right-approval",
    (ResourceArea.MINING_RIGHT, "notice"): "resources-mining-right-notice",
    (ResourceArea.MINING_RIGHT, "result"): "resources-mining-right-result",
    (ResourceArea.MINING_RIGHT, "credit_list"): "resources-mining-right-blacklist",
    (ResourceArea.PROCUREMENT, "catalogue"): "resources-procurement-catalogue",
    (ResourceArea.PROCUREMENT, "threshold"): "resources-procurement-limit",
    (ResourceArea.PROCUREMENT, "agency_list"): "resources-procurement-agencies",
    (ResourceArea.PROCUREMENT, "notice"): "resources-procurement-notice",
    (ResourceArea.PROCUREMENT, "documents"): "resources-procurement-documents",
    (ResourceArea.PROCUREMENT, "result"): "resources-procurement-result",
    (ResourceArea.PROCUREMENT, "contract"): "resources-procurement-contract",
    (ResourceArea.PROCUREMENT, "complaint"): "resources-procurement-complaint",
    (ResourceArea.PROCUREMENT, "penalty"): "resources-procurement-penalty",
    (ResourceArea.PROCUREMENT, "performance"): "resources-procurement-performance",
    (ResourceArea.PROCUREMENT, "acceptance"): "resources-procurement-performance",
    (ResourceArea.PROCUREMENT, "assessment"): "resources-procurement-assessment",
    (ResourceArea.PROCUREMENT, "credit_record"): "resources-procurement-penalty",
    (ResourceArea.PROCUREMENT, "credit_list"): "resources-procurement-blacklist",
    (ResourceArea.STATE_PROPERTY, "decision"): "resources-state-property-decision",
    (ResourceArea.STATE_PROPERTY, "project"): "resources-state-property-listing",
    (ResourceArea.STATE_PROPERTY, "result"): "resources-state-property-result",
    (ResourceArea.STATE_PROPERTY, "audit"): "resources-state-property-audit",
    (ResourceArea.STATE_PROPERTY, "credit_list"): "resources-state-property-blacklist",
    (ResourceArea.CONSTRUCTION_BIDDING, "approval"): "resources-construction-bidding-notice",
    (ResourceArea.CONSTRUCTION_BIDDING, "prequalification"): "resources-construction-bidding-notice",
    (ResourceArea.CONSTRUCTION_BIDDING, "tender_notice"): "resources-construction-bidding-notice",
    (ResourceArea.CONSTRUCTION_BIDDING, "candidates"): "resources-construction-bidding-candidates",
    (ResourceArea.CONSTRUCTION_BIDDING, "award"): "resources-construction-bidding-result",
    (ResourceArea.CONSTRUCTION_BIDDING, "contract"): "resources-construction-bidding-contract",
    (ResourceArea.CONSTRUCTION_BIDDING, "penalty"): "resources-construction-bidding-penalty",
}

# Records that name people (保障性住房分配对象/结果, 农村危房改造对象): they carry a kernel name list.
NAME_LIST_ITEM_TYPES: dict[str, frozenset[str]] = {
    ResourceArea.HOUSING: frozenset(
        {"allocation_targets", "allocation_result", "rural_renovation", "rural_identification", "rural_result"}
    ),
}


def takes_name_list(record: Disclosure) -> bool:
    """Whether the record is an allocation result that names people (and so may carry a name list)."""
    item_type = (record.details or {}).get("item_type", "")
    return record.domain == DOMAIN and item_type in NAME_LIST_ITEM_TYPES.get(record.category, ())


# ---------------------------------------------------------------------------------------------
# Matters
# ---------------------------------------------------------------------------------------------
class MatterService(SubjectService):
    """The kernel's subject service, with where a matter's 主管部门 and linked project may be, and a matter
    with records keeping its 领域."""

    def clean(self, matter: ResourceMatter) -> None:
        """The model's rules, plus where the 主管部门 and a linked project may be."""
        errors: dict[str, list[str]] = {}
        try:
            matter.full_clean()
        except ValidationError as exc:
            errors = exc.message_dict
        if matter.department_id and matter.jurisdiction_id and "department" not in errors:
            department = Department.objects.select_related("jurisdiction").get(pk=matter.department_id)
            jurisdiction = Jurisdiction.objects.get(pk=matter.jurisdiction_id)
            ancestors = set()
            ancestor = jurisdiction
            while ancestor is not None:
                ancestors.add(ancestor.pk)
                ancestor = ancestor.parent
            if department.jurisdiction_id not in ancestors:
                errors["department"] = ["主管部门应属于事项所在区划或其上级。"]
            if matter.project_id and "project" not in errors:
                project = matter.project
                if project.jurisdiction_id not in related_jurisdiction_ids(jurisdiction):
                    errors["project"] = [f"重大建设项目“{project.name}”不在事项所在区划（{jurisdiction.name}）或其上下级。"]
        if errors:
            raise ValidationError(errors)

    def check_update(self, matter: ResourceMatter, before: dict) -> None:
        if matter.area != before.get("area", matter.area) and matter.record_links.exists():
            raise ValidationError({"area": ["该事项已有信息记录，不能更改领域。"]})


SERVICE = subject_service(MATTER)
MATTER_FIELDS = SERVICE.fields


def matter_create(*, actor, **fields) -> ResourceMatter:
    """Register an allocation matter. The actor must be a clerk of its department or the office over it."""
    return SERVICE.create(actor=actor, **fields)


def matter_update(*, actor, matter: ResourceMatter, **fields) -> ResourceMatter:
    """Change a matter's facts, rights checked as `SubjectService.update` says."""
    return SERVICE.update(actor=actor, subject=matter, **fields)


@transaction.atomic
def matter_record_create(*, actor, matter: ResourceMatter, department: Department, **disclosure_fields) -> Disclosure:
    """Draft a record (公告, 结果, 合同…) about `matter`, owned by `department`.

    The department need not be the matter's 主管部门 (the 公共资源交易中心 publishes the 出让结果 of a
    自然资源局 matter) but must be of the matter's jurisdiction or above/below it. The record's category
    is the matter's area (the default when neither category nor 标准目录事项 is given); its
    `details.item_type` says which step of the chain it is. Raises the kernel's field errors and saves
    nothing when anything is wrong.
    """
    SERVICE.check_record_department(matter, department)
    entry = disclosure_fields.get("catalogue_entry")
    if entry is None:
        disclosure_fields.setdefault("category", matter.area)
    category = entry.category if entry is not None else disclosure_fields["category"]
    domain = entry.domain if entry is not None else disclosure_fields.get("domain", DOMAIN)
    if domain == DOMAIN and category != matter.area:
        field = "catalogue_entry" if entry is not None else "category"
        raise ValidationError({field: [_wrong_area_message(matter, category)]})

    def link(record: Disclosure) -> None:
        if record.category != matter.area:
            raise ValidationError({"category": [_wrong_area_message(matter, record.category)]})
        MatterRecord.objects.create(matter=matter, disclosure=record)

    return disclosure_services.disclosure_create_about(
        actor=actor, department=department, subject_domain=DOMAIN, link=link, **disclosure_fields
    )


def _wrong_area_message(matter: ResourceMatter, category: str) -> str:
    label = dict(ResourceArea.choices).get(category, category)
    return f"“{matter.name}”是{matter.get_area_display()}事项，信息记录必须属于该领域，不能是“{label}”。"


# ---------------------------------------------------------------------------------------------
# 黑名单
# ---------------------------------------------------------------------------------------------
def _check_blacklist(actor, department: Department | None) -> None:
    if actor is None:
        return
    if not policies.can_manage_blacklist(actor, department_id=getattr(department, "pk", None)):
        name = department.name if department is not None else "该单位"
        raise ActionForbidden(f"您不是“{name}”的经办人，也不是其上级政务公开办，不能维护该单位录入的黑名单。")


def _entry_audit(*, actor, action: str, entry: BlacklistEntry, changes: dict) -> None:
    audit_write(
        actor=actor,
        action=f"blacklist.{action}",
        data={"entry": entry.pk, "subject_name": entry.subject_name, "uscc": entry.uscc, "changes": changes},
    )


@transaction.atomic
def blacklist_entry_create(*, actor, **fields) -> BlacklistEntry:
    """List a bad actor. Validated by the model (GB 32100 信用代码, period end after start); only a
    clerk of the 录入单位 or the office over it may enter it."""
    check_fields(fields, BLACKLIST_FIELDS)
    if fields.get("repaired_on") or fields.get("repair_reason"):
        raise ValidationError({"repaired_on": ["新录入的名单不能同时信用修复移出：请先录入，再在该记录上填写提前移出。"]})
    entry = BlacklistEntry(**fields)
    if fields.get("department") is None:
        entry.full_clean()  # names the missing 录入单位 before any right is checked
    _check_blacklist(actor, fields.get("department"))
    entry.full_clean()
    entry.save()
    public_pages_changed()
    _entry_audit(actor=actor, action="create", entry=entry, changes={n: [None, audit_value(getattr(entry, n))] for n in fields})
    return entry


@transaction.atomic
def blacklist_entry_update(*, actor, entry: BlacklistEntry, **fields) -> BlacklistEntry:
    """Change an entry in force (e.g. a corrected 文号, a period shortened on review, an early removal by 信用修复
    with its date and reason). An entry taken off the list (期满 or 信用修复) is kept as it was: list the subject
    again with a new entry."""
    check_fields(fields, BLACKLIST_FIELDS)
    current = BlacklistEntry.objects.select_for_update().select_related("department").get(pk=entry.pk)
    _check_blacklist(actor, current.department)
    if current.expired_at is not None or current.repaired_on is not None:
        raise TransitionNotAllowed("该名单记录已移出（期满或信用修复），不能再修改；如需重新列入，请新增一条记录。")
    before = {name: getattr(current, name) for name in fields}
    department_id = current.department_id
    for name, value in fields.items():
        setattr(current, name, value)
    if current.department_id is not None and current.department_id != department_id:
        _check_blacklist(actor, current.department)
    repaired = current.repaired_on is not None  # 信用修复: off the public list now, kept as it was (49号 六)
    current.full_clean()
    current.save()
    public_pages_changed()
    changes = changes_between(before, current)
    if changes:
        _entry_audit(actor=actor, action="repair" if repaired else "update", entry=current, changes=changes)
    copy_fields(current, entry)
    return entry


def blacklist_entry_repair(*, actor, entry: BlacklistEntry, repaired_on: datetime.date, reason: str) -> BlacklistEntry:
    """信用修复: take a 严重失信主体名单 entry off the public list before its period ends, with the date and the reason
    (国办发〔2020〕49号 六: 失信主体纠正失信行为、消除不良影响后 may leave the list early). Kept, never deleted."""
    return blacklist_entry_update(actor=actor, entry=entry, repaired_on=repaired_on, repair_reason=reason)


def blacklist_expire(*, today: datetime.date | None = None) -> int:
    """Take entries whose listing period has ended (ends_on before today) off the public list: set
    `expired_at` once, in one UPDATE whatever their number; never delete. Running it again changes
    nothing. Returns how many entries were taken off."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        count = BlacklistEntry.objects.filter(expired_at__isnull=True, ends_on__lt=today).update(expired_at=now)
        if count:
            audit_write(
                actor=None,
                action="blacklist.expire",
                data={"today": today.isoformat(), "count": count},
            )
            public_pages_changed()  # expired entries leave the cached public list as this commits
    return count
