"""
Issue 16: which records have a publication limit, which rule wins, in which unit, from which day.

Every date is hand-computed on the 2026 calendar: National Day 10-01 to 10-07 off (10-01..10-03 法定假日,
10-04..10-07 休息), Saturday 10-10 a make-up working day (调休上班), 09-20 (Sunday) a make-up working day.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalogue.choices import DecisionType, LimitKind
from catalogue.models import CatalogueEntry
from compliance import services as compliance_services
from core.models import AuditEntry
from disclosures import deadlines, services
from disclosures.admin import deadline_state_html
from disclosures.choices import DisclosureMode, WithholdingReason
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, in_state
from workdays.choices import ClockUnit

D = datetime.date
pytestmark = pytest.mark.clock("2026-10-09T10:00")


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def entry_of(code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(code=code)


def five_day_county(org):
    """A county whose local rule shortens the general limit to 5 working days (seed 002: 克州)."""
    org.county.deadline_days = 5
    org.county.deadline_basis = "克政办发〔2018〕65号"
    org.county.save()
    assert org.department.jurisdiction_id == org.county.pk
    return org.county


def approval(item: str, approved_on: datetime.date) -> dict:
    return {"approval_item": item, "reply_no": "青发改审批〔2026〕8号", "authority": "青山县发展和改革委员会",
            "approved_on": approved_on.isoformat(), "result": "approved"}


# ---------------------------------------------------------------------------------------------
# 1. Only 主动公开 has a publication limit (条例第二十六条)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode,extra", [
    (DisclosureMode.ON_REQUEST, {}),
    (DisclosureMode.NOT_DISCLOSED, {"withholding_reason": WithholdingReason.PROCESS_INFO}),
])
def test_records_not_actively_published_have_no_deadline_no_flag_no_stamp(org, mode, extra):
    record = draft(org.clerk, org.department, formed_on=D(2026, 8, 3), disclosure_mode=mode,
                   mode_reason="涉及第三方商业秘密（《政府信息公开条例》第十五条）。", **extra)
    assert (record.due_on, record.due_at, record.deadline_days, record.deadline_unit, record.deadline_rule) == (
        None, None, None, "", "")
    assert compliance_services.flag_overdue().count == 0
    record.refresh_from_db()
    assert record.overdue_flagged_at is None
    assert "只适用于主动公开的信息" in deadlines.explain(record)[0]
    published = in_state(org, "published", formed_on=D(2026, 8, 3), disclosure_mode=mode,
                         mode_reason="涉及第三方商业秘密（《政府信息公开条例》第十五条）。", **extra)
    assert published.late_working_days is None and published.timeliness_label == ""


def test_on_time_rate_counts_only_active_records(org):
    from compliance.selectors import dashboard_stats  # noqa: PLC0415 — the office dashboard's totals
    from workdays.services import current_calendar  # noqa: PLC0415

    in_state(org, "published", formed_on=D(2026, 9, 30))  # due 10-28: on time
    in_state(org, "published", formed_on=D(2026, 5, 6), disclosure_mode=DisclosureMode.ON_REQUEST,
             mode_reason="依申请公开（《政府信息公开条例》第十五条）。")
    totals = dashboard_stats(Disclosure.objects.all(), today=D(2026, 10, 9), calendar=current_calendar()).totals
    assert (totals.published, totals.on_time) == (1, 1)


def test_not_disclosed_needs_a_reason_from_the_annual_report_list(org):
    with pytest.raises(ValidationError) as excinfo:
        draft(org.clerk, org.department, disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="内部材料",
              withholding_reason="")
    assert "不予公开理由" in excinfo.value.message_dict["withholding_reason"][0]
    assert len(WithholdingReason.choices) == 8
    assert Disclosure._meta.get_field("disclosure_mode").verbose_name == "公开属性"


# ---------------------------------------------------------------------------------------------
# 2. The general limit: its own basis; a local rule may shorten 20 working days, never lengthen them
# ---------------------------------------------------------------------------------------------
def test_a_local_general_limit_names_its_own_basis(org):
    five_day_county(org)
    record = draft(org.clerk, org.department, category="design_change", formed_on=D(2026, 9, 30))
    assert record.due_on == D(2026, 10, 13)  # 10-08 1, 09 2, 10 (调休) 3, 12 4, 13 5
    assert "克政办发〔2018〕65号" in record.deadline_rule and "第二十六条" not in record.deadline_rule


def test_the_general_limit_cannot_be_longer_than_20_working_days(org):
    org.county.deadline_days = 21
    with pytest.raises(ValidationError) as excinfo:
        org.county.full_clean()
    assert "不能延长" in excinfo.value.message_dict["deadline_days"][0]
    org.county.deadline_days = 5
    org.county.deadline_basis = ""
    with pytest.raises(ValidationError) as excinfo:
        org.county.full_clean()
    assert "deadline_basis" in excinfo.value.message_dict


# ---------------------------------------------------------------------------------------------
# 3. A rule for the class of information replaces the general limit
# ---------------------------------------------------------------------------------------------
def test_a_license_decision_gets_7_working_days_even_where_the_general_limit_is_5(org):
    five_day_county(org)
    record = draft(org.clerk, org.department, category="approval_result",
                   details=approval("verification", D(2026, 9, 30)))
    assert record.catalogue_entry.code == "projects-approval-result-verification"
    assert record.formed_on == D(2026, 9, 30)  # the decision date starts the clock (point 5)
    assert record.due_on == D(2026, 10, 15)  # 10-08 1, 09 2, 10 (调休) 3, 12 4, 13 5, 14 6, 15 7
    assert (record.deadline_days, record.deadline_unit) == (7, ClockUnit.WORKING_DAYS)
    assert "国办发〔2018〕118号" in record.deadline_rule
    lines = deadlines.explain(record)
    assert "未适用" in lines[1] and "克政办发〔2018〕65号" in lines[1] and "取代一般时限" in lines[1]


def test_among_rules_of_the_same_rank_the_earliest_due_wins(org):
    entry = CatalogueEntry.objects.create(
        code="test-own-limit", domain="projects", category="approval_result", level1="批准结果信息",
        level2="测试许可", content="测试", basis="测试", subject="测试局", decision_type=DecisionType.LICENSE,
        limit_kind=LimitKind.WORKING_DAYS, limit_days=3, limit_basis="测试规定第三条",
    )
    due = deadlines.compute_due(jurisdiction=org.county, entry=entry, formed_on=D(2026, 11, 2))
    assert (due.rule.limit, due.due_on) == (3, D(2026, 11, 5))
    assert [rule.limit for rule, _ in due.others] == [7, 20]


# ---------------------------------------------------------------------------------------------
# 4. The structured item type chooses the catalogue entry
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("item,code,days", [
    ("energy", "projects-approval-result-energy", 7),
    ("proposal", "projects-approval-result-proposal", 20),
])
def test_the_item_type_selects_the_entry(org, item, code, days):
    record = draft(org.clerk, org.department, category="approval_result", details=approval(item, D(2026, 10, 9)))
    assert (record.catalogue_entry.code, record.deadline_days) == (code, days)


def test_a_procurement_result_gets_its_2_working_days(org):
    record = draft(org.clerk, org.department, domain="resources", category="procurement",
                   details={"item_type": "result", "supplier": "青山县某建材公司", "deal_amount": "125000.00"},
                   formed_on=D(2026, 9, 30))
    assert record.catalogue_entry.limit_days == 2
    assert record.due_on == D(2026, 10, 9)  # 10-08 1, 10-09 2
    assert "第四十三条" in record.deadline_rule


def test_when_the_item_type_cannot_decide_the_entry_is_required(org):
    with pytest.raises(ValidationError) as excinfo:  # (the test factory would choose an entry: call the service)
        services.disclosure_create(actor=org.clerk, department=org.department, domain="projects",
                                   category="approval_result", title="未说明审批事项的批复", details={})
    assert "请选择“标准目录事项”" in excinfo.value.message_dict["catalogue_entry"][0]


# ---------------------------------------------------------------------------------------------
# 6. A limit in 日 counts calendar days, ending on the next working day after a holiday (民法典第二百零三条)
# ---------------------------------------------------------------------------------------------
CANDIDATES = {"stage": "candidates", "method": "open", "objection": "公示期间书面提出",
              "candidates": [{"rank": 1, "name": "测试路桥建设有限公司", "bid_price": "1000000", "manager": "张三"}]}


def test_candidates_3_days_from_national_day_eve_end_on_10_08(org):
    record = draft(org.clerk, org.department, category="bidding", details=CANDIDATES,
                   formed_on=D(2026, 9, 30))
    assert (record.deadline_days, record.deadline_unit) == (3, ClockUnit.CALENDAR_DAYS)
    assert record.due_on == D(2026, 10, 8)  # 10-03 is a holiday: the next working day
    assert "第五十四条" in record.deadline_rule
    assert any("第二百零三条" in line for line in deadlines.explain(record))


@pytest.mark.clock("2026-11-06T10:00")
def test_candidates_3_days_in_an_ordinary_week(org):
    record = draft(org.clerk, org.department, category="bidding", details=CANDIDATES,
                   formed_on=D(2026, 11, 3))
    assert record.due_on == D(2026, 11, 6)


def test_the_catalogue_shows_the_unit(org):
    assert entry_of("projects-bidding-candidates").limit_display == "3日"
    assert entry_of("projects-approval-result-verification").limit_display == "行政许可决定作出之日起7个工作日"


# ---------------------------------------------------------------------------------------------
# 7. Urgent and real-time information: hours on calendar time
# ---------------------------------------------------------------------------------------------
def test_an_urgent_flood_warning_is_due_24_hours_after_it_was_formed(org, _pinned_clock, client):
    _pinned_clock.move_to(at("2026-09-30T16:00"))
    record = draft(org.clerk, org.department, domain="welfare", category="disaster_relief", urgent=True,
                   details={"item_type": "emergency_response"}, formed_on=D(2026, 9, 30),
                   formed_at=at("2026-09-30T15:00"))
    assert (record.deadline_days, record.deadline_unit) == (24, ClockUnit.HOURS)
    assert record.due_at == at("2026-10-01T15:00") and record.due_on == D(2026, 10, 1)
    assert "剩22小时" in deadline_state_html(record)
    client.force_login(org.office)
    page = client.get(reverse("compliance:dashboard")).content.decode()
    assert "按小时计时的紧急、实时信息" in page and "剩22小时" in page
    _pinned_clock.move_to(at("2026-10-01T15:30"))
    client.force_login(org.office)  # a new day's session (staff sessions expire)
    page = client.get(reverse("compliance:dashboard")).content.decode()
    assert "逾期1小时" in page  # in the hour-clock panel and the overdue list, on a holiday
    assert compliance_services.flag_overdue().count == 1  # within the hour, on a holiday
    record.refresh_from_db()
    assert record.overdue_flagged_at is not None
    assert "逾期" in deadline_state_html(record)


def test_a_realtime_entry_uses_its_own_hours_else_the_offices_default(org):
    entry = entry_of("welfare-disaster-response")
    due = deadlines.compute_due(jurisdiction=org.county, entry=entry, formed_on=D(2026, 10, 9),
                                formed_at=at("2026-10-09T08:00"))
    assert (due.rule.unit, due.due_at) == (ClockUnit.HOURS, at("2026-10-10T08:00"))
    entry.limit_hours = 2
    due = deadlines.compute_due(jurisdiction=org.county, entry=entry, formed_on=D(2026, 10, 9),
                                formed_at=at("2026-10-09T08:00"))
    assert due.due_at == at("2026-10-09T10:00")


# ---------------------------------------------------------------------------------------------
# The API says which rule won, in which unit, and the due time of an hour clock
# ---------------------------------------------------------------------------------------------
def test_the_api_exposes_rule_unit_and_due_time(org, _pinned_clock):
    from rest_framework.test import APIClient  # noqa: PLC0415

    _pinned_clock.move_to(at("2026-10-09T09:00"))
    record = draft(org.clerk, org.department, domain="welfare", category="disaster_relief", urgent=True,
                   details={"item_type": "emergency_response"}, formed_on=D(2026, 10, 9),
                   formed_at=at("2026-10-09T08:30"))
    client = APIClient()
    client.force_authenticate(org.clerk)
    body = client.get(f"/api/v1/disclosures/{record.pk}/").json()
    assert body["deadline_unit"] == "hours" and body["deadline_days"] == 24
    assert "紧急信息" in body["deadline_rule"]
    assert datetime.datetime.fromisoformat(body["due_at"]) == at("2026-10-10T08:30")


# ---------------------------------------------------------------------------------------------
# Existing records are recomputed under the new rules, each change with an audit row
# ---------------------------------------------------------------------------------------------
def test_applying_the_rules_recomputes_and_audits_what_changed(org):
    stale = draft(org.clerk, org.department, formed_on=D(2026, 9, 1), disclosure_mode=DisclosureMode.ON_REQUEST,
                  mode_reason="依申请公开（《政府信息公开条例》第十五条）。")
    Disclosure.objects.filter(pk=stale.pk).update(due_on=D(2026, 9, 29), deadline_days=20, deadline_rule="旧规则")
    unchanged = draft(org.clerk, org.department, category="design_change", formed_on=D(2026, 9, 1))
    counts = services.disclosure_apply_deadline_rules(reason="test")
    assert (counts["records"], counts["no_deadline"]) == (1, 1)
    stale.refresh_from_db()
    assert stale.due_on is None
    row = AuditEntry.objects.get(action="disclosure.deadline_rules_applied")
    assert row.object_id == stale.pk
    assert "应公开日期由 2026-09-29 改为 无" in row.comment and "旧规则" in row.comment
    assert not AuditEntry.objects.filter(action="disclosure.deadline_rules_applied", object_id=unchanged.pk).exists()


# ---------------------------------------------------------------------------------------------
# 10. Citations
# ---------------------------------------------------------------------------------------------
def test_no_catalogue_entry_cites_the_superseded_2015_notice(org):
    assert not CatalogueEntry.objects.filter(basis__contains="发改电〔2015〕557号").exists()
    assert CatalogueEntry.objects.filter(decision_type=DecisionType.PENALTY, basis__contains="第四十八条").exists()
