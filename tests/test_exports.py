"""Open-data exports of the public lists: CSV with BOM, Excel, JSON; filtered like the page; streamed; public only."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix
from openpyxl import load_workbook

from disclosures import exports
from disclosures.tests.factories import in_state, published
from disclosures.views import DISCLOSURE_COLUMNS
from projects.choices import Phase, Sector
from projects.tests import builders as project_builders
from resources.choices import ResourceArea
from resources.tests import builders as resource_builders
from welfare.tests import builders as welfare_builders


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith("\ufeff".encode()), "CSV must start with a UTF-8 BOM so Excel reads Chinese"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def column(org):
    records = {
        "approval": published(org, title="县道改建工程可行性研究报告批复", category="approval_result"),
        "bidding": published(org, title="县道改建工程施工招标公告", category="bidding"),
        "draft": in_state(org, "draft", title="草稿不得导出的县道项目", category="approval_result"),
        "submitted": in_state(org, "submitted", title="待审核不得导出的县道项目", category="bidding"),
    }
    return records


@pytest.mark.django_db
class TestColumnExport:
    def test_csv_has_bom_headers_and_only_published_rows(self, client, column):
        response = client.get("/column/projects/export.csv")
        assert response.status_code == 200
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        rows = csv_rows(response)
        assert rows[0][:3] == ["索引号", "标题", "领域"]
        titles = {row[1] for row in rows[1:]}
        assert titles == {"县道改建工程可行性研究报告批复", "县道改建工程施工招标公告"}

    def test_filters_of_the_page_apply(self, client, column):
        rows = csv_rows(client.get("/column/projects/bidding/export.csv"))
        assert [row[1] for row in rows[1:]] == ["县道改建工程施工招标公告"]
        rows = csv_rows(client.get("/column/projects/export.csv", {"q": "可行性"}))
        assert [row[1] for row in rows[1:]] == ["县道改建工程可行性研究报告批复"]
        # The status filter cannot open the door to drafts.
        rows = csv_rows(client.get("/column/projects/export.csv", {"status": "draft"}))
        assert "草稿不得导出的县道项目" not in {row[1] for row in rows[1:]}

    def test_xlsx_holds_the_same_rows(self, client, column):
        response = client.get("/column/projects/export.xlsx")
        assert response.status_code == 200
        assert response["Content-Type"] == exports.FORMATS["xlsx"]
        sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0][1] == "标题"
        assert sorted(row[1] for row in rows[1:]) == sorted(
            ["县道改建工程可行性研究报告批复", "县道改建工程施工招标公告"]
        )

    def test_json_is_one_valid_document_with_meta(self, client, column):
        response = client.get("/column/projects/export.json", {"category": "bidding"})
        document = json.loads(body(response))
        assert document["meta"]["title"] == "重大建设项目批准和实施"
        assert document["fields"]["title"] == "标题"
        assert [row["title"] for row in document["results"]] == ["县道改建工程施工招标公告"]
        assert document["results"][0]["url"].endswith(f"/disclosures/{column['bidding'].pk}/")

    def test_empty_result_is_still_valid_json(self, client, org):
        document = json.loads(body(client.get("/column/welfare/export.json")))
        assert document["results"] == []

    def test_bad_filter_is_400_naming_the_field(self, client, column):
        response = client.get("/column/projects/export.csv", {"formed_after": "2026-13-45"})
        assert response.status_code == 400
        assert "形成日期起" in response.content.decode()

    def test_unknown_format_and_column_are_404(self, client, column):
        assert client.get("/column/projects/export.pdf").status_code == 404
        assert client.get("/column/nowhere/export.csv").status_code == 404

    def test_formula_cells_are_defused(self, client, org):
        published(org, title="=HYPERLINK(\"http://evil\")县道", category="approval_result")
        rows = csv_rows(client.get("/column/projects/export.csv"))
        assert rows[1][1].startswith("'=")

    def test_page_links_to_its_exports_with_its_filters(self, client, column):
        html = client.get("/column/projects/bidding/", {"q": "招标"}).content.decode()
        assert 'href="/column/projects/bidding/export.csv?q=%E6%8B%9B%E6%A0%87"' in html
        assert 'href="/column/projects/bidding/export.xlsx?q=' in html


@pytest.mark.django_db
class TestStreaming:
    def test_rows_are_read_in_chunks_not_all_at_once(self, client, org, monkeypatch):
        """The first lines go out before the database has been read to the end."""
        monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
        for number in range(7):
            published(org, title=f"分块读取测试记录{number}", category="approval_result")
        response = client.get("/column/projects/export.csv")
        served = []
        original = exports._plain

        def spy(value):
            served.append(value)
            return original(value)

        monkeypatch.setattr(exports, "_plain", spy)
        chunks = iter(response.streaming_content)
        header = next(chunks)
        assert "索引号".encode() in header
        assert served == [], "no row is read before the header is sent"
        next(chunks)
        assert 0 < len(served) < 7 * len(DISCLOSURE_COLUMNS)
        assert len(b"".join(chunks).decode().splitlines()) == 6

    def test_query_count_does_not_grow_with_rows(self, client, org):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                body(client.get("/column/projects/export.csv"))
            return len(captured)

        published(org, title="第一条", category="approval_result")
        few = queries()
        for number in range(6):
            published(org, title=f"更多记录{number}", category="bidding")
        assert queries() == few

    def test_row_cap_is_a_setting(self, client, org, settings):
        for number in range(3):
            published(org, title=f"上限测试{number}", category="approval_result")
        settings.PORTAL_EXPORT_MAX_ROWS = 2
        assert len(csv_rows(client.get("/column/projects/export.csv"))) == 1 + 2


@pytest.mark.django_db
class TestDomainListExports:
    def test_projects_export_filtered_and_public_only(self, client, org):
        road = project_builders.make_project(org, name="县道改建工程", sector=Sector.TRANSPORT)
        project_builders.public_record(org, road)
        school = project_builders.make_project(org, name="县第一中学扩建工程", sector=Sector.SOCIAL)
        project_builders.public_record(org, school)
        hidden = project_builders.make_project(org, name="只有草稿的项目")
        project_builders.record_in_state(org, hidden, "draft")

        rows = csv_rows(client.get("/projects/export.csv"))
        assert rows[0][:2] == ["项目名称", "投资项目统一代码"]
        assert {row[0] for row in rows[1:]} == {"县道改建工程", "县第一中学扩建工程"}
        rows = csv_rows(client.get("/projects/export.csv", {"sector": Sector.SOCIAL}))
        assert [row[0] for row in rows[1:]] == ["县第一中学扩建工程"]
        assert client.get("/projects/export.csv", {"sector": "nowhere"}).status_code == 400
        assert '/projects/export.csv' in client.get("/projects/").content.decode()

    def test_resource_matters_and_blacklist_exports(self, client, org):
        matter = resource_builders.make_matter(org, name="县城东片区国有土地使用权出让", area=ResourceArea.LAND_USE_RIGHT)
        resource_builders.public_record(org, matter)
        draft_only = resource_builders.make_matter(org, name="未公开的出让事项", area=ResourceArea.LAND_USE_RIGHT)
        resource_builders.record_in_state(org, draft_only, "draft")
        resource_builders.make_blacklist_entry(org, subject_name="失信建筑有限公司")

        document = json.loads(body(client.get("/resources/export.json")))
        assert [row["name"] for row in document["results"]] == ["县城东片区国有土地使用权出让"]
        assert document["results"][0]["area"] == "land_use_right"
        assert document["results"][0]["area_label"] == "国有土地使用权出让"
        rows = csv_rows(client.get("/resources/blacklist/export.csv"))
        assert [row[0] for row in rows[1:]] == ["失信建筑有限公司"]
        assert "/resources/blacklist/export.xlsx" in client.get("/resources/blacklist/").content.decode()

    def test_welfare_programmes_export(self, client, org):
        programme = welfare_builders.make_programme(org, name="县城乡低保提标工作")
        welfare_builders.public_record(org, programme)
        hidden = welfare_builders.make_programme(org, name="未公开的民生项目")
        welfare_builders.record_in_state(org, hidden, "submitted")
        sheet = load_workbook(io.BytesIO(body(client.get("/welfare/export.xlsx"))), read_only=True).active
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert names == ["县城乡低保提标工作"]


@pytest.mark.django_db
class TestTypedValues:
    """Spreadsheets sum amounts and filter dates only when the cells have their types; JSON gives codes
    beside labels and numbers as numbers; page links are on the host the reader used."""

    @pytest.fixture
    def road(self, org):
        road = project_builders.make_project(
            org, name="=县道改建工程", sector=Sector.TRANSPORT, phase=Phase.CONSTRUCTION,
            total_investment=Decimal("182365000.50"), started_on=datetime.date(2026, 3, 2),
        )
        project_builders.public_record(org, road)
        return road

    def test_xlsx_has_numbers_dates_and_text_cells(self, client, org, road):
        sheet = load_workbook(io.BytesIO(body(client.get("/projects/export.xlsx")))).active
        headers = [cell.value for cell in sheet[1]]
        row = {header: cell for header, cell in zip(headers, sheet[2], strict=True)}
        amount, started, name = row["总投资（元）"], row["开工日期"], row["项目名称"]
        assert amount.data_type == "n" and amount.value == 182365000.5 and amount.number_format == "#,##0.00"
        assert started.is_date and started.value == datetime.datetime(2026, 3, 2)
        assert name.data_type == "s" and name.value == "=县道改建工程", "text, never a formula, no apostrophe"

    def test_column_xlsx_publication_day_is_a_date(self, client, column):
        sheet = load_workbook(io.BytesIO(body(client.get("/column/projects/export.xlsx")))).active
        headers = [cell.value for cell in sheet[1]]
        cells = [row[headers.index("发布日期")] for row in sheet.iter_rows(min_row=2)]
        assert cells and all(cell.is_date and cell.number_format == "yyyy-mm-dd" for cell in cells)

    def test_json_has_codes_and_labels_numbers_and_days(self, client, org, road, column):
        project = json.loads(body(client.get("/projects/export.json")))["results"][0]
        assert (project["sector"], project["sector_label"]) == ("transport", "交通运输")
        assert project["total_investment"] == 182365000.5
        assert project["started_on"] == "2026-03-02"
        assert (project["is_ppp"], project["is_ppp_label"]) == (False, "否")
        record = json.loads(body(client.get("/column/projects/export.json")))["results"][0]
        assert (record["category"], record["domain"]) in {("approval_result", "projects"), ("bidding", "projects")}
        datetime.date.fromisoformat(record["published_at"])  # a day, not a timestamp
        assert len(record["published_at"]) == 10

    @pytest.mark.parametrize("fmt", ["csv", "json"])
    def test_page_links_use_the_host_the_reader_used(self, client, org, road, settings, fmt):
        settings.ALLOWED_HOSTS = ["testserver", "gk.example.gov.cn"]
        settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
        content = body(client.get(f"/projects/export.{fmt}", HTTP_HOST="gk.example.gov.cn")).decode("utf-8-sig")
        assert f"http://gk.example.gov.cn/projects/{road.pk}/" in content
        assert "127.0.0.1:8000" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("script_prefix", ["/", "/gov/"])
def test_a_page_column_by_route_writes_what_get_absolute_url_does(org, script_prefix):
    """The path is reversed once per route (and script prefix) and each row's pk put in it: the same address
    as reversing it for the row (disclosures.exports.page)."""
    records = [published(org, title=f"记录{n}") for n in range(3)]
    column = next(column for column in DISCLOSURE_COLUMNS if column.url)
    set_script_prefix(script_prefix)
    try:
        for record in records:
            assert column.value(record) == record.get_absolute_url()
            assert record.get_absolute_url().startswith(script_prefix)
    finally:
        set_script_prefix("/")
