"""Public pages of public resource allocation: matters per area with filters, a matter's chain, the 黑名单."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resources.apps import MATTER
from resources.models import BlacklistEntry
from tests.contracts import records
from tests.contracts.subject_pages import SubjectPagesContract, fragment

from .builders import (
    details_for,
    make_blacklist_entry,
    make_matter,
    overdue_record,
    public_record,
    record_in_state,
    set_published_at,
)
from .factories import valid_uscc

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These tests change data behind the services' backs (links and 黑名单 rows made directly), so
    nothing would invalidate a cached public page between two requests of one test."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


def private_records(org, matter) -> list[str]:
    """Records of every non-public kind on `matter`, all of them 结果 steps; returns their titles."""
    return records.private_records(MATTER, org, matter, details=details_for(matter.area, "result"))


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------
class TestMatterPagesContract(SubjectPagesContract):
    """The contract every domain's public pages keep (tests/contracts/subject_pages.py)."""

    domain = "resources"
    pages_url = "/resources/"
    filter_labels = ("事项名称或编号", "领域", "信息类型", "主管部门", "所属区划（含下级）",
                     "年份（首次公开，未公开按录入）", "金额不低于（元）", "金额不高于（元）")
    invalid_filter = {"amount_min": "很多"}
    paged_filter = {"area": "procurement"}
    unpaged = {"area": "land_use_right"}
    more_pages = ("/resources/?item_type=result", "/resources/blacklist/")
    column_links = (("/resources/", "公共资源配置事项"), ("/resources/blacklist/", "严重失信主体名单"), ("/resources/redlist/", "红名单"))

    def hide_on(self, org, subject):
        return private_records(org, subject)

    def publish_more(self, org, n):
        area, item_type = [("procurement", "result"), ("housing", "allocation_result"), ("mining_right", "notice")][n % 3]
        public_record(org, make_matter(org, area=area), item_type)


class TestList:
    def test_shows_public_matters_with_their_columns(self, client, org):
        matter = make_matter(org, area="land_use_right", name="勐焕街道A-12地块出让", reference_no="MS-TD-2024-012",
                             amount=Decimal("123456789.00"), department=org.other_department)
        set_published_at(public_record(org, matter, "notice"), datetime.datetime(2024, 3, 1, 2, tzinfo=UTC))
        set_published_at(public_record(org, matter, "result"), datetime.datetime(2024, 4, 2, 2, tzinfo=UTC))
        hidden = make_matter(org, name="尚无公开信息的事项")
        private_records(org, hidden)

        response = client.get("/resources/")
        assert response.status_code == 200
        html = response.content.decode()
        assert list(response.context["page"].object_list) == [matter]
        assert f'<a href="/resources/{matter.pk}/">勐焕街道A-12地块出让</a>' in html
        for text in ("国有土地使用权出让", "MS-TD-2024-012", "县自然资源局", "12,345.68 万元",
                     '<span class="tag">出让结果</span>', '2024-04-02</time>'):
            assert text in html, text
        assert "尚无公开信息的事项" not in html
        assert "共 1 个事项" in html

    def test_the_project_filter_is_not_a_form_field(self, client, org):
        assert 'name="project"' not in client.get("/resources/").content.decode()  # set by links from a project page

    def test_area_tabs(self, client, org):
        land = make_matter(org, area="land_use_right")
        public_record(org, land)
        public_record(org, make_matter(org, area="procurement"))
        html = client.get("/resources/").content.decode()
        for code, label in (("housing", "住房保障"), ("land_use_right", "国有土地使用权出让"), ("mining_right", "矿业权出让"),
                            ("procurement", "政府采购"), ("state_property", "国有产权交易"),
                            ("construction_bidding", "工程建设项目招标投标")):
            assert f'<a href="?area={code}">{label}</a>' in html, code
        assert '<a href="/resources/" aria-current="page">全部领域</a>' in html

        response = client.get("/resources/", {"area": "land_use_right"})
        html = response.content.decode()
        assert list(response.context["page"].object_list) == [land]
        assert '<a href="?area=land_use_right" aria-current="page">国有土地使用权出让</a>' in html
        # On the tab, only the area's item types are offered.
        assert '<option value="supply_plan">土地供应计划</option>' in html
        assert "采购合同" not in html

    def test_filters_narrow_the_list(self, client, org):
        land = make_matter(org, area="land_use_right", name="地块出让", jurisdiction=org.town, amount=Decimal("9000000"))
        public_record(org, land, "notice")
        purchase = make_matter(org, area="procurement", name="设备采购", amount=Decimal("500000"))
        public_record(org, purchase, "notice")
        public_record(org, purchase, "result")

        def shown(**params):
            return list(client.get("/resources/", params).context["page"].object_list)

        assert shown(item_type="result") == [purchase]
        assert shown(jurisdiction=org.town.pk) == [land]
        assert shown(q="采购") == [purchase]
        assert shown(amount_min="1000000") == [land]
        assert shown(department=org.department.pk, amount_max="500000") == [purchase]

    def test_project_filter_from_a_project_page(self, client, org):
        from projects.tests.builders import make_project

        project = make_project(org)
        linked = make_matter(org, area="construction_bidding", project=project)
        public_record(org, linked, "tender_notice")
        public_record(org, make_matter(org, area="construction_bidding"), "tender_notice")
        response = client.get("/resources/", {"project": project.pk})
        assert list(response.context["page"].object_list) == [linked]
        assert f'<input type="hidden" name="project" value="{project.pk}">' in response.content.decode()


