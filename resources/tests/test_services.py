"""Resources services: who may register and change a matter, its records of several departments
(谁批准谁公开), the link to a major project, and the 黑名单's validation, rights and expiry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.models import CatalogueEntry
from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.models import AuditEntry
from disclosures import services as disclosure_services
from disclosures.choices import Status
from disclosures.models import Disclosure
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from projects.tests.factories import make_project
from resources import services
from resources.models import BlacklistEntry, MatterRecord, ResourceMatter
from tests.clock import TEST_TODAY

from .factories import (
    details,
    entry_fields,
    make_entry,
    make_matter,
    make_record,
    matter_fields,
    record_fields,
)

pytestmark = pytest.mark.django_db

TODAY = TEST_TODAY


# --- matter_create ------------------------------------------------------------------------------
def test_a_clerk_of_the_department_registers_a_matter(org):
    matter = make_matter(org, actor=org.clerk, name="测试县城东片区7号宗地挂牌出让")
    assert ResourceMatter.objects.get().name == "测试县城东片区7号宗地挂牌出让"
    audit = AuditEntry.objects.get(action="matter.create")
    assert audit.actor == org.clerk and audit.subject is None
    assert audit.data["matter"] == matter.pk and audit.data["area"] == "land_use_right"
    assert audit.data["changes"]["amount"] == [None, "52960000.00"]


def test_the_office_registers_a_matter_of_any_department_of_its_jurisdiction_and_below(org):
    make_matter(org, actor=org.office, department=org.other_department)
    make_matter(org, actor=org.office, jurisdiction=org.town, department=org.town_department)
    assert ResourceMatter.objects.count() == 2


@pytest.mark.parametrize("who", ["other_clerk", "reviewer", "signer", "town_clerk"])
def test_others_may_not_register_a_matter_for_the_department(org, who):
    with pytest.raises(ActionForbidden, match="不能维护该事项"):
        make_matter(org, actor=getattr(org, who))
    assert not ResourceMatter.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="matter.").exists()


def test_an_office_of_another_county_may_not_register_a_matter_here(org):
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    office = member(DepartmentFactory(jurisdiction=elsewhere, is_office=True), Role.OFFICE, "office_lx")
    with pytest.raises(ActionForbidden):
        make_matter(org, actor=office)


def test_a_missing_department_is_a_field_error_not_a_refusal(org):
    with pytest.raises(ValidationError) as caught:
        services.matter_create(actor=org.clerk, **matter_fields(org, department=None))
    assert "department" in caught.value.message_dict


def test_unknown_fields_are_refused(org):
    with pytest.raises(ValidationError) as caught:
        services.matter_create(actor=org.clerk, **matter_fields(org), created_at="2020-01-01")
    assert caught.value.message_dict == {"created_at": ["该字段不可填写。"]}


def test_the_department_must_be_of_the_matter_jurisdiction_or_above(org):
    with pytest.raises(ValidationError) as caught:
        make_matter(org, actor=org.office, department=org.town_department, jurisdiction=org.county)
    assert caught.value.message_dict["department"] == ["主管部门应属于事项所在区划或其上级。"]


@pytest.mark.parametrize(
    ("amount", "message"), [(Decimal("-1"), "确保该值大于或等于0。"), ("一百万", "“一百万”的值应该是一个十进制数字。")]
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


# --- matter_update ------------------------------------------------------------------------------
def test_the_clerk_updates_a_matter_and_it_is_audited(org):
    matter = make_matter(org)
    services.matter_update(actor=org.clerk, matter=matter, amount=Decimal("60000000.00"), reference_no="测试〔2026〕8号")
    matter.refresh_from_db()
    assert matter.amount == Decimal("60000000.00")
    audit = AuditEntry.objects.get(action="matter.update")
    assert audit.data["changes"]["amount"] == ["52960000.00", "60000000.00"]


def test_another_department_may_not_update_the_matter(org):
    matter = make_matter(org)
    with pytest.raises(ActionForbidden):
        services.matter_update(actor=org.other_clerk, matter=matter, name="改名")
    assert ResourceMatter.objects.get().name == matter.name


def test_a_clerk_may_not_hand_the_matter_to_a_department_they_do_not_work_in(org):
    matter = make_matter(org)
    with pytest.raises(ActionForbidden):
        services.matter_update(actor=org.clerk, matter=matter, department=org.other_department)
    assert ResourceMatter.objects.get().department == org.department


def test_rights_are_checked_on_the_stored_matter_not_the_callers_copy(org):
    matter = make_matter(org, department=org.other_department, actor=org.other_clerk)
    matter.department = org.department  # what a tampered form would hand over
    with pytest.raises(ActionForbidden):
        services.matter_update(actor=org.clerk, matter=matter, name="改名")


def test_the_area_of_a_matter_with_records_cannot_change(org):
    matter = make_matter(org)
    make_record(org, matter, "notice")
    with pytest.raises(ValidationError) as caught:
        services.matter_update(actor=org.clerk, matter=matter, area="procurement")
    assert caught.value.message_dict["area"] == ["该事项已有信息记录，不能更改领域。"]
    assert ResourceMatter.objects.get().area == "land_use_right"
    assert not AuditEntry.objects.filter(action="matter.update").exists()


# --- matter_record_create -----------------------------------------------------------------------
def test_a_record_is_drafted_through_the_kernel_and_linked(org):
    matter = make_matter(org)
    record = make_record(org, matter, "notice", title="国有建设用地使用权挂牌出让公告（测试〔2026〕7号宗地）")
    assert record.status == Status.DRAFT
    assert record.domain == "resources" and record.category == "land_use_right"
    assert record.details["item_type"] == "notice"
    assert record.catalogue_entry is not None and record.due_on is not None
    assert MatterRecord.objects.get().matter == matter
    assert AuditEntry.objects.filter(disclosure=record, action="disclosure.create").exists()


def test_the_category_defaults_to_the_matters_area(org):
    matter = make_matter(org, area="procurement")
    fields = record_fields("procurement", "notice")
    fields.pop("category")
    record = services.matter_record_create(actor=org.clerk, matter=matter, department=org.department, **fields)
    assert record.category == "procurement"


def test_the_trading_centre_publishes_the_result_of_a_land_matter_it_does_not_manage(org):
    """谁批准谁公开: the 出让结果 of a 自然资源局 matter is the 交易中心's record, its own workflow."""
    matter = make_matter(org, department=org.department)
    record = make_record(
        org, matter, "result", actor=org.other_clerk, department=org.other_department,
        details=details("land_use_right", "result", transferee="测试置业有限公司", deal_price="61880000"),
    )
    assert record.department == org.other_department
    with pytest.raises(ActionForbidden):
        disclosure_services.disclosure_submit(disclosure=record, actor=org.clerk)
    disclosure_services.disclosure_submit(disclosure=record, actor=org.other_clerk)
    assert Disclosure.objects.get().status == Status.SUBMITTED


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


