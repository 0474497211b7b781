"""The dashboard's CSV and Excel exports equal what the page shows, with the same scope and filters."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from compliance import exports, selectors
from organizations.tests.factories import UserFactory

from .dashboard_scenario import TODAY, at, build, overdue_draft, set_fields

# The scenario is a day in the life of the dashboard: built and read on its TODAY (2026-10-13).
pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-10-13T10:00")]

CSV_URL = "/dashboard/export.csv"
XLSX_URL = "/dashboard/export.xlsx"


@pytest.fixture(scope="module")
def scenario_image(module_image):
    return module_image(build)  # built once for the module: most tests here read it


@pytest.fixture
def scenario(restore_image, scenario_image):
    return restore_image(scenario_image)


@pytest.fixture
def pinned_today(monkeypatch):
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


# The columns the page shows too: the export must equal the screen in each of them.
COMPARED = ["标题", "责任单位", "领域", "主题分类", "应公开日期", "逾期工作日", "状态", "当前办理人", "进入本环节时间", "本环节停留工作日", "后台链接"]


def screen_rows(client, user, params) -> list[list]:
    """The overdue list as the page shows it, in the export's column order (COMPARED)."""
    client.force_login(user)
    response = client.get("/dashboard/", params)
    assert response.status_code == 200
    content = response.content.decode()
    rows = []
    for row in response.context["rows"]:
        html = re.search(rf'<tr data-pk="{row.pk}">.*?</tr>', content, re.S).group(0)
        assert row.holder.text in html and row.stage_days_text in html  # what the context says is on the page
        rows.append(
            [
                row.title,
                row.department,
                row.domain_label,
                row.category_label,
                f"{row.due_on:%Y-%m-%d}" + ("（预计）" if row.due_on_estimated else ""),
                row.days_overdue,
                row.status_label,
                row.holder.text,
                f"{timezone.localtime(row.stage_since):%Y-%m-%d %H:%M}",
                row.stage_days,
                f"http://testserver{row.admin_url}",
            ]
        )
    return rows, response


def comparable(cells: list) -> list:
    """The COMPARED cells of an export row (numbers as numbers: the CSV has them as text)."""
    headers = [header for header, _ in exports.OVERDUE_COLUMNS]
    values = [cells[headers.index(name)] for name in COMPARED]
    return [int(value) if name in ("逾期工作日", "本环节停留工作日") else value for name, value in zip(COMPARED, values, strict=True)]


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content), read_only=True)


class TestCsv:
    @pytest.mark.parametrize(
        "params",
        [{}, {"sort": "department"}, {"domain": "projects"}, {"sort": "-due_on", "category": "education"}],
    )
    def test_rows_equal_the_page(self, client, scenario, org, pinned_today, params):
        expected, _ = screen_rows(client, org.office, params)
        response = client.get(CSV_URL, params)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        assert ".csv" in response["Content-Disposition"]
        table = read_csv(response)
        assert table[0] == [header for header, _ in exports.OVERDUE_COLUMNS]
        assert [comparable(cells) for cells in table[1:]] == expected
        assert expected, "the scenario must have rows to compare"

    def test_all_pages_are_exported(self, client, scenario, org, pinned_today, monkeypatch):
        monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
        expected, response = screen_rows(client, org.office, {})
        assert len(expected) == 1 and response.context["page"].paginator.count == 4
        assert len(read_csv(client.get(CSV_URL))) == 1 + 4

    def test_values(self, client, scenario, org, pinned_today):
        set_fields(scenario["overdue_old"], created_at=at(2026, 9, 23, 9, 0))
        set_fields(scenario["overdue_new"], submitted_at=at(2026, 10, 9, 16, 30))
        client.force_login(org.clerk)
        table = read_csv(client.get(CSV_URL, {"sort": "-days"}))
        assert table[1] == [
            "逾期的可研批复",
            "县发展和改革委员会",
            "重大建设项目批准和实施",
            "批准结果信息",
            "2026-09-23",
            "2026-09-30",
            "5",
            "草稿",
            "经办人：clerk",  # its author
            "2026-09-23 09:00",  # drafted then, never submitted
            # 09-24, (中秋 09-25), 09-28..30, (国庆 10-01..07), 10-08, 10-09, Saturday 10-10 (调休), 10-12, 10-13
            "9",
            "2026-10-01 01:00",
            f"http://testserver/admin/disclosures/disclosure/{scenario['overdue_old'].pk}/change/",
        ]
        # Submitted by the clerk on Friday 10-09: the department's two reviewers hold it since then, three
        # working days (Saturday 10-10 调休, 10-12, 10-13).
        assert table[2][7:11] == ["待部门负责人审核", "部门负责人：reviewer、reviewer_b", "2026-10-09 16:30", "3"]

    def test_scoped_to_the_clerk(self, client, scenario, org, pinned_today):
        client.force_login(org.clerk)
        titles = {cells[0] for cells in read_csv(client.get(CSV_URL))[1:]}
        assert titles == {"逾期的可研批复", "逾期的采购结果"}

    def test_formula_cells_are_neutralised(self, client, org, pinned_today):
        overdue_draft(org.clerk, org.department, TODAY.replace(day=1), title='=HYPERLINK("http://x","点我")')
        client.force_login(org.clerk)
        table = read_csv(client.get(CSV_URL))
        assert table[1][0] == '\'=HYPERLINK("http://x","点我")'


