"""Welfare services: the subject contract every domain keeps (tests/contracts/subject_services.py) and what
only a programme has — its period and report phone, its areas' item types and urgent records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.models import CatalogueEntry
from disclosures.models import Disclosure
from tests.contracts.subject_services import SubjectServicesContract
from welfare import services
from welfare.choices import WelfareArea
from welfare.models import Programme, ProgrammeRecord

from .factories import make_programme, make_record

pytestmark = pytest.mark.django_db


class TestProgrammeServices(SubjectServicesContract):
    domain = "welfare"

    created_audit = {"area": "social_assistance"}
    created_change = ("total_funds", [None, "12800000.00"])
    department_above = "主管部门应属于项目所在区划或其上级。"
    # The clerk records the result.
    update_fields = {"result": "全年保障 3,260 人。"}
    update_changes = {"result": ["", "全年保障 3,260 人。"]}
    office_update = {"total_funds": Decimal("13000000.00")}
    invalid_update = {"total_funds": Decimal("-1")}
    invalid_update_error = ("total_funds", None)

    drafted = {"item_type": "fund", "title": "2026年第一季度城乡低保资金分配情况"}
    drafted_category = "social_assistance"
    # 财政局 publishes the 资金分配 of a 民政局 programme.
    other_department_record = {"item_type": "fund"}
    town_record = {"item_type": "fund"}
    invalid_details = {"item_type": "fund", "details": {"amount": None, "disbursed": "5"}}
    invalid_details_error = ("details.amount", ["资金类信息必须填写资金金额。"])

    def check_draft(self, record):
        assert record.catalogue_entry.code == "welfare-social-assistance-funds"
        assert record.details["amount"] == "1200000.00"


# --- what only a programme has ----------------------------------------------------------------
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


def test_the_item_type_chooses_the_default_catalogue_entry(org):
    assert services.default_catalogue_entry("social_assistance", "beneficiaries").code == "welfare-social-assistance-dibao"
    assert services.default_catalogue_entry("disaster_relief", "recipients").code == "welfare-disaster-beneficiaries"
    assert services.default_catalogue_entry("environment", "eia_approval").code == "welfare-environment-eia"
    assert services.default_catalogue_entry("education", "nonsense").category == "education"  # the area's first
    for area, items in services.ITEM_ENTRIES.items():
        for item, code in items.items():
            entry = CatalogueEntry.objects.get(code=code)
            assert (entry.domain, entry.category) == ("welfare", area), (item, code)


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


def test_an_urgent_disaster_record_is_due_24_hours_after_it_was_formed(org):
    """An hour clock on calendar time (not 1 working day: a flood warning formed on the eve of National Day
    must not wait until 10-08)."""
    programme = make_programme(org, area=WelfareArea.DISASTER_RELIEF, name="“7·15”洪涝灾害救助")
    formed_on = datetime.date(2026, 9, 30)  # the eve of National Day
    formed_at = timezone.make_aware(datetime.datetime(2026, 9, 30, 15, 0))
    record = make_record(org, programme, item_type="emergency_response", urgent=True, formed_on=formed_on,
                         formed_at=formed_at)
    assert record.urgent and (record.deadline_days, record.deadline_unit) == (24, "hours")
    assert record.due_at == formed_at + datetime.timedelta(hours=24) and record.due_on == datetime.date(2026, 10, 1)
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
    assert (record.deadline_days, record.deadline_unit) == (24, "hours")


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
