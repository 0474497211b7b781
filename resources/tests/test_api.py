"""/api/v1/resource-matters/ and /api/v1/blacklist/: public matters (≥1 public record) for anonymous
readers, scoped ones for staff, the public filters, records in chain order with their structured
fields and masked name lists; the 黑名单 in force only, searchable by name and code — errors in Chinese."""

import datetime
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from disclosures.choices import DisclosureMode, Status
from disclosures.models import Disclosure
from namelists import services as namelist_services
from resources import services
from tests.clock import TEST_TODAY
from tests.contracts.records import publish_in_town
from tests.contracts.subject_api import SubjectAPIContract, names

from .factories import details, make_entry, make_matter, make_record, publish, published_record

pytestmark = pytest.mark.django_db

LIST = "/api/v1/resource-matters/"
BLACKLIST = "/api/v1/blacklist/"
TODAY = TEST_TODAY


def detail_url(matter) -> str:
    return f"{LIST}{matter.pk}/"


def build_world(org):
    land = make_matter(org, name="城东7号宗地挂牌出让", reference_no="测试〔2026〕7号", amount="52960000.00")
    procurement = make_matter(org, area="procurement", name="学生课桌椅采购项目", reference_no="CG2026-015", amount="3280000.00")
    hidden = make_matter(org, area="mining_right", name="只有草稿的采矿权出让", amount="8600000.00")
    town = make_matter(org, area="housing", name="测试镇农村危房改造", jurisdiction=org.town, department=org.town_department,
                       actor=org.town_clerk, amount=None)
    records = {
        # published out of chain order: the result first, the notice after.
        "land_result": published_record(org, land, "result", title="7号宗地出让结果公示", details=details(
            "land_use_right", "result", parcel_no="测试〔2026〕7号", transferee="测试嘉和置业有限公司", deal_price="61880000.00")),
        "land_notice": published_record(org, land, "notice", title="7号宗地挂牌出让公告", details=details(
            "land_use_right", "notice", starting_price="52960000.00")),
        "land_withheld": published_record(org, land, "approval", title="7号宗地内部研究材料（不予公开）",
                                          disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="内部事务信息"),
        "land_draft": make_record(org, land, "policy", title="城东片区用地政策（草稿）"),
        "procurement_notice": published_record(org, procurement, "notice", title="课桌椅采购公开招标公告",
                                               details=details("procurement", "notice", budget="3280000.00")),
        "hidden_draft": make_record(org, hidden, "notice", title="采矿权出让公告（草稿）"),
    }
    town_record = make_record(org, town, "rural_identification", actor=org.town_clerk, department=org.town_department,
                              title="测试镇农村危房改造对象认定结果")
    records["town"] = publish_in_town(org, town_record)
    return {"land": land, "procurement": procurement, "hidden": hidden, "town": town, "records": records}


# --- matters: list ------------------------------------------------------------------------------
class TestMatterAPIContract(SubjectAPIContract):
    """The contract every domain's subject API keeps (tests/contracts/subject_api.py)."""

    domain = "resources"
    list_url = LIST
    public_names = ("城东7号宗地挂牌出让", "学生课桌椅采购项目", "测试镇农村危房改造")
    pages_url = "/resources/"
    listed = "land"
    row = {"area": "land_use_right", "area_label": "国有土地使用权出让", "reference_no": "测试〔2026〕7号",
           "amount": "52960000.00"}
    not_found = "没有找到该事项，或该事项尚无公开的信息。"
    bad_filters = {"area": ("spaceport", "“spaceport”不是可选的值，请从列表中选择。"), "department": ("999999", "所选的项已不存在，请从列表中重新选择。"),
                   "amount_min": ("很多", "请填写数字。")}


# --- matters: filters -----------------------------------------------------------------------------
class TestMatterFilters:
    def test_area(self, anonymous, world):
        assert names(anonymous.get(LIST, {"area": "procurement"})) == ["学生课桌椅采购项目"]

    def test_item_type_counts_only_public_records(self, anonymous, world):
        assert names(anonymous.get(LIST, {"area": "land_use_right", "item_type": "result"})) == ["城东7号宗地挂牌出让"]
        assert names(anonymous.get(LIST, {"area": "land_use_right", "item_type": "policy"})) == []  # only a draft

    def test_year(self, anonymous, world):
        assert len(names(anonymous.get(LIST, {"year": timezone.localdate().year}))) == 3
        assert names(anonymous.get(LIST, {"year": 2018})) == []

    def test_amount_range(self, anonymous, world):
        assert names(anonymous.get(LIST, {"amount_min": "10000000"})) == ["城东7号宗地挂牌出让"]
        assert names(anonymous.get(LIST, {"amount_max": "10000000"})) == ["学生课桌椅采购项目"]

    def test_keyword_matches_the_name_and_the_reference_number(self, anonymous, world):
        assert names(anonymous.get(LIST, {"q": "课桌椅"})) == ["学生课桌椅采购项目"]
        assert names(anonymous.get(LIST, {"q": "测试〔2026〕7号"})) == ["城东7号宗地挂牌出让"]

