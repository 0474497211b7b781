"""
Writes of the welfare domain. The admin, the API and the demo call these; nothing else saves a
`Programme`, a `ProgrammeRecord`, a `PublicBody` or its `PublicBodyEvaluation`.

A programme is saved by the kernel's subject service (`disclosures.subject_services`, as `PROGRAMME` in
`apps.py` declares it), with where its 主管部门 may be (`ProgrammeService`).

A programme's records are rows of the kernel's publication table: `programme_record_create` drafts
one through `disclosures.services.disclosure_create_about` (so its deadline, workflow and
permissions follow its own department), checks it against the programme (same area; 突发公共卫生事件
only may be urgent in 基本医疗卫生), and links it — in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from catalogue.models import CatalogueEntry
from core.caching import public_pages_changed
from core.exceptions import ActionForbidden
from disclosures import services as disclosure_services
from disclosures.models import Disclosure
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
from organizations.choices import Role
from organizations.models import Department, Jurisdiction
from organizations.selectors import user_scope

from .apps import PROGRAMME
from .choices import WelfareArea
from .models import Programme, ProgrammeRecord, PublicBody, PublicBodyEvaluation

DOMAIN = "welfare"

# Item types whose record carries a list of people (低保对象, 特困对象, 救助对象及数额, 资助学生):
# the list itself is the kernel's masked name list (namelists), attached to the draft record.
NAME_LIST_ITEMS = frozenset({"beneficiaries", "recipients", "student_aid", "identification"})

# In 基本医疗卫生 only 突发公共卫生事件 and 传染病疫情 are urgent (the kernel allows the whole area).
URGENT_HEALTH_ITEMS = frozenset({"public_health_emergency", "epidemic"})


# The 标准目录 entry an item type is filed under by default (the clerk may choose another of the area).
ITEM_ENTRIES = {
    WelfareArea.POVERTY_ALLEVIATION: {
        "policy": "welfare-poverty-policy", "fund": "welfare-poverty-funds", "beneficiaries": "welfare-poverty-identification",
        "project": "welfare-poverty-projects", "acceptance": "welfare-poverty-projects", "identification": "welfare-poverty-identification",
        "helpers": "welfare-poverty-helpers", "outcome": "welfare-poverty-helpers",
    },
    WelfareArea.EDUCATION: {
        "policy": "welfare-education-policy", "plan": "welfare-education-policy", "fund": "welfare-education-funds",
        "standard": "welfare-education-student-aid", "beneficiaries": "welfare-education-student-aid",
        "student_aid": "welfare-education-student-aid", "dropout": "welfare-education-compulsory",
        "balanced_development": "welfare-education-compulsory",
        "private_school": "welfare-education-private-schools",
    },
    WelfareArea.HEALTH: {
        "policy": "welfare-health-disease-control", "disease_control": "welfare-health-disease-control",
        "immunization": "welfare-health-disease-control", "public_health_emergency": "welfare-health-emergency",
        "epidemic": "welfare-health-epidemic", "fund": "welfare-health-emergency-aid",
        "standard": "welfare-health-emergency-aid", "beneficiaries": "welfare-health-emergency-aid",
        "health_poverty": "welfare-health-emergency-aid", "emergency_aid": "welfare-health-emergency-aid",
        "food_inspection": "welfare-health-food-inspection", "food_penalty": "welfare-health-food-penalty",
        "food_safety_blacklist": "welfare-health-food-blacklist",
    },
    WelfareArea.CULTURE_SPORTS: {
        "policy": "welfare-culture-sports-policy", "standard": "welfare-culture-sports-policy",
        "service_system": "welfare-culture-sports-policy", "heritage": "welfare-culture-sports-heritage",
        "cultural_activity": "welfare-culture-sports-activities", "sports_event": "welfare-culture-sports-activities",
        "fund": "welfare-culture-sports-funds", "purchase_catalogue": "welfare-culture-sports-funds",
        "performance": "welfare-culture-sports-funds", "facilities": "welfare-culture-sports-facilities",
        "beneficiaries": "welfare-culture-sports-activities", "donations": "welfare-culture-sports-donations",
    },
    WelfareArea.SOCIAL_ASSISTANCE: {
        "policy": "welfare-social-assistance-policy", "standard": "welfare-social-assistance-policy",
        "procedure": "welfare-social-assistance-guide", "beneficiaries": "welfare-social-assistance-dibao",
        "fund": "welfare-social-assistance-funds", "goods": "welfare-social-assistance-funds",
        "subsidy_payment": "welfare-social-assistance-subsidies",
    },
    WelfareArea.ENVIRONMENT: {
        "policy": "welfare-environment-policy", "pollution_control": "welfare-environment-policy",
        "monitoring": "welfare-environment-monitoring", "eia_approval": "welfare-environment-eia",
        "incident": "welfare-environment-incidents", "enforcement": "welfare-environment-enforcement",
        "heavy_pollution_warning": "welfare-environment-heavy-pollution",
        "heavy_pollution_release": "welfare-environment-heavy-pollution",
        "heavy_pollution_opinion": "welfare-environment-heavy-pollution",
        "complaint": "welfare-environment-complaints", "enterprise_disclosure": "welfare-environment-enterprise-disclosure",
    },
    WelfareArea.DISASTER_RELIEF: {
        "emergency_response": "welfare-disaster-response", "medical_rescue": "welfare-disaster-response",
        "secondary_hazard": "welfare-disaster-warning", "relief_needs": "welfare-disaster-needs",
        "fund": "welfare-disaster-funds", "relief_goods": "welfare-disaster-funds", "standard": "welfare-disaster-funds",
        "beneficiaries": "welfare-disaster-beneficiaries", "recipients": "welfare-disaster-beneficiaries",
        "reconstruction": "welfare-disaster-reconstruction",
    },
}


def default_catalogue_entry(area: str, item_type: str | None = None) -> CatalogueEntry | None:
    """The active 标准目录 entry of an item type of the area, or the area's first one."""
    code = ITEM_ENTRIES.get(area, {}).get(item_type or "")
    entry = CatalogueEntry.objects.filter(code=code, domain=DOMAIN, category=area, is_active=True).first() if code else None
    return entry or disclosure_services.default_catalogue_entry(DOMAIN, area)