class TestXlsx:
    def test_sheets_equal_the_page(self, client, scenario, org, pinned_today):
        params = {"sort": "due_on"}
        expected, page = screen_rows(client, org.office, params)
        response = client.get(XLSX_URL, params)
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response["Content-Disposition"].startswith("attachment;")
        workbook = read_xlsx(response)
        assert workbook.sheetnames == ["逾期未公开", "按单位统计"]

        overdue = [list(row) for row in workbook["逾期未公开"].iter_rows(values_only=True)]
        headers = [header for header, _ in exports.OVERDUE_COLUMNS]
        assert overdue[0] == headers
        # Dates and times are Excel dates (filterable, sortable), not text; shown as the page shows them.
        moments = [headers.index(name) for name in ("信息形成日期", "进入本环节时间")]
        assert all(isinstance(row[index], datetime.datetime) for row in overdue[1:] for index in moments)
        for row in overdue[1:]:
            row[moments[1]] = row[moments[1]].strftime("%Y-%m-%d %H:%M")
        assert [comparable(cells) for cells in overdue[1:]] == expected
        assert len(expected) == 4

        departments = [list(row) for row in workbook["按单位统计"].iter_rows(values_only=True)]
        assert departments[0] == [header for header, _ in exports.STATS_COLUMNS]
        assert departments[1:] == [
            [s.label, s.sublabel, s.overdue, s.due_soon, s.published, s.published_late, s.rate_display]
            for s in page.context["by_department"]
        ]
        assert departments[1:] == [
            ["县发展和改革委员会", "测试县", 2, 2, 3, 1, "66.7%"],
            ["县自然资源局", "测试县", 1, 0, 1, 1, "0.0%"],
            ["测试镇党政办", "测试镇", 1, 0, 0, 0, "—"],
        ]

    def test_filters_apply(self, client, scenario, org, pinned_today):
        client.force_login(org.office)
        workbook = read_xlsx(client.get(XLSX_URL, {"department": org.other_department.pk}))
        overdue = list(workbook["逾期未公开"].iter_rows(values_only=True))
        assert [row[0] for row in overdue[1:]] == ["自然资源局逾期的教育信息"]
        departments = list(workbook["按单位统计"].iter_rows(values_only=True))
        assert [row[0] for row in departments[1:]] == ["县自然资源局"]

    def test_formula_cells_are_text(self, client, org, pinned_today):
        overdue_draft(org.clerk, org.department, TODAY.replace(day=1), title="=1+1")
        client.force_login(org.clerk)
        workbook = load_workbook(io.BytesIO(client.get(XLSX_URL).content))
        cell = workbook["逾期未公开"]["A2"]
        # A text cell: Excel shows it as typed and never runs it, with no apostrophe to see.
        assert cell.value == "=1+1" and cell.data_type == "s"


class TestAccess:
    @pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
    def test_anonymous_is_redirected(self, client, db, url):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    @pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
    def test_a_user_without_roles_is_forbidden(self, client, db, url):
        client.force_login(UserFactory(username="no_role"))
        assert client.get(url).status_code == 403

    def test_export_links_carry_the_current_view(self, client, org):
        client.force_login(org.office)
        content = client.get(
            "/dashboard/", {"domain": "welfare", "sort": "due_on", "page": "1"}
        ).content.decode()
        assert 'href="/dashboard/export.csv?domain=welfare&amp;sort=due_on"' in content
        assert 'href="/dashboard/export.xlsx?domain=welfare&amp;sort=due_on"' in content
