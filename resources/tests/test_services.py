"""Resources services: the subject contract every domain keeps (tests/contracts/subject_services.py) and what
only a matter has — its area, the link to a major project — and the 黑名单's validation, rights and expiry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.models import CatalogueEntry
from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.models import AuditEntry
from disclosures.models import Disclosure
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from projects.tests.factories import make_project
from resources import services
from resources.models import BlacklistEntry, MatterRecord, ResourceMatter
from tests.clock import TEST_TODAY
from tests.contracts.subject_services import SubjectServicesContract

from .factories import (
    details,
    entry_fields,
    make_entry,
    make_matter,
    make_record,
    record_fields,
)

pytestmark = pytest.mark.django_db

TODAY = TEST_TODAY


class TestMatterServices(SubjectServicesContract):
    domain = "resources"

    created_audit = {"area": "land_use_right"}
    created_change = ("amount", [None, "52960000.00"])
    department_above = "主管部门应属于事项所在区划或其上级。"
    update_fields = {"amount": Decimal("60000000.00"), "reference_no": "测试〔2026〕8号"}
    update_changes = {"amount": ["52960000.00", "60000000.00"]}
    office_update = {"amount": Decimal("61000000.00")}
    invalid_update = {"amount": Decimal("-1")}
    invalid_update_error = ("amount", ["不能小于 0。"])

    drafted = {"item_type": "notice", "title": "国有建设用地使用权挂牌出让公告（测试〔2026〕7号宗地）"}
    drafted_category = "land_use_right"
    # 谁批准谁公开: the 出让结果 of a 自然资源局 matter is the 交易中心's record.
    other_department_record = {
        "item_type": "result",
        "details": details("land_use_right", "result", transferee="测试置业有限公司", deal_price="61880000"),
    }
    town_subject = {"area": "housing", "name": "测试县公租房分配"}
    town_record = {"item_type": "allocation_policy"}
    invalid_details = {"item_type": "result", "details": details("land_use_right", "result", transferee="")}
    invalid_details_error = ("details.transferee", ["出让结果必须填写受让人（有成交价就必须有受让人）。"])

    def check_draft(self, record):
        assert record.details["item_type"] == "notice"


# --- what only a matter has: its amount, area and major project ------------------------------------
@pytest.mark.parametrize(
    ("amount", "message"), [(Decimal("-1"), "不能小于 0。"), ("一百万", "“一百万”的值应该是一个十进制数字。")]
)
def test_a_bad_amount_is_a_field_error(org, amount, message):
    with pytest.raises(ValidationError) as caught:
        make_matter(org, amount=amount)
    assert caught.value.message_dict["amount"] == [message]
    assert not ResourceMatter.objects.exists()


def test_only_a_construction_bidding_matter_links_a_major_project(org):
    project = make_project(org)
    matter = make_matter(org, area="construction_bidding", name="测试公路施工监理招标", project=project)
    assert matter.project == project
    with pytest.raises(ValidationError) as caught:
        make_matter(org, area="procurement", project=project)
    assert caught.value.message_dict["project"] == ["只有工程建设项目招标投标事项可以关联重大建设项目。"]


def test_a_project_of_an_unrelated_county_cannot_be_linked(org):
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    far_department = DepartmentFactory(jurisdiction=elsewhere, name="邻县交通运输局", code="LXJT")
    project = make_project(org, jurisdiction=elsewhere, lead_department=far_department,
                           actor=member(far_department, Role.CLERK, "far_clerk"))
    with pytest.raises(ValidationError) as caught:
        make_matter(org, area="construction_bidding", project=project)
    assert "不在事项所在区划" in caught.value.message_dict["project"][0]


def test_the_area_of_a_matter_with_records_cannot_change(org):
    matter = make_matter(org)
    make_record(org, matter, "notice")
    with pytest.raises(ValidationError) as caught:
        services.matter_update(actor=org.clerk, matter=matter, area="procurement")
    assert caught.value.message_dict["area"] == ["该事项已有信息记录，不能更改领域。"]
    assert ResourceMatter.objects.get().area == "land_use_right"
    assert not AuditEntry.objects.filter(action="matter.update").exists()


def test_the_category_defaults_to_the_matters_area(org):
    matter = make_matter(org, area="procurement")
    fields = record_fields("procurement", "notice")
    fields.pop("category")
    record = services.matter_record_create(actor=org.clerk, matter=matter, department=org.department, **fields)
    assert record.category == "procurement"


def test_a_record_of_another_area_is_refused(org):
    matter = make_matter(org, area="land_use_right")
    with pytest.raises(ValidationError) as caught:
        make_record(org, matter, "notice", category="procurement", details=details("procurement", "notice"))
    assert "是国有土地使用权出让事项" in caught.value.message_dict["category"][0]
    entry = CatalogueEntry.objects.get(code="resources-procurement-notice")
    with pytest.raises(ValidationError) as caught:
        make_record(org, matter, "notice", catalogue_entry=entry, details=details("procurement", "notice"))
    assert "catalogue_entry" in caught.value.message_dict
    assert not Disclosure.objects.exists() and not MatterRecord.objects.exists()


# --- 黑名单 ---------------------------------------------------------------------------------------
def test_a_clerk_lists_a_bad_actor_and_it_is_audited(org):
    entry = make_entry(org, subject_name="测试恒达建筑工程有限公司", uscc=entry_fields(org)["uscc"].lower())
    assert entry.uscc == entry.uscc.upper()  # normalised
    assert entry.expired_at is None
    audit = AuditEntry.objects.get(action="blacklist.create")
    assert audit.actor == org.clerk and audit.data["entry"] == entry.pk and audit.data["uscc"] == entry.uscc


@pytest.mark.parametrize(
    ("uscc", "message"),
    [
        ("91533100MA6K1234", "统一社会信用代码应为 18 位，当前为 16 位。"),
        ("91533100MA6K1234O1", "统一社会信用代码含无效字符“O”（不使用 I、O、S、V、Z）。"),
        ("91533100MA6K1234X1", "统一社会信用代码校验位不正确，请核对。"),
    ],
)
def test_an_invalid_credit_code_is_a_chinese_field_error(org, uscc, message):
    with pytest.raises(ValidationError) as caught:
        make_entry(org, uscc=uscc)
    assert caught.value.message_dict["uscc"] == [message]
    assert not BlacklistEntry.objects.exists()


@pytest.mark.parametrize("days", [0, -1, -365])
def test_a_period_ending_before_or_when_it_starts_is_refused(org, days):
    with pytest.raises(ValidationError) as caught:
        make_entry(org, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=days))
    assert caught.value.message_dict == {"ends_on": ["移出日期必须晚于列入日期。"]}
    assert not BlacklistEntry.objects.exists()


def test_the_database_refuses_a_period_ending_before_it_starts(org):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BlacklistEntry.objects.create(**entry_fields(org, starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1)))


def test_missing_facts_are_field_errors(org):
    with pytest.raises(ValidationError) as caught:
        services.blacklist_entry_create(actor=org.clerk, **entry_fields(org, decision_no="", authority="", department=None))
    assert {"decision_no", "authority", "department"} <= set(caught.value.message_dict)


@pytest.mark.parametrize("who", ["other_clerk", "reviewer", "town_clerk"])
def test_only_the_entering_departments_clerk_or_the_office_lists(org, who):
    with pytest.raises(ActionForbidden, match="不能维护该单位录入的黑名单"):
        make_entry(org, actor=getattr(org, who))
    assert not BlacklistEntry.objects.exists()
    make_entry(org, actor=org.office)
    make_entry(org, actor=org.office, department=org.town_department)
    assert BlacklistEntry.objects.count() == 2


def test_an_entry_is_changed_by_its_department_and_audited(org):
    entry = make_entry(org)
    new_end = TODAY + datetime.timedelta(days=100)
    services.blacklist_entry_update(actor=org.clerk, entry=entry, ends_on=new_end, decision_no="测财采罚〔2026〕99号")
    entry.refresh_from_db()
    assert entry.ends_on == new_end
    assert AuditEntry.objects.get(action="blacklist.update").data["changes"]["decision_no"][1] == "测财采罚〔2026〕99号"
    with pytest.raises(ActionForbidden):
        services.blacklist_entry_update(actor=org.other_clerk, entry=entry, subject_name="改名")
    with pytest.raises(ActionForbidden):
        services.blacklist_entry_update(actor=org.clerk, entry=entry, department=org.other_department)
    with pytest.raises(ValidationError) as caught:
        services.blacklist_entry_update(actor=org.clerk, entry=entry, ends_on=entry.starts_on)
    assert caught.value.message_dict == {"ends_on": ["移出日期必须晚于列入日期。"]}
    entry.refresh_from_db()
    assert entry.ends_on == new_end


def test_an_expired_entry_is_kept_as_it_was(org):
    entry = make_entry(org, starts_on=TODAY - datetime.timedelta(days=400), ends_on=TODAY - datetime.timedelta(days=1))
    assert services.blacklist_expire() == 1
    with pytest.raises(TransitionNotAllowed, match="已移出（期满或信用修复）"):
        services.blacklist_entry_update(actor=org.clerk, entry=entry, ends_on=TODAY + datetime.timedelta(days=30))
    entry.refresh_from_db()
    assert entry.ends_on == TODAY - datetime.timedelta(days=1) and entry.expired_at is not None


def test_blacklist_expire_marks_ended_periods_once_and_keeps_the_entries(org):
    ended = make_entry(org, starts_on=TODAY - datetime.timedelta(days=400), ends_on=TODAY - datetime.timedelta(days=1))
    last_day = make_entry(org, starts_on=TODAY - datetime.timedelta(days=400), ends_on=TODAY)
    future = make_entry(org, starts_on=TODAY + datetime.timedelta(days=3), ends_on=TODAY + datetime.timedelta(days=300))
    assert services.blacklist_expire() == 1
    ended.refresh_from_db()
    first_mark = ended.expired_at
    assert first_mark is not None
    assert BlacklistEntry.objects.filter(expired_at__isnull=True).count() == 2  # the last day is still in force
    assert services.blacklist_expire() == 0
    ended.refresh_from_db()
    assert ended.expired_at == first_mark
    audit = AuditEntry.objects.get(action="blacklist.expire")
    assert audit.data["count"] == 1 and audit.actor is None
    # Tomorrow, the entry whose last day was today goes too; the future one stays.
    assert services.blacklist_expire(today=TODAY + datetime.timedelta(days=1)) == 1
    assert set(BlacklistEntry.objects.filter(expired_at__isnull=True)) == {future}
    assert BlacklistEntry.objects.count() == 3
    assert last_day.pk in set(BlacklistEntry.objects.filter(expired_at__isnull=False).values_list("pk", flat=True))
    assert timezone.now() >= first_mark
