"""The statutory clock (workdays.clock): units, pauses, extensions, storage, recomputation and flagging.

Dates are hand-computed on the 2026 calendar: 国庆节 10-01 to 10-07 off, Saturday 10-10 a working day.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEntry
from disclosures.models import Disclosure
from disclosures.tests.factories import draft
from workdays import clock, services
from workdays.choices import ClockUnit, DayKind
from workdays.clock import Extension, Pause, StatutoryClock
from workdays.models import CalendarYear
from workdays.services import WorkCalendar

D = datetime.date
ACT = "《政府信息公开条例》"


@pytest.fixture
def calendar():
    """The package's calendar alone: no office rows, no database."""
    return WorkCalendar({}, set())


def request_clock(**fields) -> StatutoryClock:
    """An information request's answer period: 20 working days from receipt (条例第三十三条第一款)."""
    fields.setdefault("start", D(2026, 9, 28))
    return StatutoryClock(unit=ClockUnit.WORKING_DAYS, limit=20, label="答复期限", **fields)


# --- units ----------------------------------------------------------------------------------------
def test_working_days_are_the_calendars_count_and_explanation(calendar):
    result = request_clock().compute(calendar)
    assert result.due_on == D(2026, 10, 30)  # the example: received Mon 09-28
    assert result.due_at is None and not result.estimated
    assert result.explain() == calendar.add_working_days(D(2026, 9, 28), 20).explain("答复期限")
    assert result.explain()[0] == "起算日 2026-09-28（当日不计入），向后数 20 个工作日，答复期限 2026-10-30。"


def test_calendar_days_ending_on_a_holiday_end_on_the_next_working_day(calendar):
    """招标投标法实施条例第五十四条 "3日" from 09-30: 10-03 is 国庆节, so the period ends 10-08 (民法典第二百零三条)."""
    result = StatutoryClock(start=D(2026, 9, 30), unit=ClockUnit.CALENDAR_DAYS, limit=3, label="公示期满").compute(calendar)
    assert result.due_on == D(2026, 10, 8)
    assert "2026-10-03（周六）国庆节，为法定休假日" in result.explain()[1]
    assert result.explain()[-1] == "公示期满 2026-10-08。"


def test_calendar_days_ending_on_a_working_day_count_weekends(calendar):
    result = StatutoryClock(start=D(2026, 11, 19), unit=ClockUnit.CALENDAR_DAYS, limit=4).compute(calendar)
    assert result.due_on == D(2026, 11, 23)  # Thursday + 4 days = Monday; the weekend counts


def test_hours_run_on_calendar_time_through_a_holiday(calendar):
    start = timezone.make_aware(datetime.datetime(2026, 9, 30, 18, 0))
    result = StatutoryClock(start=start, unit=ClockUnit.HOURS, limit=24, label="应公开时间").compute(calendar)
    assert result.due_at == timezone.make_aware(datetime.datetime(2026, 10, 1, 18, 0))
    assert result.due_on == D(2026, 10, 1)
    assert result.explain() == ["起算时间 2026-09-30 18:00，向后 24 小时，应公开时间 2026-10-01 18:00。"]


def test_an_hour_clock_needs_an_instant_and_takes_no_pause():
    with pytest.raises(ValueError):
        StatutoryClock(start=D(2026, 9, 30), unit=ClockUnit.HOURS, limit=24)
    start = timezone.make_aware(datetime.datetime(2026, 9, 30, 18, 0))
    with pytest.raises(ValueError):
        StatutoryClock(start=start, unit=ClockUnit.HOURS, limit=24, pauses=(Pause(D(2026, 10, 1), D(2026, 10, 2), "x"),))


