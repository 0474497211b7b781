"""Deadline rules and the due dates the kernel stores (calendar arithmetic itself: workdays/tests)."""

import datetime

import pytest
from django.utils import timezone

from catalogue.choices import DecisionType, LimitKind
from catalogue.models import CatalogueEntry
from disclosures import deadlines, services
from disclosures.deadlines import add_working_days
from disclosures.details import placeholder_details
from disclosures.tests.factories import draft, in_state
from workdays import services as workday_services
from workdays.choices import ClockUnit, DayKind

D = datetime.date


def entry(**fields) -> CatalogueEntry:
    defaults = {
        "domain": "projects",
        "category": "approval_result",
        "level1": "批准结果信息",
        "level2": "测试事项",
        "content": "测试",
        "basis": "测试依据",
        "subject": "测试局",
        "limit_kind": LimitKind.GENERAL,  # no limit of its own, as the seeded entries (decision entries too)
        "limit_days": None,
    }
    defaults.update(fields)
    defaults.setdefault("code", f"test-{CatalogueEntry.objects.count()}-{defaults['limit_kind']}")
    return CatalogueEntry.objects.create(**defaults)


def own_limit(days: int, kind=LimitKind.WORKING_DAYS) -> CatalogueEntry:
    return entry(limit_kind=kind, limit_days=days, limit_basis="测试规定第三条")


# ---------------------------------------------------------------------------------------------
# Rule precedence: a rule for the class of information replaces the general limit; the strictest
# wins only among rules of the same rank
# ---------------------------------------------------------------------------------------------
def test_general_rule_only(org):
    rules = deadlines.applicable_rules(jurisdiction=org.county, entry=None)
    assert [r.days for r in rules] == [org.county.deadline_days]


def test_decision_rule_replaces_the_general_rule(org):
    license_entry = entry(decision_type=DecisionType.LICENSE)
    due = deadlines.compute_due(jurisdiction=org.county, entry=license_entry, formed_on=D(2026, 11, 2))
    assert (due.rule.limit, due.rule.unit, due.rule.rank) == (7, ClockUnit.WORKING_DAYS, deadlines.Rank.CLASS)
    assert "行政许可" in due.rule.source and "国办发〔2018〕118号" in due.rule.source
    assert due.due_on == D(2026, 11, 11)  # 11-03 1, 04 2, 05 3, 06 4, 09 5, 10 6, 11 7
    assert [(rule.limit, why) for rule, why in due.others] == [(20, "本类信息另有规定，取代一般时限")]


def test_decision_rule_replaces_a_shorter_local_rule(org):
    org.county.deadline_days = 5
    org.county.deadline_basis = "克政办发〔2018〕65号"
    penalty_entry = entry(decision_type=DecisionType.PENALTY)
    due = deadlines.compute_due(jurisdiction=org.county, entry=penalty_entry, formed_on=D(2026, 11, 2))
    assert (due.rule.limit, due.due_on) == (7, D(2026, 11, 11))  # not the local 5 (11-09)
    assert "行政处罚" in due.rule.source
    assert sorted(rule.limit for rule, _ in due.others) == [5, 20]
    assert all(why == "本类信息另有规定，取代一般时限" for _, why in due.others)
    # Without a rule for its class the record takes the strictest general rule: the local 5.
    general = deadlines.compute_due(jurisdiction=org.county, entry=entry(), formed_on=D(2026, 11, 2))
    assert (general.rule.limit, general.due_on) == (5, D(2026, 11, 9))
    assert "克政办发〔2018〕65号" in general.rule.source


def test_catalogue_entry_limit_and_realtime(org):
    formed = D(2026, 11, 2)  # a Monday
    three = deadlines.compute_due(jurisdiction=org.county, entry=own_limit(3), formed_on=formed)
    assert (three.rule.limit, three.rule.unit, three.due_on) == (3, ClockUnit.WORKING_DAYS, D(2026, 11, 5))
    calendar_days = deadlines.compute_due(
        jurisdiction=org.county, entry=own_limit(3, LimitKind.CALENDAR_DAYS), formed_on=D(2026, 11, 5)
    )
    assert (calendar_days.rule.unit, calendar_days.due_on) == (ClockUnit.CALENDAR_DAYS, D(2026, 11, 9))  # 11-08 is a Sunday
    realtime = entry(limit_kind=LimitKind.REALTIME)
    hours = deadlines.compute_due(jurisdiction=org.county, entry=realtime, formed_on=formed)
    assert (hours.rule.limit, hours.rule.unit, hours.rule.days) == (org.county.hour_limit, ClockUnit.HOURS, 0)
    assert hours.due_at == timezone.make_aware(datetime.datetime(2026, 11, 3, 0, 0))  # from 0:00 of the day formed
    ongoing = deadlines.compute_due(jurisdiction=org.county, entry=entry(limit_kind=LimitKind.ONGOING), formed_on=formed)
    assert (ongoing.rule.limit, ongoing.rule.rank, ongoing.due_on) == (20, deadlines.Rank.GENERAL, D(2026, 11, 30))
    assert "第二十六条" in ongoing.rule.source