class ProgrammeService(SubjectService):
    """The kernel's subject service, with where a programme's 主管部门 may be."""

    def clean(self, programme: Programme) -> None:
        """The model's own rules (among them the personal-data guard: the 举报电话 is a unit's line, never a
        personal mobile), and: the 主管部门 belongs to the programme's jurisdiction or the one above."""
        errors = {}
        try:
            programme.full_clean()
        except ValidationError as exc:
            errors = exc.message_dict
        if "department" not in errors and "jurisdiction" not in errors:
            department = Department.objects.select_related("jurisdiction").get(pk=programme.department_id)
            jurisdiction = Jurisdiction.objects.get(pk=programme.jurisdiction_id)
            if department.jurisdiction_id not in {jurisdiction.pk, jurisdiction.parent_id}:
                errors["department"] = ["主管部门应属于项目所在区划或其上级。"]
        if errors:
            raise ValidationError(errors)


SERVICE = subject_service(PROGRAMME)
PROGRAMME_FIELDS = SERVICE.fields


def programme_create(*, actor, **fields) -> Programme:
    """Register a programme. The actor must be a clerk of its department or the office of its jurisdiction."""
    return SERVICE.create(actor=actor, **fields)


def programme_update(*, actor, programme: Programme, **fields) -> Programme:
    """Change a programme's facts, rights checked as `SubjectService.update` says."""
    return SERVICE.update(actor=actor, subject=programme, **fields)


def validate_record_against_programme(programme: Programme, record: Disclosure) -> None:
    """Rules that need the programme: the record is of the programme's area; in 基本医疗卫生 only
    突发公共卫生事件 and 传染病疫情 may be urgent."""
    area = WelfareArea(programme.area)
    if record.category != programme.area:
        raise ValidationError(
            {"catalogue_entry": [f"该项目属于“{area.label}”领域，信息记录必须选择该领域的标准目录事项。"]}
        )
    item = (record.details or {}).get("item_type")
    if record.urgent and programme.area == WelfareArea.HEALTH and item not in URGENT_HEALTH_ITEMS:
        raise ValidationError({"urgent": ["基本医疗卫生领域只有突发公共卫生事件和传染病疫情信息可以标记为紧急信息。"]})


@transaction.atomic
def programme_record_create(*, actor, programme: Programme, department: Department, **disclosure_fields) -> Disclosure:
    """Draft a record of the programme's area about `programme`, owned by `department`.

    The department need not be the programme's (财政局 publishes the 资金分配 of a 民政局 programme): the
    record's deadline, workflow and permissions are its own department's. Raises the kernel's field
    errors (`details.<field>` for the area's structured fields) and saves nothing when anything is wrong.
    """
    programme = Programme.objects.select_related("jurisdiction").get(pk=programme.pk)
    SERVICE.check_record_department(programme, department)
    if disclosure_fields.get("category") not in (None, "", programme.area):
        area = WelfareArea(programme.area).label
        raise ValidationError({"category": [f"该项目属于“{area}”领域，信息记录必须属于该领域。"]})
    if disclosure_fields.get("catalogue_entry") is None:
        # Filed under the item type's entry (a 资金 record under 救助款物管理使用, not the area's first entry).
        item = (disclosure_fields.get("details") or {}).get("item_type")
        disclosure_fields["catalogue_entry"] = default_catalogue_entry(programme.area, item)
        disclosure_fields.setdefault("category", programme.area)

    def link(record: Disclosure) -> None:
        validate_record_against_programme(programme, record)
        ProgrammeRecord.objects.create(programme=programme, disclosure=record)

    return disclosure_services.disclosure_create_about(
        actor=actor, department=department, subject_domain=DOMAIN, link=link, **disclosure_fields
    )


