"""Beneficiary lists (低保对象, 特困对象, 救助对象, 资助学生) through EVERY door, and urgent records.

- No unmasked name, ID number or phone of any list appears on any page or API response outside the
  admin — every URL pattern of the project is enumerated (as tests/test_leaks.py does), its path
  parameters filled with the records and programmes of this world, and requested anonymously and
  as staff.
- A list for a specific area and group (特定区域特定群体) shows its rows on no public page or API,
  not even masked; the staff print view for the village 公示栏 shows them, masked, with the scope.
- After its 公示期 a list leaves the public page and the API (its record stays, saying so).
- An urgent record is due 1 working day after it was formed and is listed first.
"""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from disclosures.models import Disclosure
from namelists.models import Scope
from namelists.services import end_notice_periods, name_list_save
from tests.contracts.doors import Filler, door_urls
from tests.test_leaks import FAMILIES, body_of
from welfare.choices import WelfareArea
from workdays.choices import ClockUnit
from workdays.clock import StatutoryClock

from .factories import make_programme, make_record, publish, published

pytestmark = pytest.mark.django_db

# (name, ID number, phone) of each list, and what the public may see of them.
PUBLIC_PEOPLE = [
    ("张三明", "110101199003071234", "13812345678"),
    ("欧阳娜娜", "53312319851212002X", "0908-4567890"),
]
PUBLIC_MASKED = ["张*明", "110101********1234", "138****5678", "欧**娜", "533123********002X"]
SCOPED_PEOPLE = [("王五福", "533123196505050017", "13698765432")]
SCOPED_MASKED = ["王*福", "533123********0017", "136****5432"]
ENDED_PEOPLE = [("赵六顺", "533123197707070038", "15011112222")]
ENDED_MASKED = ["赵*顺", "533123********0038", "150****2222"]
ALL_PEOPLE = PUBLIC_PEOPLE + SCOPED_PEOPLE + ENDED_PEOPLE
RAW = [value for person in ALL_PEOPLE for value in person] + ["4567890", "19900307", "19851212", "19650505", "19770707"]


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Public pages are cached between requests; each test starts from what its own world renders."""
    cache.clear()
    yield
    cache.clear()


def entries(people) -> list[dict]:
    return [
        {"name": name, "id_number": id_number, "phone": phone, "locality": "白水村", "household_size": 2, "amount": "650"}
        for name, id_number, phone in people
    ]


def list_record(org, programme, title, people, **settings):
    record = make_record(org, programme, item_type="beneficiaries", title=title)
    name_list_save(actor=org.clerk, disclosure=record, entries=entries(people), notice_days=7, **settings)
    return publish(record, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)


def build_world(org):
    dibao = make_programme(org, name="测试县城乡最低生活保障")
    public = list_record(org, dibao, "2026年9月城乡低保新增对象名单公示", PUBLIC_PEOPLE)
    scoped = list_record(
        org, dibao, "白水村特困供养对象公示", SCOPED_PEOPLE, scope=Scope.SPECIFIC, scope_description="白水镇白水村村务公开栏"
    )
    ended = list_record(org, dibao, "2026年8月城乡低保新增对象名单公示", ENDED_PEOPLE)
    Disclosure.objects.filter(pk=ended.pk).update(published_at=timezone.now() - datetime.timedelta(days=10))
    fund = published(org, dibao, item_type="fund", title="2026年第三季度城乡低保资金分配情况")

    flood = make_programme(org, name="“7·15”洪涝灾害救助", area=WelfareArea.DISASTER_RELIEF)
    urgent = published(org, flood, item_type="emergency_response", urgent=True, title="“7·15”洪涝灾害应急处置动态",
                       formed_on=timezone.localdate())
    normal = published(org, flood, item_type="reconstruction", title="“7·15”洪涝灾后重建进展")  # published later
    return {
        "dibao": dibao, "flood": flood, "public": public, "scoped": scoped, "ended": ended, "fund": fund,
        "urgent": urgent, "normal": normal,
    }


def assert_no_raw(text: str, where: str) -> None:
    for raw in RAW:
        assert raw not in text, f"unmasked {raw} leaked at {where}"


def assert_absent(text: str, markers, where: str) -> None:
    for marker in markers:
        assert marker not in text, f"{marker} must not be public, found at {where}"


def every_door(world, family) -> list[str]:
    """Every URL of a door family, filled with every id of this world (records and programmes)."""
    records = [r for r in world.values() if hasattr(r, "status")]
    ids = sorted({r.pk for r in records} | {world["dibao"].pk, world["flood"].pk})
    filler = Filler(ids, {(r.domain, r.category) for r in records}, tokens=[])
    return door_urls(filler, family, ("?q=低保", "?q=名单公示", "?area=social_assistance", "?page_size=1000&format=json"))


# --- every door ---------------------------------------------------------------------------------
@pytest.mark.parametrize("family", FAMILIES)  # the doors in parts that pytest-xdist runs side by side
def test_no_door_shows_an_unmasked_person_nor_the_rows_of_a_scoped_or_ended_list(org, world, client, family, settings):
    # A 429 shows nothing and so proves nothing: the rate limits have their own tests.
    settings.PORTAL_API_ANON_RATE = settings.PORTAL_API_USER_RATE = ""
    settings.PORTAL_EXPORT_RATE = settings.PORTAL_SEARCH_RATE = ""
    staff = APIClient()
    staff.force_authenticate(org.clerk)
    requested = 0
    for url in every_door(world, family):
        for who, agent in (("anonymous", client), ("staff", staff)):
            response = agent.get(url)
            assert response.status_code < 500 and response.status_code != 429, (url, who, response.status_code)
            text = body_of(response).decode("utf-8", "replace")
            assert_no_raw(text, f"{who} {url}")
            assert_absent(text, SCOPED_MASKED + ENDED_MASKED, f"{who} {url}")
            requested += 1
    assert requested > 20


def test_the_public_list_is_shown_masked_where_lists_are_shown(world, client):
    page = client.get(world["public"].get_absolute_url()).content.decode()
    for masked in ["张*明", "110101********1234", "欧**娜"]:
        assert masked in page
    assert_no_raw(page, "record page")
    record_api = client.get(f"/api/v1/disclosures/{world['public'].pk}/").json()
    assert [row["name"] for row in record_api["name_list"]["rows"]] == ["张*明", "欧**娜"]
    assert [row["phone"] for row in record_api["name_list"]["rows"]] == ["138****5678", "0908*****90"]
    programme_api = client.get(f"/api/v1/welfare-programmes/{world['dibao'].pk}/").json()
    listed = {r["title"]: r["name_list"] for r in programme_api["records"]}
    assert [row["id_number"] for row in listed["2026年9月城乡低保新增对象名单公示"]["rows"]] == [
        "110101********1234", "533123********002X",
    ]


@pytest.mark.parametrize(
    "url",
    ["/", "/column/welfare/", "/column/welfare/social_assistance/", "/welfare/", "/welfare/?area=social_assistance",
     "/api/v1/disclosures/", "/api/v1/welfare-programmes/", "/feeds/rss/welfare/", "/search/?q=低保"],
)
def test_pages_that_list_records_never_list_people(world, client, url):
    text = client.get(url).content.decode()
    assert_no_raw(text, url)
    assert_absent(text, PUBLIC_MASKED + SCOPED_MASKED + ENDED_MASKED, url)


def test_the_programme_page_links_to_the_list_without_listing_people(world, client):
    page = client.get(f"/welfare/{world['dibao'].pk}/").content.decode()
    assert world["public"].get_absolute_url() in page
    assert_no_raw(page, "programme page")
    assert_absent(page, PUBLIC_MASKED + SCOPED_MASKED + ENDED_MASKED, "programme page")


def test_search_does_not_find_a_list_by_the_people_on_it(world, client):
    for query in ["张三明", "110101199003071234", "13812345678", "王五福", "19900307"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        for record in ("public", "scoped", "ended"):
            assert world[record].get_absolute_url() not in response.content.decode(), (query, record)


# --- 特定区域特定群体 ----------------------------------------------------------------------------------
def test_a_scoped_list_is_announced_but_not_shown_and_printed_for_the_village_with_its_scope(org, world, client):
    record = world["scoped"]
    page = client.get(record.get_absolute_url()).content.decode()
    assert "白水镇白水村村务公开栏" in page and "不在网站公开" in page
    assert_absent(page, SCOPED_MASKED, "scoped record page")
    body = client.get(f"/api/v1/disclosures/{record.pk}/").json()["name_list"]
    assert body["scope"] == "specific" and body["scope_description"] == "白水镇白水村村务公开栏" and body["rows"] == []
    programme_api = client.get(f"/api/v1/welfare-programmes/{world['dibao'].pk}/").json()
    scoped = next(r["name_list"] for r in programme_api["records"] if r["id"] == record.pk)
    assert scoped["scope"] == "specific" and scoped["rows"] == []

    client.force_login(org.clerk)
    printed = client.get(reverse("admin:namelists_namelist_print", args=[record.name_list.pk])).content.decode()
    assert "公开范围：白水镇白水村村务公开栏" in printed
    for masked in SCOPED_MASKED[:2]:
        assert masked in printed
    assert_no_raw(printed, "print view")


def test_the_print_view_is_staff_only(world, client, org):
    url = reverse("admin:namelists_namelist_print", args=[world["scoped"].name_list.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response.url


# --- 公示期 -------------------------------------------------------------------------------------------
def test_after_the_notice_period_the_list_leaves_the_page_and_the_api(world, client):
    record = world["public"]
    assert "张*明" in client.get(record.get_absolute_url()).content.decode()
    # 30 days later (a 7 日 公示期 runs from the day after publication and is extended past a holiday, so a
    # week and a day is not always enough): no public page cached a month ago is still kept
    Disclosure.objects.filter(pk=record.pk).update(published_at=timezone.now() - datetime.timedelta(days=30))
    cache.clear()
    page = client.get(record.get_absolute_url()).content.decode()
    assert "名单不再公开" in page
    assert_absent(page, PUBLIC_MASKED, "record page after the 公示期")
    record_api = client.get(f"/api/v1/disclosures/{record.pk}/").json()["name_list"]
    assert record_api["ended"] is True and record_api["rows"] == []
    programme_api = client.get(f"/api/v1/welfare-programmes/{world['dibao'].pk}/").json()
    listed = next(r["name_list"] for r in programme_api["records"] if r["id"] == record.pk)
    assert listed["ended"] is True and listed["rows"] == []
    # The daily job marks it ended once; the list is still not shown.
    assert end_notice_periods() == 2  # this one and the list ended before
    assert "张*明" not in client.get(record.get_absolute_url()).content.decode()


def test_a_list_inside_its_notice_period_says_until_when(world, client):
    record = world["public"]
    # 7 日 from the day after publication, extended past a 法定休假日 (民法典第二百零一条、第二百零三条)
    ends = StatutoryClock(
        start=timezone.localdate(record.published_at), unit=ClockUnit.CALENDAR_DAYS, limit=7,
        jurisdiction=record.jurisdiction_id,
    ).compute().due_on
    body = client.get(f"/api/v1/welfare-programmes/{world['dibao'].pk}/").json()
    listed = next(r["name_list"] for r in body["records"] if r["id"] == record.pk)
    assert listed["ended"] is False and listed["notice_days"] == 7 and listed["notice_ends_on"] == ends.isoformat()


# --- urgent records ---------------------------------------------------------------------------
def test_an_urgent_record_runs_on_an_hour_clock(world):
    urgent = world["urgent"]
    assert urgent.urgent and (urgent.deadline_days, urgent.deadline_unit) == (24, "hours")
    assert urgent.due_at is not None and urgent.due_on == timezone.localdate(urgent.due_at)
    assert (world["normal"].deadline_days, world["normal"].deadline_unit) == (20, "working_days")


@pytest.mark.parametrize("url", ["/", "/column/welfare/", "/column/welfare/disaster_relief/", "/welfare/", "programme"])
def test_an_urgent_record_is_listed_first(world, client, url):
    if url == "programme":
        url = f"/welfare/{world['flood'].pk}/"
    page = client.get(url).content.decode()
    assert "紧急" in page and "“7·15”洪涝灾害应急处置动态" in page, url
    if "“7·15”洪涝灾后重建进展" in page:  # (the programme list shows only the urgent block's records)
        assert page.index("“7·15”洪涝灾害应急处置动态") < page.index("“7·15”洪涝灾后重建进展"), url


def test_the_programme_api_lists_the_urgent_record_first(world, client):
    body = client.get(f"/api/v1/welfare-programmes/{world['flood'].pk}/").json()
    assert [r["title"] for r in body["records"]] == ["“7·15”洪涝灾害应急处置动态", "“7·15”洪涝灾后重建进展"]
    assert body["records"][0]["urgent"] is True
