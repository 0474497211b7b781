"""Deadline rules and the due dates the kernel stores (calendar arithmetic itself: workdays/tests)."""

import datetime

import pytest
from django.utils import timezone

from catalogue.choices import DecisionType, LimitKind
from catalogue.models import CatalogueEntry
from disclosures import deadlines, services
from disclosures.deadlines import add_working_days
from disclosures.tests.factories import draft, in_state
from workdays import services as workday_services
from workdays.choices import DayKind

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
        "limit_kind": LimitKind.WORKING_DAYS,
        "limit_days": 20,
    }
    defaults.update(fields)
    defaults.setdefault("code", f"test-{CatalogueEntry.objects.count()}-{defaults['limit_kind']}")
    return CatalogueEntry.objects.create(**defaults)


# ---------------------------------------------------------------------------------------------
# Rule precedence: the strictest applicable rule wins
# ---------------------------------------------------------------------------------------------
def test_general_rule_only(org):
    rules = deadlines.applicable_rules(jurisdiction=org.county, entry=None)
    assert [r.days for r in rules] == [org.county.deadline_days]


def test_decision_rule_beats_the_general_rule(org):
    license_entry = entry(decision_type=DecisionType.LICENSE)
    chosen = deadlines.strictest(deadlines.applicable_rules(jurisdiction=org.county, entry=license_entry))
    assert chosen.days == 7
    assert "行政许可" in chosen.source


def test_locality_rule_beats_the_decision_rule(org):
    org.county.deadline_days = 5
    penalty_entry = entry(decision_type=DecisionType.PENALTY)
    chosen = deadlines.strictest(deadlines.applicable_rules(jurisdiction=org.county, entry=penalty_entry))
    assert chosen.days == 5


def test_catalogue_entry_limit_and_realtime(org):
    assert deadlines.strictest(deadlines.applicable_rules(jurisdiction=org.county, entry=entry(limit_days=3))).days == 3
    realtime = entry(limit_kind=LimitKind.REALTIME, limit_days=None)
    assert deadlines.strictest(deadlines.applicable_rules(jurisdiction=org.county, entry=realtime)).days == 1
    ongoing = entry(limit_kind=LimitKind.ONGOING, limit_days=None)
    assert deadlines.strictest(deadlines.applicable_rules(jurisdiction=org.county, entry=ongoing)).days == 20


def test_record_stores_rule_and_explanation(org):
    license_entry = entry(decision_type=DecisionType.LICENSE)
    record = draft(org.clerk, org.department, catalogue_entry=license_entry, formed_on=D(2026, 9, 30))
    assert record.deadline_days == 7
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


def test_entering_an_uncovered_year_recomputes_estimated_due_dates(org, django_capture_on_commit_callbacks):
    org.county.deadline_days = 60
    org.county.save()
    general = entry(limit_kind=LimitKind.ONGOING, limit_days=None)
    record = draft(org.clerk, org.department, catalogue_entry=general, formed_on=D(2026, 11, 20))
    record.refresh_from_db()
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


def test_create_flags_a_due_date_in_an_unknown_year_as_estimated(org):
    org.county.deadline_days = 60
    org.county.save()

    general = entry(limit_kind=LimitKind.ONGOING, limit_days=None)  # no limit of its own: the 60 applies
    record = draft(org.clerk, org.department, catalogue_entry=general, formed_on=D(2026, 11, 20))

    record.refresh_from_db()
    assert record.due_on.year == 2027
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
    chosen = entry(limit_days=10)
    record = draft(org.clerk, org.department, catalogue_entry=chosen)
    CatalogueEntry.objects.filter(pk=chosen.pk).update(is_active=False)
    record.refresh_from_db()
    services.disclosure_update(
        disclosure=record, actor=org.clerk, expected_version=0, title="改标题", catalogue_entry=record.catalogue_entry
    )
    record.refresh_from_db()
    assert (record.title, record.catalogue_entry_id, record.deadline_days) == ("改标题", chosen.pk, 10)


def test_a_correction_takes_the_current_entry_when_the_original_one_was_deactivated(org):
    chosen = entry(limit_days=10)
    original = in_state(org, "published", catalogue_entry=chosen)
    CatalogueEntry.objects.filter(pk=chosen.pk).update(is_active=False)
    original.refresh_from_db()
    correction = services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="更正笔误")
    assert correction.catalogue_entry == services.default_catalogue_entry("projects", "approval_result")


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
