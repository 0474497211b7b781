"""Working days on the official Chinese calendar, and the `due_on` stored on each record."""

import datetime

import chinese_calendar
import pytest

from disclosures import services
from disclosures.deadlines import DueDate, add_working_days, is_workday, working_days_between
from disclosures.tests.factories import draft

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Mid-Autumn (9-25..27) and National Day (10-1..7) 2026, with 10-10 (Saturday) a make-up working day
        (D(2026, 9, 25), 20, D(2026, 10, 29)),
        (D(2026, 9, 30), 5, D(2026, 10, 13)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 10, 9), 1, D(2026, 10, 10)),
        # Spring Festival 2026: 2-15..23 off, 2-14 and 2-28 (Saturdays) working days
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 13), 6, D(2026, 2, 28)),
        # an ordinary week: the start day is not counted, the weekend is skipped
        (D(2026, 11, 2), 1, D(2026, 11, 3)),
        (D(2026, 11, 6), 1, D(2026, 11, 9)),
        (D(2026, 11, 2), 5, D(2026, 11, 9)),
    ],
)
def test_add_working_days_follows_the_official_calendar(start, days, due):
    assert add_working_days(start, days) == DueDate(due_on=due, estimated=False)


def test_start_on_a_holiday_counts_from_the_next_working_day():
    assert not chinese_calendar.is_workday(D(2026, 10, 3))

    assert add_working_days(D(2026, 10, 3), 1).due_on == D(2026, 10, 8)
    assert add_working_days(D(2026, 10, 3), 5).due_on == D(2026, 10, 13)
    assert add_working_days(D(2026, 10, 3), 20) == add_working_days(D(2026, 9, 30), 20)


def test_year_unknown_to_the_package_uses_weekends_only_and_is_flagged():
    with pytest.raises(NotImplementedError):  # precondition: chinese-calendar 1.11 stops at 2026
        chinese_calendar.is_workday(D(2027, 3, 1))

    assert add_working_days(D(2027, 3, 1), 10) == DueDate(due_on=D(2027, 3, 15), estimated=True)
    assert add_working_days(D(2027, 1, 8), 1) == DueDate(due_on=D(2027, 1, 11), estimated=True)
    assert is_workday(D(2027, 3, 6)) == (False, True)  # a Saturday
    assert is_workday(D(2027, 3, 8)) == (True, True)


def test_period_running_into_an_unknown_year_is_flagged():
    assert add_working_days(D(2026, 12, 30), 3) == DueDate(due_on=D(2027, 1, 4), estimated=True)
    assert add_working_days(D(2026, 12, 28), 3) == DueDate(due_on=D(2026, 12, 31), estimated=False)


@pytest.mark.parametrize("days", [0, -1])
def test_days_must_be_positive(days):
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 2), days)


def test_working_days_between():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert working_days_between(D(2026, 9, 25), D(2026, 10, 29)) == 20
    assert working_days_between(D(2026, 10, 13), D(2026, 9, 30)) == 0
    assert working_days_between(D(2026, 10, 13), D(2026, 10, 13)) == 0


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

    record = draft(org.clerk, org.department, formed_on=D(2026, 11, 20))

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