def test_record_stores_rule_and_explanation(org):
    license_entry = entry(decision_type=DecisionType.LICENSE)
    # The decision's date (批复日期) starts its clock.
    details = {**placeholder_details("projects", "approval_result"), "approved_on": "2026-09-30"}
    record = draft(org.clerk, org.department, catalogue_entry=license_entry, details=details)
    assert record.formed_on == D(2026, 9, 30)
    assert (record.deadline_days, record.deadline_unit) == (7, ClockUnit.WORKING_DAYS)
    assert record.due_on == D(2026, 10, 15)  # 10-08, 09, 10 (make-up Saturday), 12, 13, 14, 15
    lines = deadlines.explain(record)
    assert "7 个工作日" in lines[0]
    assert any("国庆节" in line for line in lines)
    assert any("调休上班" in line for line in lines)


def test_every_record_points_to_a_catalogue_entry(org):
    record = draft(org.clerk, org.department, category="bidding")
    assert record.catalogue_entry is not None
    assert record.catalogue_entry.category == "bidding"


def test_entry_of_another_category_is_refused(org):
    from django.core.exceptions import ValidationError

    other = entry(category="bidding")
    with pytest.raises(ValidationError) as excinfo:
        draft(org.clerk, org.department, category="approval_result", catalogue_entry=other)
    assert "catalogue_entry" in excinfo.value.message_dict


def test_calendar_change_moves_the_due_date_of_unpublished_records_only(org, django_capture_on_commit_callbacks):
    org.county.deadline_days = 5
    org.county.save()
    pending = draft(org.clerk, org.department, formed_on=D(2026, 9, 30))
    published = in_state(org, "published", formed_on=D(2026, 9, 30))
    assert pending.due_on == published.due_on == D(2026, 10, 13)
    with django_capture_on_commit_callbacks(execute=True):
        workday_services.calendar_day_set(actor=None, date=D(2026, 10, 12), kind=DayKind.HOLIDAY, note="地方假日")
    pending.refresh_from_db()
    published.refresh_from_db()
    assert pending.due_on == D(2026, 10, 14)
    assert published.due_on == D(2026, 10, 13)


@pytest.mark.clock("2026-12-07T10:00")
def test_entering_an_uncovered_year_recomputes_estimated_due_dates(org, django_capture_on_commit_callbacks):
    general = entry(limit_kind=LimitKind.ONGOING)
    record = draft(org.clerk, org.department, catalogue_entry=general, formed_on=D(2026, 12, 7))
    record.refresh_from_db()
    assert record.due_on == D(2027, 1, 5)  # 20 working days, past 2027-01-01 (元旦 by statute)
    assert record.due_on_estimated is True
    with django_capture_on_commit_callbacks(execute=True):
        workday_services.calendar_year_set(actor=None, year=record.due_on.year, complete=True)
    record.refresh_from_db()
    assert record.due_on_estimated is False


def test_publication_records_timeliness(org):
    on_time = in_state(org, "published", formed_on=timezone.localdate())
    assert on_time.late_working_days == 0
    assert on_time.timeliness_label == "按时公开"
    late = in_state(org, "published", formed_on=D(2026, 9, 1))
    assert late.late_working_days == deadlines.working_days_between(late.due_on, timezone.localdate())
    assert late.late_working_days > 0
    assert late.timeliness_label == f"逾期{late.late_working_days}个工作日公开"


# ---------------------------------------------------------------------------------------------
# due_on stored by the kernel
# ---------------------------------------------------------------------------------------------
def test_create_stores_due_on_from_the_general_twenty_day_rule(org):
    org.county.deadline_days = 20
    org.county.save()

    record = draft(org.clerk, org.department, formed_on=D(2026, 9, 25))

    record.refresh_from_db()
    assert record.due_on == D(2026, 10, 29)
    assert record.due_on_estimated is False


