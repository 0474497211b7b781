"""Public project pages: the list with filters, a project's life cycle and completeness, nothing unpublished."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.apps import PROJECT
from projects.choices import Phase, PPPCapital, PPPMode, PPPReturn, Sector
from projects.templatetags.project_format import wan_yuan, yuan
from tests.contracts.records import private_records
from tests.contracts.subject_pages import SubjectPagesContract, fragment

from .builders import make_project, overdue_record, public_record, record_in_state

pytestmark = pytest.mark.django_db

APPROVAL = {
    "approval_item": "feasibility",
    "reply_no": "德发改投资〔2018〕88号",
    "authority": "德宏州发展和改革委员会",
    "approved_on": "2018-03-02",
    "result": "approved",
}


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------
def test_amounts_in_wan_yuan():
    assert wan_yuan(Decimal("123456789.00")) == "12,345.68 万元"
    assert wan_yuan(Decimal("5000")) == "0.50 万元"
    assert wan_yuan(None) == "—"
    assert yuan(Decimal("123456789.5")) == "123,456,789.50 元"


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------
class TestProjectPagesContract(SubjectPagesContract):
    """The contract every domain's public pages keep (tests/contracts/subject_pages.py)."""

    domain = "projects"
    pages_url = "/projects/"
    filter_labels = ("项目名称或代码", "行业领域", "项目阶段", "所属区划（含下级）", "牵头部门", "管理方式",
                     "投资类型", "PPP 项目", "年份（开工，未开工按录入）", "总投资不低于（元）", "总投资不高于（元）")
    invalid_filter = {"sector": "nope"}
    paged_filter = {"sector": Sector.WATER}
    unpaged = {"sector": Sector.TRANSPORT}
    more_pages = ("/projects/statistics/",)
    column_links = (("/projects/", "重大建设项目库"), ("/projects/statistics/", "年度公开统计"))


class TestList:
    def test_shows_public_projects_with_their_columns(self, client, org):
        project = make_project(org, name="芒市至瑞丽高速公路", code="2018-533103-48-01-990101",
                               sector=Sector.TRANSPORT, phase=Phase.CONSTRUCTION,
                               total_investment=Decimal("123456789.00"), jurisdiction=org.town)
        public_record(org, project)
        hidden = make_project(org, name="尚无公开信息的项目")
        private_records(PROJECT, org, hidden)

        response = client.get("/projects/")
        assert response.status_code == 200
        html = response.content.decode()
        assert list(response.context["page"].object_list) == [project]
        assert f'<a href="/projects/{project.pk}/">芒市至瑞丽高速公路</a>' in html
        for text in ("2018-533103-48-01-990101", "交通运输", "在建", "测试镇", "12,345.68 万元", "县发展和改革委员会"):
            assert text in html, text
        assert "尚无公开信息的项目" not in html
        assert "共 1 个项目" in html

    def test_filters_narrow_the_list(self, client, org):
        water = make_project(org, name="水库", sector=Sector.WATER, jurisdiction=org.town)
        public_record(org, water)
        road = make_project(org, name="公路", sector=Sector.TRANSPORT)
        public_record(org, road)
        response = client.get("/projects/", {"sector": "water"})
        assert list(response.context["page"].object_list) == [water]
        response = client.get("/projects/", {"jurisdiction": org.town.pk})
        assert list(response.context["page"].object_list) == [water]
        response = client.get("/projects/", {"q": "公路"})
        assert list(response.context["page"].object_list) == [road]


