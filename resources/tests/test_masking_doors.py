"""
去标识化 through every door: a published 保障性住房分配结果 record of a housing matter carries a name
list of real-looking people (names, 18-digit ID numbers, mobile numbers), and one of them is on the
严重失信主体名单 as a natural person. No door may show them
unmasked: the public record page, the column pages, the matter pages, the feeds, the search, the
record and matter APIs (anonymous and staff), the dashboard with its CSV and Excel exports, and the
printable notice for the village 公示栏. Besides the named doors, every URL pattern of the project
(as enumerated by tests/test_leaks.py) is requested as a citizen and as the office.
"""

import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from disclosures.models import Disclosure
from namelists import services as namelist_services
from resources import services
from tests.contracts.doors import Filler, door_urls
from tests.test_leaks import FAMILIES, body_of

from .factories import details, make_entry, make_matter, make_record, publish

pytestmark = pytest.mark.django_db

PEOPLE = [
    {"name": "张三明", "id_number": "110101199003071234", "phone": "13812345678", "locality": "城北社区", "household_size": 3,
     "amount": "560.00", "note": "城北公租房 3 栋 201 室"},
    {"name": "欧阳娜娜", "id_number": "53312319880426357X", "phone": "15969183207", "locality": "城东社区", "household_size": 2,
     "amount": "500.00", "note": "城北公租房 5 栋 302 室"},
    {"name": "李建国", "id_number": "533123197211021716", "phone": "0908-4221234", "locality": "南门社区", "household_size": 4,
     "amount": "620.00", "note": "城北公租房 3 栋 402 室"},
]
RAW = [value for person in PEOPLE for value in (person["name"], person["id_number"], person["phone"])]
# Pieces that only the unmasked values contain (the masked ones keep the first 6 and last 4 digits of an ID).
RAW_PIECES = ["19900307", "19880426", "19721102", "38123456", "59691832", "4221234", "三明", "阳娜"]
MASKED = ["张*明", "110101********1234", "欧**娜", "533123********357X", "李*国"]  # pages show no phone at all


def raw_body(response) -> bytes:
    """The response's bytes as sent (tests.test_leaks.body_of unzips Office files; openpyxl wants the zip)."""
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


def unzipped(content: bytes) -> bytes:
    """An Office file's parts joined (as tests.test_leaks.body_of reads them); other bodies as they are."""
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return content


def assert_masked(text: str, where: str) -> None:
    for raw in RAW + RAW_PIECES:
        assert raw not in text, f"unmasked “{raw}” through {where}"


def build_world(org):
    matter = make_matter(org, area="housing", name="测试县2026年公共租赁住房分配（第一批）", reference_no="GZF-2026-01", amount=None)

    def published_with_list(item_type: str, title: str):
        extra = {"allocated_units": "3"} if item_type == "allocation_result" else {}
        record = make_record(org, matter, item_type, title=title, details=details("housing", item_type, **extra))
        namelist_services.name_list_save(actor=org.clerk, disclosure=record, entries=PEOPLE, notice_days=7)
        return publish(record, org)

    result = published_with_list("allocation_result", "测试县公共租赁住房分配结果公示")
    targets = published_with_list("allocation_targets", "测试县公共租赁住房保障对象审核结果公示")
    Disclosure.objects.filter(pk=targets.pk).update(published_at=timezone.now() - timezone.timedelta(days=30))
    assert namelist_services.end_notice_periods() == 1
    overdue = make_record(org, matter, "allocation_targets", title="测试县公共租赁住房第二批审核结果（逾期）")
    namelist_services.name_list_save(actor=org.clerk, disclosure=overdue, entries=PEOPLE, notice_days=7)
    Disclosure.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timezone.timedelta(days=10))
    assert services.takes_name_list(result) and services.takes_name_list(overdue)
    # A natural person on the 严重失信主体名单 (骗取保障性住房): the list, its API and exports show 张*明 only.
    person = make_entry(org, subject_kind="person", subject_name=PEOPLE[0]["name"], uscc="", id_number=PEOPLE[0]["id_number"],
                        area="housing", basis="public_rental_housing", conduct="以虚假材料承租公共租赁住房")
    return {"matter": matter, "result": result, "targets": targets, "overdue": overdue, "person": person}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- the named doors -------------------------------------------------------------------------------
