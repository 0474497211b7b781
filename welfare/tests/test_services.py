"""Welfare services: who may register and change a programme, and records of several departments
about one programme (each record's deadline and rights are its own department's)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import CatalogueEntry
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from disclosures import services as disclosure_services
from disclosures.choices import Status
from disclosures.deadlines import add_working_days
from disclosures.models import Disclosure
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from welfare import services
from welfare.choices import WelfareArea
from welfare.models import Programme, ProgrammeRecord

from .factories import make_programme, make_record, programme_fields, record_fields

pytestmark = pytest.mark.django_db


# --- programme_create -------------------------------------------------------------------------
def test_a_clerk_of_the_department_registers_a_programme(org):
    programme = make_programme(org, actor=org.clerk, name="测试县2026年城乡低保")
    assert Programme.objects.get().name == "测试县2026年城乡低保"
    audit = AuditEntry.objects.get(action="programme.create")
    assert audit.actor == org.clerk and audit.subject is None
    assert audit.data["programme"] == programme.pk and audit.data["area"] == "social_assistance"
    assert audit.data["changes"]["total_funds"] == [None, "12800000.00"]


def test_the_office_registers_programmes_of_its_jurisdiction_and_below(org):
    make_programme(org, actor=org.office, department=org.other_department)
    make_programme(org, actor=org.office, jurisdiction=org.town, department=org.town_department)
    assert Programme.objects.count() == 2


@pytest.mark.parametrize("who", ["other_clerk", "reviewer", "signer", "town_clerk"])
def test_others_may_not_register_a_programme_for_the_department(org, who):
    with pytest.raises(ActionForbidden, match="不能维护该项目"):
        make_programme(org, actor=getattr(org, who))
    assert not Programme.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programme.").exists()


def test_an_office_of_another_county_may_not_register_a_programme_here(org):
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    office = member(DepartmentFactory(jurisdiction=elsewhere, is_office=True), Role.OFFICE, "office_lx")
    with pytest.raises(ActionForbidden):
        make_programme(org, actor=office)


def test_a_missing_department_is_a_field_error_not_a_refusal(org):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(actor=org.clerk, **programme_fields(org, department=None))
    assert "department" in caught.value.message_dict


def test_unknown_fields_are_refused(org):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(actor=org.clerk, **programme_fields(org), created_at="2020-01-01")
    assert caught.value.message_dict == {"created_at": ["该字段不可填写。"]}


def test_the_department_must_be_of_the_programme_jurisdiction_or_above(org):
    with pytest.raises(ValidationError) as caught:
        make_programme(org, actor=org.office, department=org.town_department, jurisdiction=org.county)
    assert caught.value.message_dict["department"] == ["主管部门应属于项目所在区划或其上级。"]
    make_programme(org, actor=org.office, department=org.department, jurisdiction=org.town)  # 县民政局 for a town


def test_a_personal_mobile_is_not_a_report_phone(org):
    with pytest.raises(ValidationError) as caught:
        make_programme(org, report_phone="138 1234 5678")
    [message] = caught.value.message_dict["report_phone"]
    assert message.startswith("监督举报电话将向社会公开，不得包含个人信息") and "138 **** 5678" in message
    assert make_programme(org, report_phone="12345").report_phone == "12345"


def test_the_end_may_not_precede_the_start(org):
    with pytest.raises(ValidationError) as caught:
        make_programme(org, starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 4, 1))
    assert caught.value.message_dict["ends_on"] == ["实施结束日期不能早于开始日期。"]
    assert not Programme.objects.exists()


# --- programme_update -------------------------------------------------------------------------
def test_the_clerk_records_the_result(org):
    programme = make_programme(org)
    services.programme_update(actor=org.clerk, programme=programme, result="全年保障 3,260 人。")
    programme.refresh_from_db()
    assert programme.result == "全年保障 3,260 人。"
    assert AuditEntry.objects.get(action="programme.update").data["changes"] == {"result": ["", "全年保障 3,260 人。"]}


def test_the_office_may_update_any_programme_of_its_jurisdiction(org):
    programme = make_programme(org)
    services.programme_update(actor=org.office, programme=programme, total_funds=Decimal("13000000.00"))
    assert Programme.objects.get().total_funds == Decimal("13000000.00")


def test_another_department_may_not_update_the_programme(org):
    programme = make_programme(org)
    with pytest.raises(ActionForbidden):
        services.programme_update(actor=org.other_clerk, programme=programme, name="改名")
    assert Programme.objects.get().name == programme.name


def test_a_clerk_may_not_hand_the_programme_to_a_department_they_do_not_work_in(org):
    programme = make_programme(org)
    with pytest.raises(ActionForbidden):
        services.programme_update(actor=org.clerk, programme=programme, department=org.other_department)
    assert Programme.objects.get().department == org.department


def test_rights_are_checked_on_the_stored_programme_not_the_callers_copy(org):
    programme = make_programme(org, department=org.other_department, actor=org.other_clerk)
    programme.department = org.department  # what a tampered form would hand over
    with pytest.raises(ActionForbidden):
        services.programme_update(actor=org.clerk, programme=programme, name="改名")


def test_an_invalid_update_saves_nothing(org):
    programme = make_programme(org)
    with pytest.raises(ValidationError) as caught:
        services.programme_update(actor=org.clerk, programme=programme, total_funds=Decimal("-1"))
    assert "total_funds" in caught.value.message_dict
    assert Programme.objects.get().total_funds == Decimal("12800000.00")
    assert not AuditEntry.objects.filter(action="programme.update").exists()


# --- programme_record_create ------------------------------------------------------------------
def test_a_record_is_drafted_through_the_kernel_in_the_programmes_area_and_linked(org):
    programme = make_programme(org)
    record = make_record(org, programme, item_type="fund", title="2026年第一季度城乡低保资金分配情况")
    assert record.status == Status.DRAFT
    assert record.domain == "welfare" and record.category == "social_assistance"
    assert record.catalogue_entry.code == "welfare-social-assistance-funds" and record.due_on is not None
    assert record.details["amount"] == "1200000.00"
    assert ProgrammeRecord.objects.get().programme == programme
    assert AuditEntry.objects.filter(disclosure=record, action="disclosure.create").exists()


def test_the_item_type_chooses_the_default_catalogue_entry(org):
    assert services.default_catalogue_entry("social_assistance", "beneficiaries").code == "welfare-social-assistance-dibao"
    assert services.default_catalogue_entry("disaster_relief", "recipients").code == "welfare-disaster-beneficiaries"
    assert services.default_catalogue_entry("environment", "eia_approval").code == "welfare-environment-eia"
    assert services.default_catalogue_entry("education", "nonsense").category == "education"  # the area's first
    for area, items in services.ITEM_ENTRIES.items():
        for item, code in items.items():
            entry = CatalogueEntry.objects.get(code=code)
            assert (entry.domain, entry.category) == ("welfare", area), (item, code)


def test_another_department_publishes_about_the_programme(org):
    """财政局 publishes the 资金分配 of a 民政局 programme: its own workflow and rights."""
    programme = make_programme(org, department=org.department)
    record = make_record(org, programme, actor=org.other_clerk, department=org.other_department, item_type="fund")
    assert record.department == org.other_department
    with pytest.raises(ActionForbidden):
        disclosure_services.disclosure_submit(disclosure=record, actor=org.clerk)
    disclosure_services.disclosure_submit(disclosure=record, actor=org.other_clerk)
    assert Disclosure.objects.get().status == Status.SUBMITTED


def test_a_clerk_may_not_draft_for_a_department_they_do_not_work_in(org):
    programme = make_programme(org)
    with pytest.raises(ActionForbidden):
        make_record(org, programme, actor=org.clerk, department=org.other_department)
    assert not Disclosure.objects.exists() and not ProgrammeRecord.objects.exists()


def test_a_department_of_an_unrelated_jurisdiction_may_not_publish_about_the_programme(org):
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    department = DepartmentFactory(jurisdiction=elsewhere, name="邻县民政局", code="LXMZ")
    clerk = member(department, Role.CLERK, "clerk_lx")
    programme = make_programme(org)
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, actor=clerk, department=department)
    assert "不属于项目所在区划" in caught.value.message_dict["department"][0]
    assert not Disclosure.objects.exists()


def test_a_record_of_another_area_or_domain_is_refused(org):
    programme = make_programme(org)  # 社会救助和社会福利
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, category="education")
    assert "社会救助和社会福利" in caught.value.message_dict["category"][0]
    entry = CatalogueEntry.objects.get(code="welfare-education-funds")
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, catalogue_entry=entry)
    assert "社会救助和社会福利" in caught.value.message_dict["catalogue_entry"][0]
    entry = CatalogueEntry.objects.filter(domain="projects").first()
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, catalogue_entry=entry)
    assert "catalogue_entry" in caught.value.message_dict
    assert not Disclosure.objects.exists() and not ProgrammeRecord.objects.exists()


def test_an_urgent_disaster_record_is_due_in_one_working_day(org):
    programme = make_programme(org, area=WelfareArea.DISASTER_RELIEF, name="“7·15”洪涝灾害救助")
    formed_on = datetime.date(2026, 9, 30)  # the eve of National Day
    record = make_record(org, programme, item_type="emergency_response", urgent=True, formed_on=formed_on)
    assert record.urgent and record.deadline_days == 1
    assert record.due_on == add_working_days(formed_on, 1).due_on == datetime.date(2026, 10, 8)
    normal = make_record(org, programme, item_type="reconstruction", formed_on=formed_on)
    assert normal.catalogue_entry.code == "welfare-disaster-reconstruction"
    assert normal.deadline_days == 20 and normal.due_on > record.due_on


def test_in_health_only_a_public_health_emergency_may_be_urgent(org):
    programme = make_programme(org, area=WelfareArea.HEALTH, name="基本公共卫生服务")
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, item_type="immunization", urgent=True)
    assert caught.value.message_dict["urgent"] == ["基本医疗卫生领域只有突发公共卫生事件和传染病疫情信息可以标记为紧急信息。"]
    assert not Disclosure.objects.exists()
    record = make_record(org, programme, item_type="public_health_emergency", urgent=True)
    assert record.deadline_days == 1


def test_other_areas_may_not_be_urgent(org):
    programme = make_programme(org, area=WelfareArea.EDUCATION, name="学生资助")
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, urgent=True)
    assert "urgent" in caught.value.message_dict
    assert not Disclosure.objects.exists()


def test_a_policy_links_its_interpretation(org):
    from .factories import publish

    programme = make_programme(org)
    reading = publish(
        make_record(org, programme, title="《城乡低保标准调整》政策解读"),
        clerk=org.clerk, reviewer=org.reviewer, signer=org.signer,
    )
    policy = make_record(org, programme, title="关于调整城乡低保标准的通知", interpretation=reading)
    assert policy.interpretation == reading
    assert list(reading.interpreted_documents.all()) == [policy]


def test_invalid_structured_fields_save_nothing(org):
    programme = make_programme(org)
    with pytest.raises(ValidationError) as caught:
        services.programme_record_create(
            actor=org.clerk, programme=programme, department=org.department,
            **record_fields("fund", {"amount": None, "disbursed": "5"}),
        )
    assert caught.value.message_dict["details.amount"] == ["资金类信息必须填写资金金额。"]
    assert not Disclosure.objects.exists()
    assert not ProgrammeRecord.objects.exists()
    assert not AuditEntry.objects.filter(action="disclosure.create").exists()
