"""The office enters national and local holidays in the admin; every save recomputes and says so."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures.tests.factories import draft
from organizations.choices import JurisdictionLevel
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory
from workdays import services
from workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date
CLOCK = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def neighbour(org):
    county = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
    DepartmentFactory(jurisdiction=county, name="邻县发改委", code="LXFGW")
    return county


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@time_machine.travel(CLOCK, tick=False)
def test_office_adds_a_local_holiday_for_its_county_and_sees_what_moved(client, org, neighbour):
    record = draft(org.clerk, org.department, formed_on=D(2026, 12, 4))
    client.force_login(org.office)
    response = client.post(
        reverse("admin:workdays_calendarday_add"),
        {"date": "2026-12-15", "kind": "holiday", "note": "地方性假日", "jurisdiction": org.county.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 条未发布记录的应公开日期随之调整，每条均已留痕（放假安排变更）。" in messages_of(response)
    day = CalendarDay.objects.get()
    assert (day.date, day.jurisdiction, day.updated_by) == (D(2026, 12, 15), org.county, org.office)
    record.refresh_from_db()
    assert record.due_on == D(2027, 1, 5)
    listing = client.get(reverse("admin:workdays_calendarday_changelist")).content.decode()
    assert "测试县及下级" in listing


@time_machine.travel(CLOCK, tick=False)
def test_office_cannot_set_another_countys_local_holiday(client, org, neighbour):
    client.force_login(org.office)
    form = client.get(reverse("admin:workdays_calendarday_add")).content.decode()
    assert "测试县" in form and "邻县" not in form
    response = client.post(
        reverse("admin:workdays_calendarday_add"),
        {"date": "2026-12-15", "kind": "holiday", "note": "地方性假日", "jurisdiction": neighbour.pk},
    )
    assert response.status_code == 200  # the form again, with the error on the field
    assert "请从列表中" in response.content.decode()
    assert not CalendarDay.objects.exists()


@time_machine.travel(CLOCK, tick=False)
def test_a_second_national_row_for_the_same_date_is_refused_with_a_message(client, org):
    services.calendar_day_set(actor=None, date=D(2027, 1, 1), kind="holiday", note="元旦")
    client.force_login(org.office)
    response = client.post(reverse("admin:workdays_calendarday_add"), {"date": "2027-01-01", "kind": "workday", "note": ""})
    assert "该日期已有全国放假安排。" in response.content.decode()
    assert CalendarDay.objects.get().kind == "holiday"


@time_machine.travel(CLOCK, tick=False)
def test_csv_import_with_a_jurisdiction_column_checks_the_offices_scope(client, org, neighbour):
    client.force_login(org.office)
    url = reverse("admin:workdays_calendarday_import")
    bad = "date,kind,note,jurisdiction\n2027-03-01,holiday,民族节日,LX\n2027-03-02,holiday,民族节日,NOPE\n"
    response = client.post(url, {"file": SimpleUploadedFile("local.csv", bad.encode())})
    content = response.content.decode()
    assert "第 2 行：您不能设置“邻县”的地方性放假安排。" in content
    assert "第 3 行：适用区划代码“NOPE”不存在。" in content
    assert not CalendarDay.objects.exists()

    good = "date,kind,note,jurisdiction\n2027-03-01,holiday,民族节日,TC\n2027-03-01,holiday,,\n"
    response = client.post(url, {"file": SimpleUploadedFile("local.csv", good.encode())}, follow=True)
    assert any(message.startswith("已导入 2 天的放假/调休安排。") for message in messages_of(response))
    assert set(CalendarDay.objects.values_list("date", "jurisdiction__code")) == {
        (D(2027, 3, 1), "TC"),
        (D(2027, 3, 1), None),
    }