# ---------------------------------------------------------------------------------------------
# 公共企事业单位和慈善组织: the register and its yearly evaluations (seed 002 §四(三), §六(三))
# ---------------------------------------------------------------------------------------------
PUBLIC_BODY_FIELDS = editable_fields(PublicBody)
EVALUATION_FIELDS = editable_fields(PublicBodyEvaluation, bookkeeping=frozenset({"created_at"}))


def can_manage_public_body(user, *, department_id: int | None) -> bool:
    """Register a body or enter its evaluation: a clerk of its 主管部门, or the office (政务公开办) over it."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    return department_id is not None and (scope.has_role(department_id, Role.CLERK) or scope.oversees(department_id))


def visible_public_bodies(user):
    """Bodies a staff user may maintain or open in the admin: those of the departments they see."""
    scope = user_scope(user)
    queryset = PublicBody.objects.select_related("department", "jurisdiction")
    if scope.is_superuser:
        return queryset
    return queryset.filter(department_id__in=scope.visible_department_ids)


def _check_public_body(actor, department: Department | None) -> None:
    if actor is not None and not can_manage_public_body(actor, department_id=getattr(department, "pk", None)):
        name = department.name if department is not None else "该单位"
        raise ActionForbidden(f"您不是“{name}”的经办人，也不是其上级政务公开办，不能维护该单位主管的公共企事业单位和慈善组织。")


def _save(instance, *, actor, action: str, department, changes: dict, data: dict) -> None:
    _check_public_body(actor, department)
    instance.full_clean()
    instance.save()
    public_pages_changed()
    data = {**data, "public_body": data.get("public_body") or instance.pk}
    if isinstance(instance, PublicBodyEvaluation):
        data["evaluation"] = instance.pk
    audit_write(actor=actor, action=action, data={**data, "changes": changes})


@transaction.atomic
def public_body_create(*, actor, **fields) -> PublicBody:
    """Register a 公共企事业单位 or 慈善组织 whose disclosure the office promotes and evaluates."""
    check_fields(fields, PUBLIC_BODY_FIELDS)
    body = PublicBody(**fields)
    if fields.get("department") is None:
        body.full_clean()  # names the missing 主管部门 before any right is checked
    changes = {name: [None, audit_value(value)] for name, value in fields.items()}
    _save(body, actor=actor, action="public_body.create", department=body.department, changes=changes, data={"public_body": None, "name": body.name})
    return body


@transaction.atomic
def public_body_update(*, actor, body: PublicBody, **fields) -> PublicBody:
    check_fields(fields, PUBLIC_BODY_FIELDS)
    current = PublicBody.objects.select_for_update().select_related("department").get(pk=body.pk)
    _check_public_body(actor, current.department)
    before = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    _save(current, actor=actor, action="public_body.update", department=current.department,
          changes=changes_between(before, current), data={"public_body": current.pk, "name": current.name})
    copy_fields(current, body)
    return body


@transaction.atomic
def evaluation_create(*, actor, **fields) -> PublicBodyEvaluation:
    """Publish a year's evaluation of a body's disclosure (one per body and year)."""
    check_fields(fields, EVALUATION_FIELDS)
    evaluation = PublicBodyEvaluation(**fields)
    if fields.get("body") is None:
        evaluation.full_clean()
    changes = {name: [None, audit_value(value)] for name, value in fields.items()}
    _save(evaluation, actor=actor, action="public_body.evaluate", department=evaluation.body.department, changes=changes,
          data={"public_body": evaluation.body_id, "name": evaluation.body.name, "year": evaluation.year})
    return evaluation


@transaction.atomic
def evaluation_update(*, actor, evaluation: PublicBodyEvaluation, **fields) -> PublicBodyEvaluation:
    check_fields(fields, EVALUATION_FIELDS)
    current = PublicBodyEvaluation.objects.select_for_update().select_related("body__department").get(pk=evaluation.pk)
    _check_public_body(actor, current.body.department)
    before = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    _save(current, actor=actor, action="public_body.evaluation_update", department=current.body.department,
          changes=changes_between(before, current),
          data={"public_body": current.body_id, "name": current.body.name, "year": current.year})
    copy_fields(current, evaluation)
    return evaluation
