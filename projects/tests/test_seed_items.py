"""Issue 27: the items of seed 002 §四(一) and seed 001 二.6 as item types with their own fields — 招标公告's five
elements, the 中标候选人 table (项目负责人 masked in public), 合同履行, 信用, 违法处罚 decisions, the 征地 documents of
《土地管理法》(2019) 第四十七条 and 实施条例 (2021), 施工 parties' 主要负责人 and 管理机构, 质量安全行政处罚, the three
涉水 approvals and the merged 2019 items, PPP项目信息; historic choices valid for old records, refused for new ones;
catalogue entries chosen by item type; the life-cycle matrix's steps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from core import pii
from disclosures.details import clean_details, details_rows, public_details
from disclosures.services import default_catalogue_entry
from projects.choices import Phase, PPPCapital, PPPMode, PPPReturn
from projects.forms import CandidatesField
from projects.selectors import completeness_matrix
from tests.contracts.details import structured_errors
from tests.contracts.records import publish

from .factories import make_project, make_record

CANDIDATES = [
    {"rank": 2, "name": "第二建设有限公司", "bid_price": "1,030,000", "manager": "李志强", "duration": "300 日历天"},
    {"rank": 1, "name": "第一路桥有限公司", "bid_price": "1000000", "manager": "杨建华", "duration": "300 日历天",
     "evaluation": "综合得分 92.35 分", "manager_record": "同类工程 2 项", "certificates": "一级注册建造师证书编号 云153201801234",
     "qualification": "公路工程施工总承包一级"},
]
NOTICE = {
    "stage": "tender_notice", "method": "open", "conditions": "已批准建设，资金已落实", "scope": "路基桥涵施工一标段",
    "qualification": "公路工程施工总承包一级", "documents_access": "电子服务系统下载", "submission": "截止时间前电子递交",
}
PENALTY = {"penalized": "某劳务有限公司", "facts": "串通投标", "penalty_basis": "《招标投标法》第五十三条",
           "penalty_result": "罚款", "decided_on": "2026-11-02"}
ITEMS = {
    "candidates": ("bidding", {"stage": "candidates", "method": "open", "candidates": CANDIDATES, "objection": "公示期间书面提出"}),
    "tender_notice": ("bidding", NOTICE),
    "approval_filing": ("bidding", {"stage": "approval_filing", "method": "open", "tender_scope": "施工、监理全部招标",
                                    "tender_organization": "entrusted"}),
    "performance": ("bidding", {"stage": "performance", "method": "open", "progress": "完成 65%", "changes": "无",
                                "acceptance": "分部工程验收合格"}),
    "credit": ("bidding", {"stage": "credit", "market_entity": "第一路桥有限公司", "credit_info": "信用评价 AA 级"}),
    "bidding_penalty": ("bidding", {"stage": "penalty", **PENALTY}),
    "pre_announcement": ("land_expropriation", {"document_type": "pre_announcement", "area_hectares": "3.5",
                         "authority": "测试县人民政府", "notice_starts_on": "2026-09-01", "notice_ends_on": "2026-09-20",
                         "summary": "征收范围、目的及现状调查安排"}),
    "compensation_plan": ("land_expropriation", {"document_type": "compensation_plan", "area_hectares": "3.5",
                          "authority": "测试县人民政府", "notice_starts_on": "2026-09-01", "notice_ends_on": "2026-09-30",
                          "summary": "补偿标准和安置方式"}),
    "expropriation_announcement": ("land_expropriation", {"document_type": "expropriation_announcement", "area_hectares": "3.5",
                                   "authority": "测试州人民政府", "approved_on": "2026-10-20", "approval_no": "测政土〔2026〕3号",
                                   "summary": "征收范围和时间安排"}),
    "quality_penalty": ("quality_safety", {"item_type": "penalty", "agency": "测试县建设工程质量安全监督站",
                        "contact": "0908-4223318", **PENALTY}),
    "water_intake": ("approval_result", {"approval_item": "water_intake", "reply_no": "测水取许〔2026〕3号",
                     "authority": "测试县水利局", "approved_on": "2026-11-02", "result": "approved"}),
    "ppp_mode": ("ppp", {"item_type": "cooperation_mode", "mode": "bot", "term_years": 25}),
}


def errors(category, data):
    return structured_errors("projects", category, data)


# --- the forms (no database) -------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(ITEMS))
def test_each_new_item_type_validates(name):
    category, data = ITEMS[name]
    assert clean_details("projects", category, data)


def test_a_tender_notice_needs_its_five_elements_each_named():
    found = errors("bidding", {"stage": "tender_notice", "method": "open", "conditions": "已具备"})
    assert set(found) == {"details.scope", "details.qualification", "details.documents_access", "details.submission"}
    assert found["details.scope"] == ["招标公告必须填写项目概况与招标范围。"]


def test_only_open_and_invited_tendering_is_offered_and_historic_methods_stay_valid():
    from projects.forms import BiddingDetails

    field = BiddingDetails.base_fields["method"]
    assert [code for code, _ in field.widget.choices] == ["open", "invited"]  # 《招标投标法》第十条
    old = {"stage": "award", "method": "negotiated", "winner": "某公司", "amount": "1"}
    assert clean_details("projects", "bidding", old)["method"] == "negotiated"  # an older record still validates


def test_the_candidates_table_from_lines_or_objects_sorted_by_rank():
    field = CandidatesField(label="中标候选人")
    rows = field.clean("1|甲公司|1000|300 日历天|92 分|张三明\n2|乙公司|1,100.5|||王五")
    assert [(row["rank"], row["name"], row["bid_price"]) for row in rows] == [(1, "甲公司", "1000.00"), (2, "乙公司", "1100.50")]
    assert field.clean(CANDIDATES)[0]["name"] == "第一路桥有限公司"
    assert "1|甲公司|1000.00" in field.prepare_value(rows)  # the admin's textarea shows the rows again


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ([{"rank": 1, "name": "甲", "bid_price": "1"}], "第 1 行必须填写项目负责人"),
        ([{"rank": 1, "name": "甲", "bid_price": "x", "manager": "张三"}], "投标报价必须是金额"),
        ([{"rank": 1, "name": "甲", "bid_price": "1", "manager": "张三"}, {"rank": 1, "name": "乙", "bid_price": "1", "manager": "李四"}],
         "不重复的正整数"),
        ([{"rank": 1, "name": "甲", "bid_price": "1", "manager": "张三", "phone": "1"}], "未知的栏目"),
        ("not|enough|columns|a|b|c|d|e|f|g", "最多 9 栏"),
    ],
)
def test_a_bad_candidates_table_is_refused_naming_the_row(value, fragment):
    found = errors("bidding", {"stage": "candidates", "method": "open", "candidates": value, "objection": "书面"})
    assert fragment in found["details.candidates"][0]


def test_a_compensation_plan_is_announced_for_at_least_thirty_days():
    data = {**ITEMS["compensation_plan"][1], "notice_ends_on": "2026-09-20"}
    assert "不少于三十日" in errors("land_expropriation", data)["details.notice_ends_on"][0]


def test_penalties_need_the_decision_fields():
    found = errors("quality_safety", {"item_type": "penalty", "agency": "监督站", "contact": "0908-4223318"})
    assert set(found) == {f"details.{name}" for name in ("penalized", "facts", "penalty_basis", "penalty_result", "decided_on")}
    assert "details.decided_on" in errors("bidding", {"stage": "penalty", **PENALTY, "decided_on": ""})


def test_ppp_items_need_their_own_fields():
    assert errors("ppp", {"item_type": "expert_pool"}).keys() == {
        "details.expert_pool", "details.expert_count", "details.expert_manager"}


def test_the_public_reads_the_candidates_with_the_managers_masked():
    class Record:
        domain, category = "projects", "bidding"
        details = clean_details("projects", "bidding", ITEMS["candidates"][1])

    text = dict(details_rows(Record))["中标候选人"]
    assert "第1名 第一路桥有限公司" in text and "项目负责人：杨*华" in text and "1,000,000.00" in text
    assert "杨建华" not in text and "李志强" not in text
    assert [row["manager"] for row in public_details(Record)["candidates"]] == ["杨*华", "李*强"]


def test_the_guard_reads_every_column_of_the_table():
    table = [{"rank": 1, "name": "甲", "certificates": "手机 13812345678"}]
    assert "手机 13812345678" in pii._detail_texts(table)
    assert pii._mask_detail(table, "中标候选人")[0]["certificates"] == "手机 138****5678"


# --- records about projects (one module image) -------------------------------------------------
def build_world(org):
    road = make_project(org, name="测试县城至测试镇公路改扩建工程", phase=Phase.CONSTRUCTION, started_on=datetime.date(2026, 3, 1))
    ppp = make_project(org, name="测试县污水处理厂 PPP 项目", phase=Phase.CONSTRUCTION, started_on=datetime.date(2026, 3, 1),
                       is_ppp=True, ppp_mode=PPPMode.BOT, ppp_return=PPPReturn.VIABILITY_GAP, ppp_capital=PPPCapital.JOINT_VENTURE)
    records = {}
    for name, (category, details) in ITEMS.items():
        project = ppp if category == "ppp" else road
        record = make_record(org, project, category=category, title=f"测试记录 {name}", details=details)
        records[name] = publish(record, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)
    return {"road": road, "ppp": ppp, "records": records}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "entry"),
    [
        ("candidates", "projects-bidding-candidates"),
        ("credit", "projects-bidding-approval-credit"),
        ("approval_filing", "projects-bidding-approval-credit"),
        ("bidding_penalty", "projects-bidding-penalty"),
        ("pre_announcement", "projects-land-expropriation-pre-announcement"),
        ("expropriation_announcement", "projects-land-expropriation-announcement-2021"),
        ("quality_penalty", "projects-quality-safety-penalty"),
        ("water_intake", "projects-approval-result-water-intake"),
        ("ppp_mode", "projects-ppp-arrangement"),
    ],
)
def test_the_item_type_chooses_its_catalogue_entry(org, name, entry):
    category, details = ITEMS[name]
    assert default_catalogue_entry("projects", category, details).code == entry


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "entry"), [("bidding_penalty", "projects-bidding-penalty"),
                                             ("quality_penalty", "projects-quality-safety-penalty")])
def test_a_penalty_is_published_within_seven_working_days_of_its_decision(world, name, entry):
    record = world["records"][name]
    assert record.catalogue_entry.code == entry
    assert record.deadline_days == 7 and "行政处罚" in record.deadline_rule
    assert record.due_on == datetime.date(2026, 11, 11)  # 7 working days from the 决定日期 2026-11-02


@pytest.mark.django_db
def test_the_land_announcement_has_its_fifteen_working_days(world):
    record = world["records"]["expropriation_announcement"]
    assert record.deadline_days == 15 and "第三十一条" in record.deadline_rule


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "details", "field"),
    [
        ("bidding", {"stage": "award", "method": "negotiated", "winner": "某公司", "amount": "1"}, "details.method"),
        ("approval_result", {**ITEMS["water_intake"][1], "approval_item": "water"}, "details.approval_item"),
        ("land_expropriation", {"document_type": "notice_of_intent", "area_hectares": "1", "authority": "县政府"},
         "details.document_type"),
    ],
)
def test_a_new_record_cannot_take_a_historic_choice(org, world, category, details, field):
    with pytest.raises(ValidationError) as caught:
        make_record(org, world["road"], category=category, details=details)
    assert "只保留给早先的记录" in caught.value.message_dict[field][0]


@pytest.mark.django_db
def test_ppp_records_only_about_a_ppp_project(org, world):
    with pytest.raises(ValidationError) as caught:
        make_record(org, world["road"], category="ppp", details=ITEMS["ppp_mode"][1])
    assert "PPP" in caught.value.message_dict["category"][0]


@pytest.mark.django_db
def test_api_round_trip_of_the_candidates_table(org, world):
    from disclosures.tests.test_api import valid_payload

    api = APIClient()
    api.force_authenticate(org.clerk)
    details = ITEMS["candidates"][1]
    response = api.post("/api/v1/disclosures/", valid_payload(
        org, subject=world["road"].pk, category="bidding", doc_no="", title="公路工程中标候选人公示", details=details), format="json")
    assert response.status_code == 201, response.content
    back = api.get(f"/api/v1/disclosures/{response.json()['id']}/").json()["details"]
    assert [row["name"] for row in back["candidates"]] == ["第一路桥有限公司", "第二建设有限公司"]
    assert back["objection"] == "公示期间书面提出"
    bad = api.post("/api/v1/disclosures/", valid_payload(
        org, subject=world["road"].pk, category="bidding", details={"stage": "candidates", "method": "open"}), format="json")
    assert bad.status_code == 400 and "中标候选人公示必须填写中标候选人。" in bad.json()["details"]["candidates"]


@pytest.mark.django_db
def test_the_public_page_and_api_show_the_fields_with_the_managers_masked(client, world):
    record = world["records"]["candidates"]
    html = client.get(record.get_absolute_url()).content.decode()
    assert "项目负责人：杨*华" in html and "异议渠道和方式" in html
    assert "杨建华" not in html
    public = APIClient().get(f"/api/v1/projects/{world['road'].pk}/").json()
    shown = [r for group in public["records"] for r in group["records"] if r["id"] == record.pk][0]
    assert [row["manager"] for row in shown["details"]["candidates"]] == ["杨*华", "李*强"]
    assert "杨建华" not in str(public)
    for name in ("tender_notice", "quality_penalty", "compensation_plan"):
        page = client.get(world["records"][name].get_absolute_url()).content.decode()
        label = {"tender_notice": "投标人资格要求", "quality_penalty": "处罚依据", "compensation_plan": "公告截止日期"}[name]
        assert label in page, name


@pytest.mark.django_db
def test_the_matrix_shows_each_category_s_own_steps(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        road = {cell.category: cell for cell in completeness_matrix(world["road"])}
    assert road["bidding"].missing_steps == ["中标结果", "合同订立"]  # 招标公告 and 中标候选人 are out
    assert road["ppp"].expected is False
    ppp = {cell.category: cell for cell in completeness_matrix(world["ppp"])}
    assert ppp["ppp"].expected and ppp["ppp"].published == 1
    assert ppp["ppp"].missing_steps == ["资本参与方式", "回报机制", "项目进展"]


def test_the_api_schema_describes_each_category_s_fields():
    from projects.api.serializers import details_schema

    schemas = {schema["title"]: schema["properties"] for schema in details_schema()["anyOf"]}
    bidding = schemas["招标投标信息（bidding）"]
    assert bidding["candidates"]["type"] == "array"
    assert bidding["candidates"]["items"]["properties"]["manager"]["title"] == "项目负责人"
    assert bidding["method"]["enum"] == ["open", "invited", "negotiated", "other"]  # historic values are read back too
    assert bidding["decided_on"]["format"] == "date"
    assert {"notice_starts_on", "approval_no", "summary"} <= set(schemas["征收土地信息（land_expropriation）"])
    assert schemas["PPP项目信息（ppp）"]["term_years"]["type"] == "integer"


@pytest.mark.django_db
def test_the_demo_has_a_published_record_of_every_new_item_type(demo_county):
    from disclosures.models import Disclosure

    published = Disclosure.objects.filter(domain="projects", status="published")
    kinds = set()
    for category, details in published.values_list("category", "details"):
        item = details.get("stage") or details.get("approval_item") or details.get("document_type") or details.get("item_type")
        kinds.add((category, item))
    new = {
        ("bidding", stage) for stage in ("approval_filing", "tender_notice", "candidates", "performance", "credit", "penalty")
    } | {
        ("land_expropriation", kind) for kind in (
            "pre_announcement", "status_survey", "risk_assessment", "compensation_plan", "hearing",
            "pre_approval_materials", "expropriation_announcement")
    } | {
        ("approval_result", item) for item in ("land_site_review", "land_planning_permit", "water_intake", "soil_conservation", "flood_impact")
    } | {("quality_safety", "penalty")} | {
        ("ppp", item) for item in ("legal_basis", "progress", "model_project", "expert_pool", "capital", "cooperation_mode", "return_mechanism")
    }
    assert new - kinds == set()
    construction = published.filter(category="construction").first()
    assert construction.details["contractor_principal"] and construction.details["management_rules"]


@pytest.mark.django_db
def test_every_door_refuses_a_historic_choice_on_a_new_record_but_not_on_an_old_one(org, world):
    from disclosures import services as disclosure_services
    from disclosures.models import Disclosure
    from disclosures.tests.test_api import valid_payload

    api = APIClient()
    api.force_authenticate(org.clerk)
    old = {"stage": "award", "method": "negotiated", "winner": "某公司", "amount": "1"}
    response = api.post("/api/v1/disclosures/", valid_payload(org, category="bidding", details=old), format="json")  # no project
    assert response.status_code == 400
    assert "只保留给早先的记录" in response.json()["details"]["method"][0]
    record = make_record(org, world["road"], category="bidding", details={**old, "method": "open"})
    Disclosure.objects.filter(pk=record.pk).update(details=old)  # as a record made before
    record.refresh_from_db()
    edited = disclosure_services.disclosure_update(disclosure=record, actor=org.clerk, expected_version=record.lock_version,
                                                   title="公路工程施工中标结果（修改）")
    assert edited.details["method"] == "negotiated"


@pytest.mark.django_db
def test_the_migration_adds_the_new_catalogue_rows_to_an_existing_database():
    import importlib

    from django.apps import apps

    from catalogue.models import CatalogueEntry

    migration = importlib.import_module("projects.migrations.0003_issue27_catalogue")
    new = ["projects-ppp-arrangement", "projects-land-expropriation-announcement-2021", "projects-approval-result-flood-impact"]
    CatalogueEntry.objects.filter(code__in=new).delete()  # a database from before issue 27
    CatalogueEntry.objects.filter(code="projects-bidding-approval-credit").update(item_types=[])
    CatalogueEntry.objects.filter(code="projects-quality-safety-agency").update(item_types=["agency"], level2="机构（办公室改过）")
    migration.add_entries(apps, None)
    migration.add_entries(apps, None)  # twice is once
    assert CatalogueEntry.objects.filter(code__in=new).count() == 3
    announcement = CatalogueEntry.objects.get(code="projects-land-expropriation-announcement-2021")
    assert (announcement.limit_kind, announcement.limit_days) == ("working_days", 15)
    assert CatalogueEntry.objects.get(code="projects-bidding-approval-credit").item_types == ["approval_filing", "credit"]
    assert CatalogueEntry.objects.get(code="projects-quality-safety-agency").level2 == "机构（办公室改过）"  # edits kept
