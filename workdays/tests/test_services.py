import datetime

import pytest
from django.core.management import CommandError, call_command

from workdays import services
from workdays.choices import DayKind
from workdays.models import CalendarDay, CalendarYear
from workdays.services import WorkCalendar, add_working_days, working_days_between

pytestmark = pytest.mark.django_db

D = datetime.date


# --- the counting rule ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 9, 25), 20, D(2026, 10, 29)),  # across 中秋 and 国庆, counting Saturday 10-10
        (D(2026, 9, 30), 5, D(2026, 10, 13)),
        (D(2026, 10, 3), 1, D(2026, 10, 8)),  # start on a holiday: next working day is day 1
        (D(2026, 10, 9), 1, D(2026, 10, 10)),  # the make-up Saturday is a working day
        (D(2026, 10, 10), 1, D(2026, 10, 12)),
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday → Monday
    ],
)
def test_due_dates_on_the_official_calendar(start, days, due):
    result = add_working_days(start, days)
    assert result.due_on == due
    assert not result.estimated


def test_national_day_2026_days_are_skipped_and_saturday_10_10_counted():
    result = add_working_days(D(2026, 9, 30), 5)
    skipped = {d.date for d in result.skipped}
    assert {D(2026, 10, d) for d in range(1, 8)} <= skipped
    assert [d.date for d in result.makeup_days] == [D(2026, 10, 10)]
    assert any("国庆节" in line for line in result.explain())
    assert any("调休上班" in line for line in result.explain())


def test_spring_festival_2026():
    calendar = WorkCalendar.load()
    assert not calendar.is_workday(D(2026, 2, 17))  # 春节 (Tuesday)
    assert calendar.day(D(2026, 2, 17)).label == "春节"
    result = add_working_days(D(2026, 2, 13), 3)
    assert result.due_on > D(2026, 2, 23)
    assert all(not calendar.is_workday(d.date) for d in result.skipped)


def test_year_end_into_an_uncovered_year_is_estimated_from_the_statute():
    result = add_working_days(D(2026, 12, 28), 5)
    # 12-29, 12-30, 12-31 (2026 known), then 2027-01-01 元旦 (Friday, statutory), 01-04, 01-05
    assert result.due_on == D(2027, 1, 5)
    assert result.estimated
    assert result.estimated_years == [2027]
    assert "跳过 2027-01-01（周五）元旦（预计）。" in result.explain()
    assert "2027年放假安排尚未录入" in result.explain()[-1]
    assert "第六条补假" in result.explain()[-1]


def test_office_table_overrides_the_package_and_moves_a_due_date():
    before = add_working_days(D(2026, 11, 20), 1).due_on
    services.calendar_day_set(actor=None, date=D(2026, 11, 23), kind=DayKind.HOLIDAY, note="地方性假日")
    after = add_working_days(D(2026, 11, 20), 1)
    assert before == D(2026, 11, 23)
    assert after.due_on == D(2026, 11, 24)
    assert after.skipped[-1].label == "地方性假日"


def test_entering_a_year_removes_the_estimate_and_applies_holidays():
    services.calendar_load_csv(
        actor=None,
        text="date,kind,note\n2027-01-01,holiday,元旦\n",
        mark_complete=True,
        notice="国办发明电〔2026〕X号",
    )
    result = add_working_days(D(2026, 12, 31), 1)
    assert result.due_on == D(2027, 1, 4)
    assert not result.estimated
    assert CalendarYear.objects.get(year=2027).complete


def test_working_days_between():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert working_days_between(D(2026, 10, 13), D(2026, 9, 30)) == 0


def test_calendar_change_is_seen_by_a_process_holding_an_old_copy():
    add_working_days(D(2026, 11, 20), 1)
    assert services._memo  # cached
    services.calendar_day_set(actor=None, date=D(2026, 11, 23), kind=DayKind.HOLIDAY)
    assert add_working_days(D(2026, 11, 20), 1).due_on == D(2026, 11, 24)


class FailingCache:
    """The cache while Redis is down (disclosure_portal.cache): every read misses, every write is lost."""

    def get(self, key, default=None, version=None):
        return default

    def set(self, *args, **kwargs):
        pass

    def incr(self, key, delta=1, version=None):
        raise ValueError(key)


def test_the_calendar_is_not_reloaded_while_the_cache_fails(monkeypatch):
    services._invalidate()  # the office changed the calendar once: the cache holds a version
    add_working_days(D(2026, 11, 20), 1)
    real_load, loads = WorkCalendar.load, []

    def counting_load():
        loads.append(1)
        return real_load()

    monkeypatch.setattr(WorkCalendar, "load", counting_load)
    monkeypatch.setattr(services, "cache", FailingCache())
    for _ in range(5):
        assert add_working_days(D(2026, 11, 20), 1).due_on == D(2026, 11, 23)
    assert loads == []  # the copy in hand is kept


def test_a_change_whose_version_bump_was_lost_reaches_every_process_within_the_memo_age(monkeypatch):
    add_working_days(D(2026, 11, 20), 1)
    held = dict(services._memo)  # the copy another process holds
    with monkeypatch.context() as patch:
        patch.setattr(services, "cache", FailingCache())  # Redis down as the office saves the change
        services.calendar_day_set(actor=None, date=D(2026, 11, 23), kind=DayKind.HOLIDAY)
    services._memo.update(held)
    assert add_working_days(D(2026, 11, 20), 1).due_on == D(2026, 11, 23)  # still the old copy…
    services._memo["loaded_at"] -= services.MEMO_MAX_AGE  # …for MEMO_MAX_AGE at most
    assert add_working_days(D(2026, 11, 20), 1).due_on == D(2026, 11, 24)


# --- CSV import ----------------------------------------------------------------------------
def test_csv_bad_rows_are_reported_with_line_numbers_and_nothing_is_loaded(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "date,kind,note\n2027-01-01,holiday,元旦\n2027-13-01,holiday,坏日期\n2027-02-07,rest,坏类型\n2027-01-01,workday,重复\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("load_calendar", str(path))
    message = str(excinfo.value)
    assert "第 3 行" in message and "第 4 行" in message and "第 5 行" in message
    assert "与第 2 行重复" in message
    assert not message.count("第 2 行：")
    assert not CalendarDay.objects.exists()


def test_csv_loads_a_year(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("\ufeffdate,kind,note\n2027-10-01,holiday,国庆节\n2027-10-09,workday,国庆节调休上班\n", encoding="utf-8")
    call_command("load_calendar", str(path), "--complete")
    assert CalendarDay.objects.count() == 2
    calendar = WorkCalendar.load()
    assert not calendar.is_workday(D(2027, 10, 1))
    assert calendar.is_workday(D(2027, 10, 9))  # a Saturday
    assert not calendar.day(D(2027, 10, 11)).estimated


def test_workdays_command_prints_the_due_date(capsys):
    call_command("workdays", "add", "2026-09-30", "5")
    assert capsys.readouterr().out.strip() == "2026-10-13"
    call_command("workdays", "add", "2026-12-31", "1", "--explain")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "2027-01-04 (预计)"
    assert "跳过 2027-01-01（周五）元旦（预计）。" in lines