# ---------------------------------------------------------------------------------------------
# The project page
# ---------------------------------------------------------------------------------------------
class TestDetail:
    def test_facts(self, client, org):
        project = make_project(
            org, name="城市供水PPP项目", code="2019-533103-46-02-000777", sector=Sector.URBAN, phase=Phase.COMPLETED,
            started_on=datetime.date(2019, 4, 1), completed_on=datetime.date(2021, 9, 30),
            total_investment=Decimal("250000000.00"), legal_entity="芒市水务有限公司",
            location="芒市勐焕街道", description="新建日供水5万吨水厂一座。",
            is_ppp=True, ppp_mode=PPPMode.BOT, ppp_return=PPPReturn.VIABILITY_GAP, ppp_capital=PPPCapital.JOINT_VENTURE,
        )
        public_record(org, project)
        html = client.get(f"/projects/{project.pk}/").content.decode()
        for text in ("城市供水PPP项目", "2019-533103-46-02-000777", "住房和城乡建设", "审批", "政府投资",
                     "25,000.00 万元", "250,000,000.00 元", "竣工", "芒市水务有限公司", project.legal_entity_uscc,
                     "芒市勐焕街道", "测试县", "县发展和改革委员会", "2019-04-01", "2021-09-30",
                     "新建日供水5万吨水厂一座。", "建设-运营-移交（BOT）", "可行性缺口补助", "合资组建项目公司"):
            assert text in html, text
        for label in ("项目法人", "统一社会信用代码", "PPP 合作模式", "PPP 回报机制", "社会资本参与方式"):
            assert f'<th scope="row">{label}</th>' in html, label

    def test_ppp_items_only_for_ppp_projects(self, client, org):
        project = make_project(org, is_ppp=False)
        public_record(org, project)
        html = client.get(f"/projects/{project.pk}/").content.decode()
        assert "PPP 合作模式" not in html and "社会资本参与方式" not in html

    def test_timeline_of_public_records_with_their_fields(self, client, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        bid = public_record(org, project, "bidding", title="一标段招标公告", formed_on=datetime.date(2018, 6, 1))
        approval = public_record(org, project, "approval_result", title="可行性研究报告批复",
                                 formed_on=datetime.date(2018, 3, 2), details=APPROVAL)
        response = client.get(f"/projects/{project.pk}/")
        html = response.content.decode()
        assert [item["record"] for item in response.context["timeline"]] == [approval, bid]
        assert html.index("可行性研究报告批复") < html.index("一标段招标公告")
        assert f'<a href="/disclosures/{approval.pk}/">可行性研究报告批复</a>' in html
        assert '<span class="tag">批准结果信息</span>' in html and '<span class="tag">招标投标信息</span>' in html
        assert '<time datetime="2018-03-02">2018-03-02</time>' in html
        for label, value in (("审批事项", "可行性研究报告审批"), ("批复文号", "德发改投资〔2018〕88号"),
                             ("批复机关", "德宏州发展和改革委员会"), ("批复日期", "2018-03-02"), ("审批结果", "同意")):
            assert f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' in html, label

    def test_completeness_matrix_is_shown(self, client, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        public_record(org, project, "approval_result")
        public_record(org, project, "approval_result")
        overdue_record(org, project, "bidding", title="逾期的招标记录")
        record_in_state(org, project, "submitted", "construction", title="审核中的施工记录")
        html = client.get(f"/projects/{project.pk}/").content.decode()
        matrix = fragment(html, 'id="completeness"', "</table>")

        def cell(category):
            return fragment(matrix, f'data-category="{category}"', "</tr>")

        assert '<td class="col-num" data-label="已公开条数">2</td>' in cell("approval_result")
        assert "已公开" in cell("approval_result")
        assert "逾期未公开" in cell("bidding")
        assert "办理中" in cell("construction")
        assert "缺失" in cell("quality_safety")
        assert "不适用" in cell("completion")
        assert "逾期的招标记录" not in html and "审核中的施工记录" not in html

    def test_query_count_does_not_grow_with_records(self, client, org, django_assert_max_num_queries):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        categories = ["approval_result", "bidding", "construction"]
        for category in categories:
            public_record(org, project, category)
        with CaptureQueriesContext(connection) as small:
            response = client.get(f"/projects/{project.pk}/")
        assert len(response.context["timeline"]) == 3
        for n in range(27):
            public_record(org, project, ["approval_service", "quality_safety", "supervision"][n % 3])
        overdue_record(org, project, "completion")
        with django_assert_max_num_queries(len(small)):
            response = client.get(f"/projects/{project.pk}/")
        assert len(response.context["timeline"]) == 30
        assert len(small) <= 5, [q["sql"] for q in small.captured_queries]
