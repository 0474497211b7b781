"""/api/v1/projects/: public projects for anonymous readers, scoped ones for staff, the public filters,
records grouped by category in the detail, and the annual statistics endpoint — errors in Chinese."""

import datetime

import pytest
from django.utils import timezone

from disclosures import services as disclosure_services
from disclosures.choices import DisclosureMode, Status
from disclosures.details import placeholder_details
from projects.choices import Phase, ProjectCategory, Sector
from tests.contracts.records import publish, publish_in_town
from tests.contracts.subject_api import SubjectAPIContract, names

from .factories import make_project, make_record

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"


def detail_url(project) -> str:
    return f"/api/v1/projects/{project.pk}/"


def published(org, project, category="approval_result", **fields):
    record = make_record(org, project, category=category, **fields)
    return publish(record, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)


def build_world(org):
    road = make_project(org, name="测试县城至测试镇公路改扩建工程", code="2024-533100-48-01-009001",
                        sector=Sector.TRANSPORT, phase=Phase.CONSTRUCTION, started_on=datetime.date(2024, 4, 1))
    school = make_project(org, name="测试县第二中学教学楼新建项目", sector=Sector.SOCIAL)
    hidden = make_project(org, name="只有草稿的冷链物流项目", sector=Sector.OTHER)
    town = make_project(org, name="测试镇污水处理站项目", sector=Sector.ECOLOGY, jurisdiction=org.town,
                        lead_department=org.town_department, actor=org.town_clerk)
    records = {
        "road_result": published(org, road, title="关于公路工程初步设计的批复", details={
            **placeholder_details("projects", "approval_result"), "reply_no": "测发改投资〔2024〕12号"}),
        "road_bid": published(org, road, "bidding", title="公路工程施工中标结果公告", details={
            "stage": "award", "method": "open", "winner": "测试路桥建设有限公司", "amount": "98650000.00"}),
        "road_draft": make_record(org, road, category="construction", title="公路工程参建单位（草稿）"),
        "road_on_request": published(org, road, "supervision", title="公路工程稽察报告（依申请公开）",
                                     disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及商业秘密"),
        "road_withheld": published(org, road, "supervision", title="公路工程内部研究材料（不予公开）",
                                   disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="内部事务信息"),
        "school_result": published(org, school, title="关于第二中学教学楼项目建议书的批复"),
        "hidden_draft": make_record(org, hidden, title="冷链物流项目核准（草稿）"),
    }
    town_record = make_record(org, town, actor=org.town_clerk, department=org.town_department, title="污水处理站选址意见")
    records["town_result"] = publish_in_town(org, town_record)
    withdrawn = published(org, school, "bidding", title="第二中学施工招标公告（已撤回）")
    disclosure_services.disclosure_withdraw(disclosure=withdrawn, actor=org.reviewer, reason="招标文件有误")
    records["school_withdrawn"] = withdrawn
    return {"road": road, "school": school, "hidden": hidden, "town": town, "records": records}


# --- the contract every domain's subject API keeps (tests/contracts/subject_api.py) ----------------
class TestProjectAPIContract(SubjectAPIContract):
    domain = "projects"
    list_url = LIST
    public_names = ("测试县城至测试镇公路改扩建工程", "测试县第二中学教学楼新建项目", "测试镇污水处理站项目")
    pages_url = "/projects/"
    listed = "road"
    row = {"code": "2024-533100-48-01-009001", "sector": "transport", "sector_label": "交通运输", "phase_label": "在建",
           "total_investment": "126800000.00"}
    not_found = "没有找到该项目，或该项目尚无公开的信息。"
    bad_filters = {"sector": ("spaceport", "“spaceport”不是可选的值，请从列表中选择。"), "jurisdiction": ("999999", "所选的项已不存在，请从列表中重新选择。")}


# --- filters (the public list's) --------------------------------------------------------------
class TestFilters:
    def test_sector(self, anonymous, world):
        assert names(anonymous.get(LIST, {"sector": "social"})) == ["测试县第二中学教学楼新建项目"]

    def test_phase(self, anonymous, world):
        assert names(anonymous.get(LIST, {"phase": "construction"})) == ["测试县城至测试镇公路改扩建工程"]

    def test_keyword_matches_the_code(self, anonymous, world):
        assert names(anonymous.get(LIST, {"q": world["school"].code})) == ["测试县第二中学教学楼新建项目"]

    def test_investment_range(self, anonymous, world):
        assert names(anonymous.get(LIST, {"investment_min": "200000000"})) == []
        assert len(names(anonymous.get(LIST, {"investment_max": "200000000"}))) == 3

# --- detail -----------------------------------------------------------------------------------
class TestDetail:
    def test_records_are_grouped_by_the_nine_categories(self, anonymous, world):
        body = anonymous.get(detail_url(world["road"])).json()
        assert [group["category"] for group in body["records"]] == ProjectCategory.values
        groups = {group["category"]: group for group in body["records"]}
        assert groups["approval_result"]["label"] == "批准结果信息"
        assert [r["title"] for r in groups["approval_result"]["records"]] == ["关于公路工程初步设计的批复"]
        assert groups["approval_result"]["records"][0]["details"]["reply_no"] == "测发改投资〔2024〕12号"
        bid = groups["bidding"]["records"][0]
        assert bid["details"] == {"stage": "award", "method": "open", "winner": "测试路桥建设有限公司", "amount": "98650000.00"}
        assert bid["index_no"] and bid["url"] == world["records"]["road_bid"].get_absolute_url()

    def test_anonymous_readers_see_only_public_records(self, anonymous, world):
        body = anonymous.get(detail_url(world["road"])).json()
        titles = [r["title"] for group in body["records"] for r in group["records"]]
        assert "公路工程参建单位（草稿）" not in titles
        assert "公路工程内部研究材料（不予公开）" not in titles
        assert all(r["status"] == "published" for group in body["records"] for r in group["records"])
        on_request = next(r for group in body["records"] for r in group["records"] if "依申请公开" in r["title"])
        assert on_request["details"] == {}
        school = anonymous.get(detail_url(world["school"])).json()
        assert "第二中学施工招标公告（已撤回）" not in str(school)

    def test_staff_see_the_records_of_their_department_in_every_state(self, staff, world):
        body = staff.get(detail_url(world["road"])).json()
        drafts = [r for group in body["records"] for r in group["records"] if r["status"] == Status.DRAFT]
        assert [r["title"] for r in drafts] == ["公路工程参建单位（草稿）"]
        assert drafts[0]["url"] is None and drafts[0]["details"]

    def test_detail_carries_the_completeness_matrix_and_the_legal_entity(self, anonymous, world):
        body = anonymous.get(detail_url(world["road"])).json()
        cells = {cell["category"]: cell for cell in body["completeness"]}
        assert cells["approval_result"]["expected"] and cells["approval_result"]["published"] == 1
        assert cells["construction"]["expected"] and cells["construction"]["published"] == 0
        assert body["legal_entity"] == "测试县交通建设投资有限公司"
        assert len(body["legal_entity_uscc"]) == 18

    def test_detail_query_count_does_not_grow_with_records(self, anonymous, org, world, django_assert_max_num_queries):
        for n in range(6):
            published(org, world["road"], "supervision", title=f"监管检查通报{n}")
        with django_assert_max_num_queries(6):
            body = anonymous.get(detail_url(world["road"])).json()
        assert len(next(g for g in body["records"] if g["category"] == "supervision")["records"]) == 7


# --- statistics -------------------------------------------------------------------------------
class TestStatistics:
    URL = "/api/v1/projects/statistics/"

    def test_counts_per_category_for_a_year_and_jurisdiction(self, anonymous, org, world):
        year = timezone.localdate().year
        body = anonymous.get(self.URL, {"year": year, "jurisdiction": org.county.pk}).json()
        counts = {row["category"]: row["count"] for row in body["rows"]}
        assert body["year"] == year and body["jurisdiction"]["name"] == "测试县"
        # 2 批准结果 in the county + 1 in the town; 1 招标 still out + 1 withdrawn (it was out that year);
        # 依申请公开 counts, 不予公开 does not, drafts do not.
        assert counts["approval_result"] == 3
        assert counts["bidding"] == 2
        assert counts["supervision"] == 1
        assert body["total"] == sum(counts.values()) == 6
        town = anonymous.get(self.URL, {"year": year, "jurisdiction": org.town.pk}).json()
        assert town["total"] == 1

    def test_another_year_is_empty(self, anonymous, world):
        body = anonymous.get(self.URL, {"year": 2018}).json()
        assert body["total"] == 0 and body["jurisdiction"] is None
        assert [row["label"] for row in body["rows"]] == [label for _, label in ProjectCategory.choices]

    @pytest.mark.parametrize(
        ("params", "field", "message"),
        [
            ({}, "year", "请提供统计年份 year，例如 year=2018。"),
            ({"year": "去年"}, "year", "年份必须是整数，例如 2018。"),
            ({"year": "1999"}, "year", "年份不能早于 2000 年。"),
            ({"year": "2018", "jurisdiction": "999999"}, "jurisdiction", "区划“999999”不存在。"),
        ],
    )
    def test_bad_parameters_are_400_in_chinese(self, anonymous, world, params, field, message):
        response = anonymous.get(self.URL, params)
        assert response.status_code == 400
        assert response.json()[field] == [message]
