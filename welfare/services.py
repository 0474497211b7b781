"""
Writes of the welfare domain. The admin, the API and the demo call these; nothing else saves a
`Programme` or a `ProgrammeRecord`.

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
from disclosures import services as disclosure_services
from disclosures.models import Disclosure
from disclosures.subject_services import SubjectService
from disclosures.subjects import subject_service
from organizations.models import Department, Jurisdiction

from .apps import PROGRAMME
from .choices import WelfareArea
from .models import Programme, ProgrammeRecord

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
        "project": "welfare-poverty-projects", "identification": "welfare-poverty-identification",
        "helpers": "welfare-poverty-helpers", "outcome": "welfare-poverty-helpers",
    },
    WelfareArea.EDUCATION: {
        "policy": "welfare-education-policy", "plan": "welfare-education-policy", "fund": "welfare-education-funds",
        "standard": "welfare-education-student-aid", "beneficiaries": "welfare-education-student-aid",
        "student_aid": "welfare-education-student-aid", "dropout": "welfare-education-compulsory",
        "private_school": "welfare-education-private-schools",
    },
    WelfareArea.HEALTH: {
        "policy": "welfare-health-disease-control", "disease_control": "welfare-health-disease-control",
        "immunization": "welfare-health-disease-control", "public_health_emergency": "welfare-health-emergency",
        "epidemic": "welfare-health-epidemic", "fund": "welfare-health-emergency-aid",
        "standard": "welfare-health-emergency-aid", "beneficiaries": "welfare-health-emergency-aid",
        "health_poverty": "welfare-health-emergency-aid", "food_safety_blacklist": "welfare-health-food-blacklist",
    },
    WelfareArea.CULTURE_SPORTS: {
        "policy": "welfare-culture-sports-policy", "standard": "welfare-culture-sports-policy",
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
    },
    WelfareArea.DISASTER_RELIEF: {
        "emergency_response": "welfare-disaster-response", "relief_needs": "welfare-disaster-needs",
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