def test_create_uses_the_deadline_days_of_the_departments_jurisdiction(org):
    org.county.deadline_days = 20
    org.county.save()
    org.town.deadline_days = 5
    org.town.save()

    town_record = draft(org.town_clerk, org.town_department, formed_on=D(2026, 9, 30))
    county_record = draft(org.clerk, org.department, formed_on=D(2026, 9, 30))

    town_record.refresh_from_db()
    county_record.refresh_from_db()
    assert town_record.due_on == D(2026, 10, 13)
    assert county_record.due_on == add_working_days(D(2026, 9, 30), 20).due_on
    assert county_record.due_on != town_record.due_on


@pytest.mark.clock("2026-12-07T10:00")
def test_create_flags_a_due_date_in_an_unknown_year_as_estimated(org):
    general = entry(limit_kind=LimitKind.ONGOING)  # no limit of its own: the general 20 working days apply
    record = draft(org.clerk, org.department, catalogue_entry=general, formed_on=D(2026, 12, 7))

    record.refresh_from_db()
    # 12-08..11 4, 14..18 9, 21..25 14, 28..31 18; 2027-01-01 元旦 (statute), 01-04 19, 01-05 20
    assert record.due_on == D(2027, 1, 5)
    assert record.due_on_estimated is True


def test_changing_formed_on_recomputes_due_on(org):
    org.county.deadline_days = 20
    org.county.save()
    record = draft(org.clerk, org.department, formed_on=D(2026, 9, 25))

    services.disclosure_update(
        disclosure=record, actor=org.clerk, expected_version=0, formed_on=D(2026, 9, 30)
    )

    record.refresh_from_db()
    assert record.due_on == add_working_days(D(2026, 9, 30), 20).due_on
    assert record.due_on != D(2026, 10, 29)


def test_moving_to_a_department_with_another_rule_recomputes_due_on(org):
    org.town.deadline_days = 5
    org.town.save()
    record = draft(org.office, org.department, formed_on=D(2026, 9, 30))

    services.disclosure_update(
        disclosure=record, actor=org.office, expected_version=0, department=org.town_department
    )

    record.refresh_from_db()
    assert record.jurisdiction == org.town
    assert record.due_on == D(2026, 10, 13)


# ---------------------------------------------------------------------------------------------
# Choosing the catalogue entry
# ---------------------------------------------------------------------------------------------
def test_a_deactivated_entry_cannot_be_chosen(org):
    from django.core.exceptions import ValidationError

    retired = entry(is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        draft(org.clerk, org.department, catalogue_entry=retired)
    assert "已停用" in excinfo.value.message_dict["catalogue_entry"][0]
    record = draft(org.clerk, org.department)
    with pytest.raises(ValidationError):
        services.disclosure_update(disclosure=record, actor=org.clerk, expected_version=0, catalogue_entry=retired)


def test_a_record_keeps_an_entry_deactivated_since(org):
    chosen = own_limit(10)
    record = draft(org.clerk, org.department, catalogue_entry=chosen)
    CatalogueEntry.objects.filter(pk=chosen.pk).update(is_active=False)
    record.refresh_from_db()
    services.disclosure_update(
        disclosure=record, actor=org.clerk, expected_version=0, title="改标题", catalogue_entry=record.catalogue_entry
    )
    record.refresh_from_db()
    assert (record.title, record.catalogue_entry_id, record.deadline_days) == ("改标题", chosen.pk, 10)


def test_a_correction_takes_the_current_entry_when_the_original_one_was_deactivated(org):
    chosen = own_limit(10)
    original = in_state(org, "published", catalogue_entry=chosen)
    CatalogueEntry.objects.filter(pk=chosen.pk).update(is_active=False)
    original.refresh_from_db()
    correction = services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="更正笔误")
    # The entry its structured item type selects (the placeholder's first 审批事项: 项目建议书审批).
    assert correction.catalogue_entry.code == "projects-approval-result-proposal"
    assert correction.catalogue_entry == services.default_catalogue_entry("projects", "approval_result", original.details)


# ---------------------------------------------------------------------------------------------
# The public timeliness stamp of a corrected record
# ---------------------------------------------------------------------------------------------
def test_timeliness_record_is_the_last_applied_correction(org):
    original = in_state(org, "published", formed_on=D(2026, 9, 1))
    assert original.timeliness_record == original
    assert original.late_working_days > 0
    correction = services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="更正笔误")
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)
    original.refresh_from_db()
    assert original.version == 2
    stamp = original.timeliness_record
    assert stamp.pk == correction.pk
    assert (stamp.formed_on, stamp.timeliness_label) == (original.formed_on, "按时公开")
    # The first publication stays counted as it was.
    assert original.timeliness_label == f"逾期{original.late_working_days}个工作日公开"
