"""The 公示期 as the law counts it (issue 16 point 9), on the 2026 calendar.

- it starts the day after publication (《民法典》第二百零一条: 开始的当日不计入，自下一日开始计算);
- in 日, a last day that is a 法定休假日 moves to the day after the holiday (第二百零三条);
- in 工作日, only working days count (调休上班日 included);
- 长期公示 has no last day: shown for good, never ended by the daily job.

2026 (the State Council's 2026 holiday notice, as the `chinese-calendar` package has it): 中秋节 9月25日至27日 off; 国庆节
10月1日（周四）至7日（周三）off; 9月20日（周日）and 10月10日（周六）调休上班.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from disclosures.tests.factories import draft
from namelists import services, tasks
from namelists.models import NameList, NoticeUnit
from namelists.selectors import public_name_list
from tests.clock import instant
from workdays.choices import DayKind
from workdays.models import CalendarDay

from .test_namelists import ENTRIES, HEADER, RAW_ID, _xlsx, publish_list

pytestmark = pytest.mark.django_db

D = datetime.date


def page_of(client, record) -> str:
    return client.get(record.get_absolute_url()).content.decode()


# --- the dates -------------------------------------------------------------------------------------
@pytest.mark.clock("2026-09-28T10:00")
def test_seven_days_whose_last_day_is_in_national_day_end_the_day_after_the_holiday(org):
    """Published Monday 2026-09-28. Day 1 is the next day, Tuesday 09-29 (第二百零一条); day 7 is Monday
    10-05 (09-29, 09-30, 10-01, 10-02, 10-03, 10-04, 10-05). 10-05 is inside the 国庆节 holiday
    (10-01 to 10-07), so the period ends on the day after the holiday: Thursday 2026-10-08 (第二百零三条).
    (The old rule, publication day counted as day 1, gave 10-04.)"""
    name_list = publish_list(org, notice_days=7).name_list
    assert name_list.notice_unit == NoticeUnit.CALENDAR_DAYS and not name_list.long_term
    assert name_list.notice_starts_on == D(2026, 9, 29)
    assert name_list.notice_ends_on == D(2026, 10, 8)


@pytest.mark.clock("2026-09-28T10:00")
def test_five_working_days_skip_national_day_and_count_the_saturday_make_up_day(org):
    """Published Monday 2026-09-28, 5 工作日, 09-28 not counted: 09-29 (1), 09-30 (2), 10-01 to 10-07
    国庆节 skipped, 10-08 Thursday (3), 10-09 Friday (4), 10-10 Saturday 国庆节调休上班 (5): ends 2026-10-10."""
    record = publish_list(org, notice_days=5, notice_unit=NoticeUnit.WORKING_DAYS)
    assert record.name_list.notice_starts_on == D(2026, 9, 29)
    assert record.name_list.notice_ends_on == D(2026, 10, 10)


@pytest.mark.clock("2026-11-03T10:00")
def test_seven_days_in_an_ordinary_week_end_a_week_later_on_the_same_weekday(org):
    """Published Tuesday 2026-11-03: day 1 Wednesday 11-04, day 7 Tuesday 11-10, a working day: ends
    2026-11-10 (the old rule gave Monday 11-09)."""
    record = publish_list(org, notice_days=7)
    assert record.name_list.notice_starts_on == D(2026, 11, 4)
    assert record.name_list.notice_ends_on == D(2026, 11, 10)


@pytest.mark.clock("2026-11-03T10:00")
def test_a_local_holiday_of_the_records_jurisdiction_on_the_last_day_moves_it(org):
    """The clock reads the record's jurisdiction's calendar: 测试县 declares Tuesday 2026-11-10 a local
    holiday (《全国年节及纪念日放假办法》第四条), so the 7 日 from 11-03 end on Wednesday 11-11."""
    # The row itself, before anything reads the calendar (each test starts with none in memory).
    CalendarDay.objects.create(date=D(2026, 11, 10), kind=DayKind.HOLIDAY, note="民族节日", jurisdiction=org.county)
    record = publish_list(org, notice_days=7)
    assert record.jurisdiction_id == org.county.pk
    assert record.name_list.notice_ends_on == D(2026, 11, 11)


# --- what the public sees --------------------------------------------------------------------------
@pytest.mark.clock("2026-09-28T10:00")
def test_the_public_page_and_the_api_show_the_explicit_dates(org, client):
    record = publish_list(org, notice_days=7)
    page = page_of(client, record)
    assert "公示期：2026年9月29日至2026年10月8日。个人信息已按规定去标识化处理。" in page
    assert "张*明" in page
    body = client.get(f"/api/v1/disclosures/{record.pk}/").json()["name_list"]
    assert body["notice_ends_on"] == "2026-10-08" and body["ended"] is False
    client.force_login(org.clerk)
    printed = client.get(reverse("admin:namelists_namelist_print", args=[record.name_list.pk])).content.decode()
    assert "公示期：2026年9月29日至2026年10月8日。" in printed


@pytest.mark.clock("2026-11-03T10:00")
def test_a_draft_list_is_printed_with_its_length_not_its_dates(org, client):
    record = draft(org.clerk, org.department, domain="resources", category="housing", title="草稿名单")
    services.name_list_save(
        actor=org.clerk, disclosure=record, entries=ENTRIES, notice_days=5, notice_unit=NoticeUnit.WORKING_DAYS
    )
    client.force_login(org.clerk)
    printed = client.get(reverse("admin:namelists_namelist_print", args=[record.name_list.pk])).content.decode()
    assert "公示期：自发布次日起 5 个工作日。" in printed


@pytest.mark.clock("2026-09-28T10:00")
def test_a_long_term_list_shows_its_first_day_and_is_never_taken_down(org, client):
    record = publish_list(org, long_term=True)
    name_list = record.name_list
    assert name_list.notice_starts_on == D(2026, 9, 29) and name_list.notice_ends_on is None
    assert "公示期：2026年9月29日起长期公示。" in page_of(client, record)
    with time_machine.travel(instant("2028-01-04T10:00"), tick=False):  # over a year later, in an uncovered year
        assert tasks.end_notice_periods() == 0
        assert services.end_notice_periods() == 0
        shown = public_name_list(record)
        assert not shown.ended and shown.rows and shown.notice_ends_on is None
        page = page_of(client, record)
        assert "公示期：2026年9月29日起长期公示。" in page and "张*明" in page
        body = client.get(f"/api/v1/disclosures/{record.pk}/").json()["name_list"]
        assert body["ended"] is False and body["notice_ends_on"] is None and len(body["rows"]) == 2
    assert NameList.objects.get().ended_at is None


@pytest.mark.clock("2026-09-28T10:00")
def test_the_job_ends_a_list_the_day_after_its_last_day_not_on_it(org, client):
    record = publish_list(org, notice_days=7)  # last day 2026-10-08 (see the first test)
    with time_machine.travel(instant("2026-10-08T23:59"), tick=False):
        assert tasks.end_notice_periods() == 0
        assert "张*明" in page_of(client, record)
    assert NameList.objects.get().ended_at is None
    with time_machine.travel(instant("2026-10-09T00:01"), tick=False):
        assert tasks.end_notice_periods() == 1
        page = page_of(client, record)
    assert NameList.objects.get().ended_at is not None
    assert "本名单公示期（2026年9月29日至2026年10月8日）已结束，名单不再公开。" in page
    assert "张*明" not in page


@pytest.mark.clock("2026-09-28T10:00")
def test_the_public_selector_ends_a_list_on_the_day_after_even_before_the_job(org):
    record = publish_list(org, notice_days=5, notice_unit=NoticeUnit.WORKING_DAYS)  # last day 2026-10-10
    with time_machine.travel(instant("2026-10-10T20:00"), tick=False):
        assert not public_name_list(record).ended
    with time_machine.travel(instant("2026-10-11T08:00"), tick=False):
        shown = public_name_list(record)
        assert shown.ended and shown.rows == []
        assert shown.notice_period == "2026年9月29日至2026年10月10日"


# --- the settings, through the service and the admin ------------------------------------------------
def test_a_wrong_unit_or_length_is_refused_naming_the_field(org):
    record = draft(org.clerk, org.department, domain="resources", category="housing")
    with pytest.raises(ValidationError) as excinfo:
        services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES, notice_unit="hours")
    assert excinfo.value.message_dict["notice_unit"] == ["公示期计算单位只能是“日”或“工作日”。"]
    with pytest.raises(ValidationError) as excinfo:
        services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES, notice_days=0)
    assert excinfo.value.message_dict["notice_days"] == ["公示期（日数）至少为 1。"]
    with pytest.raises(ValidationError) as excinfo:
        services.name_list_save(actor=org.clerk, disclosure=record, entries=ENTRIES, notice_days=91)
    assert excinfo.value.message_dict["notice_days"] == ["公示期（日数）不能超过 90。"]
    assert not NameList.objects.exists()


def _admin_add(client, record, **fields):
    upload = _xlsx([HEADER, ["张三明", RAW_ID, "", "白水村", 3, 650, ""]])
    data = {"disclosure": record.pk, "scope": "public", "scope_description": "", "show_amount": "on",
            "entries_file": upload, "entries-TOTAL_FORMS": 0, "entries-INITIAL_FORMS": 0, **fields}
    return client.post("/admin/namelists/namelist/add/", data, follow=True)


def test_the_admin_saves_a_working_day_list_and_a_long_term_list_without_a_length(org, client):
    client.force_login(org.clerk)
    form = client.get("/admin/namelists/namelist/add/").content.decode()
    for label in ("长期公示", "公示期（日数）", "公示期计算单位", "民法典》第二百零一条", "民法典》第二百零三条"):
        assert label in form, label
    working = draft(org.clerk, org.department, domain="welfare", category="social_assistance", title="低保对象公示")
    _admin_add(client, working, notice_days=5, notice_unit=NoticeUnit.WORKING_DAYS)
    saved = NameList.objects.get(disclosure=working)
    assert (saved.notice_days, saved.notice_unit, saved.long_term) == (5, NoticeUnit.WORKING_DAYS, False)
    long_term = draft(org.clerk, org.department, domain="welfare", category="social_assistance", title="低保对象长期公示")
    _admin_add(client, long_term, long_term="on", notice_days="", notice_unit=NoticeUnit.CALENDAR_DAYS)
    saved = NameList.objects.get(disclosure=long_term)
    assert saved.long_term and saved.notice_days == 7  # the stored length, unused
    changelist = client.get("/admin/namelists/namelist/").content.decode()
    assert "自发布次日起长期公示" in changelist and "自发布次日起 5 个工作日" in changelist


def test_the_admin_asks_for_a_length_unless_the_list_is_long_term(org, client):
    client.force_login(org.clerk)
    record = draft(org.clerk, org.department, domain="welfare", category="social_assistance", title="低保对象公示")
    response = _admin_add(client, record, notice_days="", notice_unit=NoticeUnit.CALENDAR_DAYS)
    assert "请填写公示期（日数），或勾选长期公示。" in response.content.decode()
    assert not NameList.objects.exists()