# --- pauses and extensions ------------------------------------------------------------------------
def test_a_pause_over_national_day_stops_only_its_working_days(calendar):
    """条例第三十二条: consulting a third party from 09-29 to 10-09 stops 09-29, 09-30, 10-08 and 10-09; the
    holidays between were not counted anyway. 10-30 + 4 working days = 11-05."""
    consultation = Pause(D(2026, 9, 29), D(2026, 10, 9), "征求第三方意见", f"{ACT}第三十二条")
    result = request_clock(pauses=(consultation,)).compute(calendar)
    assert result.due_on == D(2026, 11, 5)
    assert (
        f"2026-09-29 至 2026-10-09 征求第三方意见（{ACT}第三十二条），其间 4 个工作日不计入，顺延至 2026-11-05。"
        in result.explain()
    )
    assert result.explain()[-1] == "答复期限 2026-11-05。"


def test_a_pause_after_the_due_date_does_not_move_it(calendar):
    late = Pause(D(2026, 11, 2), D(2026, 11, 6), "征求第三方意见")
    assert request_clock(pauses=(late,)).compute(calendar).due_on == D(2026, 10, 30)


def test_an_open_pause_stops_the_clock(calendar):
    """条例第三十条: awaiting the 补正, the answer period does not run."""
    stopped = request_clock(pauses=(Pause(D(2026, 9, 29), None, "等待申请人补正", f"{ACT}第三十条"),))
    result = stopped.compute(calendar)
    assert result.due_on is None and not result.running
    assert stopped.extension_refusal(D(2026, 12, 1), calendar) == ""  # a stopped clock has not run out
    assert result.explain()[-1] == f"自 2026-09-29 起等待申请人补正（{ACT}第三十条），暂停计时，恢复后重新计算答复期限。"


def test_an_extension_of_twenty_working_days(calendar):
    """条例第三十三条第二款: extended by 20 working days, 10-30 becomes 11-27 (the issue's example)."""
    extension = Extension(20, "政府信息公开工作机构负责人张三", D(2026, 10, 20), "需调取档案", f"{ACT}第三十三条第二款")
    result = request_clock(extensions=(extension,)).compute(calendar)
    assert result.due_on == D(2026, 11, 27)
    assert "2026-10-20 经政府信息公开工作机构负责人张三同意延长 20 个工作日" in result.explain()[-2]
    # with the consultation too: 4 more working days after 11-27
    consultation = Pause(D(2026, 9, 29), D(2026, 10, 9), "征求第三方意见")
    assert request_clock(extensions=(extension,), pauses=(consultation,)).compute(calendar).due_on == D(2026, 12, 3)


def test_an_extension_after_the_period_ran_out_is_refused(calendar):
    """Received 2026-02-13: due 2026-03-19 (春节); an extension approved on 03-20 comes too late."""
    answer = request_clock(start=D(2026, 2, 13))
    assert answer.compute(calendar).due_on == D(2026, 3, 19)
    assert answer.extension_refusal(D(2026, 3, 19), calendar) == ""
    assert answer.extension_refusal(D(2026, 3, 20), calendar) == "答复期限已届满，不能延长。"


# --- storage --------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_pauses_and_extensions_attach_to_any_case():
    case = get_user_model().objects.create(username="case")  # any model: the clock never names a case type
    other = get_user_model().objects.create(username="other")
    pause = clock.clock_pause_start(actor=None, case=case, first_day=D(2026, 9, 29), reason="征求第三方意见")
    clock.clock_pause_end(pause=pause, last_day=D(2026, 10, 9))
    answer = request_clock(pauses=clock.pauses_of(case))
    clock.clock_extension_grant(
        actor=None, case=case, clock=answer, amount=20, approver="负责人张三", approved_on=D(2026, 10, 20),
        reason="需调取档案",
    )
    assert clock.pauses_of(case) == (Pause(D(2026, 9, 29), D(2026, 10, 9), "征求第三方意见"),)
    assert clock.extensions_of(case) == (Extension(20, "负责人张三", D(2026, 10, 20), "需调取档案"),)
    assert clock.pauses_of(other) == () and clock.extensions_of(other) == ()
    stored = request_clock(pauses=clock.pauses_of(case), extensions=clock.extensions_of(case))
    assert stored.compute().due_on == D(2026, 12, 3)