def test_the_public_record_page_shows_the_masked_list_only(world):
    page = client_for().get(world["result"].get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    for masked in MASKED:
        assert masked in text, masked
    assert_masked(text, "the record page")
    ended = client_for().get(world["targets"].get_absolute_url()).content.decode()
    assert "公示期" in ended and "张*明" not in ended
    assert_masked(ended, "the record page after its 公示期")


@pytest.mark.parametrize("path", ["/", "/column/resources/", "/column/resources/housing/"])
def test_column_pages(world, path):
    response = client_for().get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert "测试县公共租赁住房分配结果公示" in text
    assert_masked(text, path)


def test_the_matter_pages(world):
    matter = world["matter"]
    for url in [reverse("resources:detail", args=[matter.pk]), reverse("resources:list"), reverse("resources:list") + "?area=housing"]:
        response = client_for().get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert matter.name in text
        assert_masked(text, url)


def test_the_record_api_anonymous_and_staff(org, world):
    from rest_framework.test import APIClient

    url = f"/api/v1/disclosures/{world['result'].pk}/"
    public = APIClient().get(url)
    assert public.json()["name_list"]["rows"][0]["name"] == "张*明"
    assert_masked(public.content.decode(), url)
    assert_masked(APIClient().get("/api/v1/disclosures/", {"domain": "resources"}).content.decode(), "the record list API")
    staff = APIClient()
    staff.force_authenticate(org.clerk)
    for target in (world["result"], world["overdue"]):
        assert_masked(staff.get(f"/api/v1/disclosures/{target.pk}/").content.decode(), "the staff record API")
    assert_masked(staff.get("/api/v1/disclosures/").content.decode(), "the staff record list API")


def test_the_matter_api_anonymous_and_staff(org, world):
    from rest_framework.test import APIClient

    url = f"/api/v1/resource-matters/{world['matter'].pk}/"
    body = APIClient().get(url).json()
    lists = {record["title"]: record["name_list"] for record in body["records"]}
    assert [row["id_number"] for row in lists["测试县公共租赁住房分配结果公示"]["rows"]] == [
        "110101********1234", "533123********357X", "533123********1716"
    ]
    assert lists["测试县公共租赁住房保障对象审核结果公示"]["ended"] is True
    assert lists["测试县公共租赁住房保障对象审核结果公示"]["rows"] == []
    assert_masked(APIClient().get(url).content.decode(), url)
    staff = APIClient()
    staff.force_authenticate(org.clerk)
    text = staff.get(url).content.decode()
    assert "测试县公共租赁住房第二批审核结果（逾期）" in text  # the staff see the draft, not its list
    assert_masked(text, "the staff matter API")
    assert_masked(staff.get("/api/v1/resource-matters/").content.decode(), "the matter list API")


@pytest.mark.parametrize("who", [None, "clerk", "office"])
def test_the_serious_dishonesty_list_shows_the_person_masked(org, world, who):
    client = client_for(getattr(org, who) if who else None)
    for url in ("/resources/blacklist/", "/resources/blacklist/?area=housing", "/api/v1/blacklist/",
                f"/api/v1/blacklist/{world['person'].pk}/", "/resources/blacklist/export.csv",
                "/resources/blacklist/export.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = unzipped(raw_body(response)).decode("utf-8", errors="replace")
        assert "张*明" in text and "110101********1234" in text, url
        assert_masked(text, f"{url} ({who or 'anonymous'})")
    book = load_workbook(io.BytesIO(raw_body(client.get("/resources/blacklist/export.xlsx"))))
    cells = "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "张*明" in cells
    assert_masked(cells, "the blacklist's Excel export")


def test_search_finds_nothing_by_personal_data(world):
    client = client_for()
    link = f'href="{world["result"].get_absolute_url()}"'
    found = client.get(reverse("disclosures:search"), {"q": "分配结果"}).content.decode()
    assert link in found
    assert_masked(found, "the search page")
    for piece in ["19900307", "38123456", "三明", "阳娜"]:
        text = client.get(reverse("disclosures:search"), {"q": piece}).content.decode()
        assert link not in text, f"the search index holds “{piece}”"
        assert all(raw not in text for raw in RAW)


def test_feeds(world):
    for path in ["/feeds/rss/", "/feeds/atom/resources/", "/feeds/rss/resources/housing/"]:
        response = client_for().get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "测试县公共租赁住房分配结果公示" in text
        assert_masked(text, path)


def test_the_dashboard_and_its_exports_list_titles_only(org, world):
    office = client_for(org.office)
    page = office.get(reverse("compliance:dashboard"))
    assert page.status_code == 200
    assert "测试县公共租赁住房第二批审核结果（逾期）" in page.content.decode()
    assert_masked(page.content.decode(), "the dashboard")
    csv_text = body_of(office.get(reverse("compliance:export-csv"))).decode("utf-8-sig")
    assert "测试县公共租赁住房第二批审核结果（逾期）" in csv_text
    assert_masked(csv_text, "the CSV export")
    workbook = load_workbook(io.BytesIO(raw_body(office.get(reverse("compliance:export-xlsx")))))
    cells = "\n".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    assert "测试县公共租赁住房第二批审核结果（逾期）" in cells
    assert_masked(cells, "the Excel export")


def test_the_printable_notice_is_masked(org, world):
    name_list = world["result"].name_list
    page = client_for(org.clerk).get(reverse("admin:namelists_namelist_print", args=[name_list.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for masked in MASKED:
        assert masked in text, masked
    assert_masked(text, "the printable notice")


# --- every door there is ---------------------------------------------------------------------------
def crawl(world) -> Filler:
    """Every id of this world (records, the matter, the name lists), no attachment, the records' columns."""
    records = (world["result"], world["targets"], world["overdue"])
    ids = sorted({r.pk for r in records} | {world["matter"].pk, world["result"].name_list.pk})
    return Filler(ids, {(r.domain, r.category) for r in records})


@pytest.mark.parametrize("family", FAMILIES)  # the doors in parts that pytest-xdist runs side by side
@pytest.mark.parametrize("who", [None, "office"])  # the office sees all the clerk sees, and the dashboard
def test_no_door_of_the_project_shows_unmasked_personal_data(org, world, who, family, settings):
    # A 429 shows nothing and so proves nothing: the rate limits have their own tests.
    settings.PORTAL_API_ANON_RATE = settings.PORTAL_API_USER_RATE = ""
    settings.PORTAL_EXPORT_RATE = settings.PORTAL_SEARCH_RATE = ""
    client = client_for(getattr(org, who) if who else None)
    requested = 0
    for url in door_urls(crawl(world), family, ("?area=housing", "?q=分配")):
        response = client.get(url)
        assert response.status_code != 429, url
        requested += 1
        raw = raw_body(response)
        text = unzipped(raw)
        if ".xlsx" in url and response.status_code == 200:
            book = load_workbook(io.BytesIO(raw))
            text = "\n".join(str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r if c)
        else:
            text = text.decode("utf-8", errors="replace")
        assert_masked(re.sub(r"\s+", " ", text), f"{url} ({who or 'anonymous'})")
    assert requested > 10