# ---------------------------------------------------------------------------------------------
# The matter page
# ---------------------------------------------------------------------------------------------
class TestDetail:
    def test_facts(self, client, org):
        matter = make_matter(
            org, area="procurement", name="县人民医院CT设备采购", reference_no="CG-2024-088",
            amount=Decimal("2500000.00"), jurisdiction=org.town, description="采购64排CT一台。",
        )
        public_record(org, matter)
        html = client.get(f"/resources/{matter.pk}/").content.decode()
        for text in ("县人民医院CT设备采购", "政府采购", "CG-2024-088", "县发展和改革委员会", "测试镇",
                     "250.00 万元", "2,500,000.00 元", "采购64排CT一台。"):
            assert text in html, text
        assert 'href="/resources/?area=procurement"' in html  # breadcrumb to the area

    def test_the_purchaser_on_the_page_and_in_the_api(self, client, org):
        """The 采购人 the OCDS `buyer` names (政府采购法第十五条) is shown where the matter is."""
        matter = make_matter(
            org, area="procurement", name="县人民医院CT设备采购", purchaser="测试县人民医院",
            purchaser_uscc=valid_uscc(7),
        )
        public_record(org, matter)
        html = client.get(f"/resources/{matter.pk}/").content.decode()
        assert "采购人（招标人）" in html and "测试县人民医院" in html
        data = client.get(f"/api/v1/resource-matters/{matter.pk}/").json()
        assert (data["purchaser"], data["purchaser_uscc"]) == ("测试县人民医院", matter.purchaser_uscc)

    def test_project_link_only_to_a_public_project(self, client, org):
        from projects.tests.builders import make_project
        from projects.tests.builders import public_record as public_project_record

        project = make_project(org, name="芒市至瑞丽高速公路")
        matter = make_matter(org, area="construction_bidding", project=project)
        public_record(org, matter, "tender_notice")
        assert "芒市至瑞丽高速公路" not in client.get(f"/resources/{matter.pk}/").content.decode()
        public_project_record(org, project)
        html = client.get(f"/resources/{matter.pk}/").content.decode()
        assert f'<a href="/projects/{project.pk}/">芒市至瑞丽高速公路</a>' in html

    def test_chain_of_public_records_with_their_fields(self, client, org):
        matter = make_matter(org, area="land_use_right")
        result = public_record(
            org, matter, "result", title="A-12地块出让结果公示",
            details=details_for("land_use_right", "result", parcel_no="MS2024-012", transferee="芒市某某置业有限公司",
                                deal_price="52000000"),
        )
        notice = public_record(
            org, matter, "notice", title="A-12地块出让公告",
            details=details_for("land_use_right", "notice", parcel_no="MS2024-012", location="勐焕街道",
                                area_sqm="12000.5", land_use="residential", term_years=70, starting_price="48000000"),
        )
        set_published_at(notice, datetime.datetime(2024, 3, 1, 2, tzinfo=UTC))
        set_published_at(result, datetime.datetime(2024, 2, 1, 2, tzinfo=UTC))  # out of order on purpose
        response = client.get(f"/resources/{matter.pk}/")
        html = response.content.decode()
        assert [item["record"] for item in response.context["chain"]] == [notice, result]
        assert html.index("A-12地块出让公告") < html.index("A-12地块出让结果公示")
        assert f'<a href="/disclosures/{notice.pk}/">A-12地块出让公告</a>' in html
        assert '<span class="tag">出让公告</span>' in html and '<span class="tag">出让结果</span>' in html
        for label, value in (("宗地编号", "MS2024-012"), ("宗地位置", "勐焕街道"), ("土地用途", "住宅用地"),
                             ("出让年限（年）", "70"), ("受让人", "芒市某某置业有限公司"), ("成交价（元）", "52,000,000.00")):
            assert f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' in html, label

    def test_chain_status_line(self, client, org):
        matter = make_matter(org, area="land_use_right")
        public_record(org, matter, "notice")
        record_in_state(org, matter, "draft", "result", title="尚未发布的出让结果")
        html = client.get(f"/resources/{matter.pk}/").content.decode()
        status = fragment(html, 'id="chain-status"', "</ol>")

        def step(item_type):
            return fragment(status, f'data-item-type="{item_type}"', "</li>")

        assert "✓" in step("notice") and "出让公告" in step("notice") and "已公开" in step("notice")
        assert "✗" in step("result") and "出让结果" in step("result") and "办理中" in step("result")
        assert "尚未发布的出让结果" not in html

    def test_construction_bidding_chain_status(self, client, org):
        matter = make_matter(org, area="construction_bidding")
        public_record(org, matter, "tender_notice")
        public_record(org, matter, "candidates")
        overdue_record(org, matter, "award", title="逾期的中标结果")
        html = client.get(f"/resources/{matter.pk}/").content.decode()
        status = fragment(html, 'id="chain-status"', "</ol>")
        assert [label for label in ("招标公告", "中标候选人公示", "中标结果", "合同订立及履行") if label in status] == [
            "招标公告", "中标候选人公示", "中标结果", "合同订立及履行"]
        assert status.count("✓") == 2 and status.count("✗") == 2
        assert "逾期未公开" in status and "逾期的中标结果" not in html

    def test_query_count_does_not_grow_with_records(self, client, org, django_assert_max_num_queries):
        matter = make_matter(org, area="procurement")
        for item_type in ("notice", "result", "contract"):
            public_record(org, matter, item_type)
        with CaptureQueriesContext(connection) as small:
            response = client.get(f"/resources/{matter.pk}/")
        assert len(response.context["chain"]) == 3
        item_types = ["notice", "documents", "result", "contract", "complaint", "penalty", "catalogue", "threshold", "agency_list"]
        for n in range(27):
            public_record(org, matter, item_types[n % len(item_types)])
        overdue_record(org, matter, "contract")
        with django_assert_max_num_queries(len(small)):
            response = client.get(f"/resources/{matter.pk}/")
        assert len(response.context["chain"]) == 30
        # the matter, its records, the generation of public content (core/fragments.py), the site's identity
        assert len(small) <= 5, [q["sql"] for q in small.captured_queries]