@pytest.mark.django_db
def test_a_late_extension_or_a_pause_ending_before_it_starts_is_not_stored():
    case = get_user_model().objects.create(username="case")
    with pytest.raises(ValidationError, match="答复期限已届满"):
        clock.clock_extension_grant(
            actor=None, case=case, clock=request_clock(start=D(2026, 2, 13)), amount=5, approver="负责人",
            approved_on=D(2026, 3, 20), reason="来不及",
        )
    with pytest.raises(ValidationError):
        clock.clock_pause_start(
            actor=None, case=case, first_day=D(2026, 10, 9), last_day=D(2026, 10, 8), reason="征求第三方意见"
        )
    assert clock.extensions_of(case) == () and clock.pauses_of(case) == ()


@pytest.mark.clock("2026-10-12T09:00")
def test_store_clears_the_stamps_a_new_due_date_makes_stale(calendar):
    case = Disclosure(due_on=D(2026, 10, 9), overdue_flagged_at=timezone.now(), due_soon_notified_at=timezone.now())
    assert clock.store(case, request_clock().compute(calendar))
    assert (case.due_on, case.due_at, case.overdue_flagged_at, case.due_soon_notified_at) == (D(2026, 10, 30), None, None, None)
    assert not clock.store(case, request_clock().compute(calendar))


# --- recomputation on a calendar change -------------------------------------------------------------
@pytest.fixture
def toy_registration():
    """A second case type registered beside Disclosure: its recompute is called with the change's actor and reason."""
    calls = []

    def recompute(*, actor, reason):
        calls.append(reason)
        return 2

    clock.register(CalendarYear, open_q=Q(pk__isnull=False), recompute=recompute)
    yield calls
    clock.unregister(CalendarYear)


@pytest.mark.clock("2026-12-07T09:00")
def test_a_calendar_change_recomputes_every_registered_case_type(org, toy_registration):
    record = draft(org.clerk, org.department, formed_on=D(2026, 12, 4))
    assert record.due_on == D(2027, 1, 4)  # 20 working days, 元旦 2027 estimated
    change = services.calendar_day_set(actor=None, date=D(2026, 12, 15), kind=DayKind.HOLIDAY, note="地方假日")
    assert change.moved == 1 + 2  # the record, and the toy case type's two
    assert toy_registration == ["2026-12-15设为放假（休息日）"]
    record.refresh_from_db()
    assert record.due_on == D(2027, 1, 5)
    audit = AuditEntry.objects.get(action="disclosure.due_date_recomputed")
    assert audit.comment == "放假安排变更，应公开日期由 2027-01-04（预计） 改为 2027-01-05（预计）。"


# --- the set-based overdue job --------------------------------------------------------------------
def _flag_queries(today, now) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        flagged = clock.flag_overdue(clock.registration(Disclosure), today=today, now=now)
    return flagged, len(queries)


@pytest.mark.clock("2026-12-07T09:00")
def test_flagging_costs_the_same_queries_for_one_record_or_many(org):
    today, now = timezone.localdate(), timezone.now()
    draft(org.clerk, org.department, formed_on=D(2026, 10, 9))  # due 11-06: overdue
    draft(org.clerk, org.department, formed_on=D(2026, 12, 4))  # due 2027: not yet
    one = _flag_queries(today, now)
    for _ in range(6):
        draft(org.clerk, org.department, formed_on=D(2026, 10, 9))
    many = _flag_queries(today, now)
    assert (one[0], many[0]) == (1, 6)
    assert one[1] == many[1]
    assert _flag_queries(today, now)[0] == 0  # flagged once
    assert Disclosure.objects.filter(overdue_flagged_at=now).count() == 7