def test_a_record_of_another_domain_is_refused(org):
    matter = make_matter(org)
    with pytest.raises(ValidationError) as caught:
        services.matter_record_create(
            actor=org.clerk, matter=matter, department=org.department,
            **record_fields("land_use_right", "notice", domain="projects", category="approval_result", details={}),
        )
    assert "公共资源配置" in caught.value.message_dict["domain"][0]
    assert not Disclosure.objects.exists()


def test_a_clerk_may_not_draft_for_a_department_they_do_not_work_in(org):
    matter = make_matter(org)
    with pytest.raises(ActionForbidden):
        make_record(org, matter, actor=org.clerk, department=org.other_department)
    assert not Disclosure.objects.exists() and not MatterRecord.objects.exists()


def test_a_department_of_an_unrelated_jurisdiction_may_not_publish_about_the_matter(org):
    elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    department = DepartmentFactory(jurisdiction=elsewhere, name="邻县公共资源交易中心", code="LXJY")
    clerk = member(department, Role.CLERK, "clerk_lx")
    matter = make_matter(org)
    with pytest.raises(ValidationError) as caught:
        make_record(org, matter, actor=clerk, department=department)
    assert "不属于事项所在区划" in caught.value.message_dict["department"][0]
    assert not Disclosure.objects.exists()


def test_a_town_department_publishes_about_a_county_matter_under_the_towns_deadline(org):
    org.county.deadline_days = 20
    org.county.save()
    org.town.deadline_days = 5
    org.town.save()
    matter = make_matter(org, area="housing", name="测试县公租房分配")
    record = make_record(org, matter, "allocation_policy", actor=org.town_clerk, department=org.town_department)
    assert record.matter_link.matter == matter
    assert record.deadline_days == 5


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
    with pytest.raises(TransitionNotAllowed, match="已期满移出"):
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
