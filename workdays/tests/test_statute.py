"""Years without a State Council notice: the statutory holidays and 补假 of 《全国年节及纪念日放假办法》.

The expected dates were checked by hand against a printed calendar (lunar dates and 清明 included).
"""

import datetime

import pytest

from workdays import services, statute
from workdays.choices import DayKind
from workdays.services import WorkCalendar, add_working_days

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("year", "name", "days"),
    [
        (2027, "元旦", [D(2027, 1, 1)]),
        (2027, "春节", [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)]),  # 除夕 to 初三
        (2027, "清明节", [D(2027, 4, 5)]),
        (2027, "劳动节", [D(2027, 5, 1), D(2027, 5, 2)]),
        (2027, "端午节", [D(2027, 6, 9)]),
        (2027, "中秋节", [D(2027, 9, 15)]),
        (2027, "国庆节", [D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)]),
        (2028, "春节", [D(2028, 1, 25), D(2028, 1, 26), D(2028, 1, 27), D(2028, 1, 28)]),
        (2028, "清明节", [D(2028, 4, 4)]),
        (2028, "端午节", [D(2028, 5, 28)]),
        (2028, "中秋节", [D(2028, 10, 3)]),
    ],
)
def test_festival_days_follow_article_2(year, name, days):
    assert dict(statute.festivals(year))[name] == days


@pytest.mark.parametrize(
    ("year", "make_up"),
    [
        # 春节 2027: 初一 and 初二 fall on Saturday and Sunday → two 补假 days after 初三 (Monday 02-08).
        (2027, {D(2027, 2, 9): "春节补假", D(2027, 2, 10): "春节补假"}),
        (2027, {D(2027, 5, 3): "劳动节补假", D(2027, 5, 4): "劳动节补假"}),  # 1–2 May on the weekend
        (2027, {D(2027, 10, 4): "国庆节补假", D(2027, 10, 5): "国庆节补假"}),  # 2–3 October
        (2028, {D(2028, 1, 3): "元旦补假"}),  # 1 January is a Saturday
        (2028, {D(2028, 5, 29): "端午节补假"}),  # 端午 on a Sunday
        (2028, {D(2028, 10, 4): "国庆节补假"}),  # 1 October is a Sunday; 10-03 is also 中秋
    ],
)
def test_article_6_make_up_days_follow_a_weekend_holiday(year, make_up):
    days = statute.statutory_days_off(year)
    for date, label in make_up.items():
        assert days[date] == label


def test_no_make_up_day_when_no_holiday_falls_on_a_weekend():
    days = statute.statutory_days_off(2027)
    assert not any(label.startswith(("元旦", "清明", "端午", "中秋")) and label.endswith("补假") for label in days.values())
    assert D(2027, 1, 4) not in days  # 元旦 2027 is a Friday


def test_two_festivals_on_one_day_are_named_together():
    assert statute.statutory_days_off(2028)[D(2028, 10, 3)] == "中秋节、国庆节"


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # the worked example: 元旦, then the weekend
        (D(2027, 2, 3), 3, D(2027, 2, 12)),  # 02-04, then 春节 02-05…08 and 补假 02-09/10, then 02-11, 02-12
        (D(2027, 2, 4), 1, D(2027, 2, 11)),
        (D(2027, 4, 2), 1, D(2027, 4, 6)),  # 清明 Monday 04-05
        (D(2027, 4, 30), 1, D(2027, 5, 5)),  # 劳动节 on the weekend, 补假 Monday and Tuesday
        (D(2027, 6, 8), 1, D(2027, 6, 10)),  # 端午 Wednesday
        (D(2027, 9, 14), 1, D(2027, 9, 16)),  # 中秋 Wednesday
        (D(2027, 9, 30), 1, D(2027, 10, 6)),  # 国庆 Friday to Sunday, 补假 Monday and Tuesday
        (D(2027, 9, 1), 20, D(2027, 9, 30)),  # 20 working days across 中秋
        (D(2027, 12, 31), 1, D(2028, 1, 4)),  # 元旦 2028 on Saturday: 补假 Monday 01-03
        (D(2028, 1, 21), 3, D(2028, 2, 1)),  # 01-24, then 春节 Tuesday to Friday (no 补假), 01-31, 02-01
        (D(2028, 5, 26), 1, D(2028, 5, 30)),  # 端午 Sunday → 补假 Monday
        (D(2028, 9, 29), 1, D(2028, 10, 5)),  # 国庆 Sunday–Tuesday with 中秋 on 10-03, 补假 10-04
    ],
)
def test_estimated_due_dates_around_each_holiday(start, days, due):
    result = add_working_days(start, days)
    assert result.due_on == due
    assert result.estimated


def test_the_explanation_names_each_holiday_and_make_up_day():
    lines = add_working_days(D(2027, 2, 3), 3).explain()
    for date, label in [("2027-02-05", "春节"), ("2027-02-06", "春节"), ("2027-02-09", "春节补假"), ("2027-02-10", "春节补假")]:
        assert any(line.startswith(f"跳过 {date}") and f"{label}（预计）" in line for line in lines), lines
    assert "不含调休" in lines[-1] and "《全国年节及纪念日放假办法》" in lines[-1]


def test_the_office_table_overrides_the_estimate():
    # The notice for 2027 (say) makes 02-09 a working day and adds 02-11 as a holiday.
    services.calendar_day_set(actor=None, date=D(2027, 2, 9), kind=DayKind.WORKDAY, note="春节后上班")
    services.calendar_day_set(actor=None, date=D(2027, 2, 11), kind=DayKind.HOLIDAY, note="春节")
    calendar = WorkCalendar.load()
    assert calendar.is_workday(D(2027, 2, 9))
    assert not calendar.is_workday(D(2027, 2, 11))
    assert not calendar.is_workday(D(2027, 2, 10))  # still the statute's estimate


def test_a_complete_year_is_the_table_alone():
    services.calendar_year_set(actor=None, year=2027, complete=True, notice="国办发明电〔2026〕X号")
    result = add_working_days(D(2026, 12, 31), 1)
    assert result.due_on == D(2027, 1, 1)  # the office marked 2027 complete without entering 元旦
    assert not result.estimated


def test_years_in_the_package_ignore_the_statute():
    # 2026: the notice made 2026-01-04 (Sunday) a working day, which no rule would guess.
    assert add_working_days(D(2026, 1, 3), 1).due_on == D(2026, 1, 4)
    assert not add_working_days(D(2026, 1, 3), 1).estimated


def test_a_far_year_is_estimated_too():
    # 2031: 春节 is 01-22…01-25 (Saturday 01-25 → 补假 Monday 01-27), 清明 Saturday 04-05 → 补假 04-07.
    assert add_working_days(D(2031, 1, 21), 1).due_on == D(2031, 1, 28)
    assert add_working_days(D(2031, 4, 4), 1).due_on == D(2031, 4, 8)