# ---------------------------------------------------------------------------------------------
# The 黑名单
# ---------------------------------------------------------------------------------------------
class TestBlacklist:
    def test_shows_entries_in_force_with_their_columns(self, client, org):
        today = timezone.localdate()
        starts = today - datetime.timedelta(days=400)  # within the basis's longest period (36 months)
        entry = make_blacklist_entry(
            org, subject_name="德宏某某建筑工程有限公司", area="construction_bidding",
            conduct="伪造资质证书骗取中标", decision="取消中标资格，列入黑名单两年", decision_no="德住建罚〔2024〕7号",
            authority="德宏州住房和城乡建设局", starts_on=starts, ends_on=today + datetime.timedelta(days=10),
        )
        html = client.get("/resources/blacklist/").content.decode()
        for text in ("德宏某某建筑工程有限公司", entry.uscc, "工程建设项目招标投标", "伪造资质证书骗取中标",
                     "取消中标资格，列入黑名单两年", "德住建罚〔2024〕7号", "德宏州住房和城乡建设局",
                     f'<time datetime="{starts.isoformat()}">{starts.isoformat()}</time>', "共 1 个主体"):
            assert text in html, text

    def test_expired_entries_never_appear_but_are_kept(self, client, org):
        today = timezone.localdate()
        make_blacklist_entry(org, subject_name="在列企业")
        lapsed = make_blacklist_entry(org, subject_name="期满企业QxLapsedZ", starts_on=today - datetime.timedelta(days=400),
                                      ends_on=today - datetime.timedelta(days=1))
        taken_off = make_blacklist_entry(org, subject_name="已移出企业QxTakenOffZ")
        BlacklistEntry.objects.filter(pk=taken_off.pk).update(expired_at=timezone.now())
        make_blacklist_entry(org, subject_name="未到期企业QxFutureZ", starts_on=today + datetime.timedelta(days=2))
        for params in ({}, {"q": "企业"}, {"q": lapsed.uscc}, {"q": taken_off.uscc}, {"in_force": "false"},
                       {"area": "procurement"}):
            response = client.get("/resources/blacklist/", params)
            assert {entry.subject_name for entry in response.context["page"].object_list} <= {"在列企业"}, params
            html = response.content.decode()
            for marker in ("QxLapsedZ", "QxTakenOffZ", "QxFutureZ"):
                assert marker not in html, (params, marker)
        assert "在列企业" in client.get("/resources/blacklist/").content.decode()
        assert BlacklistEntry.objects.count() == 4

    def test_search_by_name_or_code(self, client, org):
        builder = make_blacklist_entry(org, subject_name="德宏某某建筑工程有限公司")
        trader = make_blacklist_entry(org, subject_name="芒市某某商贸有限公司")

        def shown(**params):
            return list(client.get("/resources/blacklist/", params).context["page"].object_list)

        assert shown(q="商贸") == [trader]
        assert shown(q=builder.uscc) == [builder]
        assert shown(q=builder.uscc.lower()) == [builder]
        assert shown(q="没有这个主体") == []

    def test_area_filter(self, client, org):
        mining = make_blacklist_entry(org, area="mining_right")
        make_blacklist_entry(org, area="procurement")
        response = client.get("/resources/blacklist/", {"area": "mining_right"})
        assert list(response.context["page"].object_list) == [mining]
        html = response.content.decode()
        assert ">主体名称或统一社会信用代码</label>" in html and ">领域</label>" in html
        assert "在列入期内" not in html  # the public list is always the entries in force

    def test_query_count_does_not_grow_with_entries(self, client, org, django_assert_max_num_queries):
        make_blacklist_entry(org)
        with CaptureQueriesContext(connection) as small:
            client.get("/resources/blacklist/")
        for _ in range(8):
            make_blacklist_entry(org)
        with django_assert_max_num_queries(len(small)):
            response = client.get("/resources/blacklist/")
        assert len(response.context["page"].object_list) == 9


# ---------------------------------------------------------------------------------------------
# Nothing unpublished, anywhere
# ---------------------------------------------------------------------------------------------
def test_a_step_with_only_unpublished_or_withheld_records_is_not_a_public_step(client, org):
    matter = make_matter(org, name="公开事项", area="procurement")
    public_record(org, matter, "notice", title="已发布的采购公告")
    private_records(org, matter)
    assert list(client.get("/resources/", {"item_type": "notice"}).context["page"].object_list) == [matter]
    assert list(client.get("/resources/", {"item_type": "result"}).context["page"].object_list) == []