# --- matters: detail ------------------------------------------------------------------------------
class TestMatterDetail:
    def test_public_records_in_chain_order_with_their_details(self, anonymous, world):
        body = anonymous.get(detail_url(world["land"])).json()
        records = body["records"]
        assert [r["title"] for r in records] == ["7号宗地挂牌出让公告", "7号宗地出让结果公示"]
        assert [r["item_type"] for r in records] == ["notice", "result"]
        assert [r["item_type_label"] for r in records] == ["出让公告", "出让结果"]
        result = records[1]
        assert result["details"]["transferee"] == "测试嘉和置业有限公司" and result["details"]["deal_price"] == "61880000.00"
        assert result["index_no"] and result["url"] == world["records"]["land_result"].get_absolute_url()
        assert result["name_list"] is None
        steps = {step["item_type"]: step for step in body["steps"]}
        assert steps["notice"]["state"] == "published" and steps["result"]["published"] == 1
        assert body["description"] and body["project_detail"] is None

    def test_anonymous_readers_see_only_public_records(self, anonymous, world):
        body = anonymous.get(detail_url(world["land"])).json()
        text = json.dumps(body, ensure_ascii=False)
        assert "草稿" not in text and "不予公开" not in text
        assert all(r["status"] == "published" for r in body["records"])

    def test_staff_see_the_records_of_their_department_in_every_state(self, staff, world):
        body = staff.get(detail_url(world["land"])).json()
        drafts = [r for r in body["records"] if r["status"] == Status.DRAFT]
        assert [r["title"] for r in drafts] == ["城东片区用地政策（草稿）"]
        assert drafts[0]["url"] is None and drafts[0]["details"]["item_type"] == "policy"
        # The policy step comes first in the land chain.
        assert body["records"][0]["item_type"] == "policy"

    def test_a_linked_major_project_is_named(self, anonymous, org):
        from projects.tests.factories import make_project

        project = make_project(org, name="测试县人民医院住院综合楼建设项目")
        matter = make_matter(org, area="construction_bidding", name="住院综合楼施工总承包", project=project)
        published_record(org, matter, "tender_notice")
        body = anonymous.get(detail_url(matter)).json()
        assert body["project"] == project.pk
        assert body["project_detail"] == {"id": project.pk, "name": "测试县人民医院住院综合楼建设项目", "code": project.code}

    def test_housing_allocation_name_list_is_masked(self, anonymous, org):
        matter = make_matter(org, area="housing", name="公租房分配", amount=None)
        record = make_record(org, matter, "allocation_result", details=details("housing", "allocation_result"))
        namelist_services.name_list_save(actor=org.clerk, disclosure=record, notice_days=7, entries=[
            {"name": "张三明", "id_number": "110101199003071234", "phone": "13812345678", "locality": "城北社区"},
        ])
        publish(record, org)
        response = anonymous.get(detail_url(matter))
        name_list = response.json()["records"][0]["name_list"]
        assert name_list["rows"][0]["name"] == "张*明"
        assert name_list["rows"][0]["id_number"] == "110101********1234"
        assert name_list["rows"][0]["phone"] == "138****5678"
        assert not name_list["ended"] and name_list["notice_days"] == 7
        text = response.content.decode()
        assert "张三明" not in text and "110101199003071234" not in text and "13812345678" not in text

    def test_detail_query_count_does_not_grow_with_records(self, anonymous, org, world, django_assert_max_num_queries):
        for n in range(6):
            published_record(org, world["procurement"], "documents", title=f"采购文件{n}")
        with django_assert_max_num_queries(7):
            body = anonymous.get(detail_url(world["procurement"])).json()
        assert len(body["records"]) == 7


# --- 黑名单 ---------------------------------------------------------------------------------------
@pytest.fixture
def blacklist(org):
    entries = {
        "in_force": make_entry(org, subject_name="测试恒达建筑工程有限公司", area="procurement"),
        "land": make_entry(org, subject_name="测试宏基置业有限公司", area="land_use_right"),
        "expired": make_entry(org, subject_name="测试顺达房地产经纪有限公司", area="housing",
                              starts_on=TODAY - datetime.timedelta(days=800), ends_on=TODAY - datetime.timedelta(days=70)),
        # ended yesterday: the nightly job has not run yet, but the public list already leaves it out
        "ended_unmarked": make_entry(org, subject_name="测试昨日期满有限公司",
                                     starts_on=TODAY - datetime.timedelta(days=400), ends_on=TODAY - datetime.timedelta(days=1)),
        "future": make_entry(org, subject_name="测试下月列入有限公司",
                             starts_on=TODAY + datetime.timedelta(days=30), ends_on=TODAY + datetime.timedelta(days=400)),
        "other_department": make_entry(org, actor=org.other_clerk, department=org.other_department,
                                       subject_name="测试其他单位录入有限公司",
                                       starts_on=TODAY - datetime.timedelta(days=400), ends_on=TODAY - datetime.timedelta(days=2)),
    }
    services.blacklist_expire(today=TODAY - datetime.timedelta(days=1))  # last night's run
    return entries


def subjects(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["subject_name"] for row in response.json()["results"])


class TestBlacklist:
    def test_the_public_sees_only_entries_in_force(self, anonymous, blacklist):
        assert subjects(anonymous.get(BLACKLIST)) == sorted(["测试恒达建筑工程有限公司", "测试宏基置业有限公司"])
        for key in ("expired", "ended_unmarked", "future"):
            response = anonymous.get(f"{BLACKLIST}{blacklist[key].pk}/")
            assert response.status_code == 404
            assert response.json()["detail"] == "没有找到该名单记录，或该记录已期满或经信用修复移出公开名单。"

    def test_search_by_name_and_by_code(self, anonymous, blacklist):
        assert subjects(anonymous.get(BLACKLIST, {"q": "恒达"})) == ["测试恒达建筑工程有限公司"]
        code = blacklist["land"].uscc
        assert subjects(anonymous.get(BLACKLIST, {"q": code})) == ["测试宏基置业有限公司"]
        assert subjects(anonymous.get(BLACKLIST, {"q": code.lower()})) == ["测试宏基置业有限公司"]
        assert subjects(anonymous.get(BLACKLIST, {"q": blacklist["expired"].uscc})) == []  # expired: not found

    def test_filter_by_area(self, anonymous, blacklist):
        assert subjects(anonymous.get(BLACKLIST, {"area": "land_use_right"})) == ["测试宏基置业有限公司"]

    def test_rows_carry_the_decision_and_the_period(self, anonymous, blacklist):
        row = next(r for r in anonymous.get(BLACKLIST).json()["results"] if r["subject_name"] == "测试恒达建筑工程有限公司")
        entry = blacklist["in_force"]
        assert row["uscc"] == entry.uscc and row["area_label"] == "政府采购"
        assert row["decision_no"] == entry.decision_no and row["authority"] == "测试县财政局"
        assert row["starts_on"] == entry.starts_on.isoformat() and row["ends_on"] == entry.ends_on.isoformat()
        assert row["in_force"] is True and row["expired_at"] is None

    def test_staff_see_every_entry_of_their_scope(self, staff, blacklist):
        body = staff.get(BLACKLIST).json()["results"]
        rows = {row["subject_name"]: row for row in body}
        assert "测试顺达房地产经纪有限公司" in rows and rows["测试顺达房地产经纪有限公司"]["in_force"] is False
        assert rows["测试顺达房地产经纪有限公司"]["expired_at"] is not None
        assert "测试下月列入有限公司" in rows
        assert "测试其他单位录入有限公司" not in rows  # another department's, no longer in force
        in_force = subjects(staff.get(BLACKLIST, {"in_force": "true"}))
        assert in_force == sorted(["测试恒达建筑工程有限公司", "测试宏基置业有限公司"])

    def test_bad_filters_are_400_in_chinese(self, anonymous, blacklist):
        response = anonymous.get(BLACKLIST, {"area": "moon"})
        assert response.status_code == 400
        assert "请从列表中" in response.json()["area"][0]

    def test_list_query_count_is_stable(self, anonymous, org, blacklist, django_assert_max_num_queries):
        for n in range(5):
            make_entry(org, subject_name=f"批量失信企业{n}")
        with django_assert_max_num_queries(2):
            assert len(subjects(anonymous.get(BLACKLIST))) == 7

    def test_writes_are_not_allowed(self, staff, blacklist):
        assert staff.post(BLACKLIST, {"subject_name": "新"}, format="json").status_code == 405


def test_schema_describes_both_endpoints_in_chinese(db):
    schema = json.loads(APIClient().get("/api/schema/", {"format": "json"}).content.decode())
    matters = schema["paths"]["/api/v1/resource-matters/"]["get"]
    assert matters["summary"] == "公共资源配置事项列表" and "住房保障" in matters["description"]
    blacklist = schema["paths"]["/api/v1/blacklist/"]["get"]
    assert "在列入期内" in blacklist["description"]
    record = schema["components"]["schemas"]["MatterRecord"]["properties"]
    assert record["name_list"]["title"] == "公示名单" and record["details"]["title"] == "结构化信息"
    assert Disclosure.objects.count() == 0
