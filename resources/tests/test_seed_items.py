"""Issue 27: the items of seed 002 §四(二) as item types with their own fields — 建设计划完成情况 with 配套设施建设,
农村危房改造's 政策, 补助标准, 对象认定过程, 补助资金分配 and 建设结果 (its own steps, never the 分配 ones), 合同履约 and 验收 for
政府采购 and 国有土地使用权出让, 集中采购机构考核结果, 违法失信行为记录 (a 7-working-day decision) — and the 黑名单 in today's
terms: the 严重失信主体名单 (国办发〔2020〕49号) with a basis and its longest period, 告知 and 陈述申辩, 信用修复 with a reason,
natural persons masked on every public door, welfare areas, and the 红名单 (seed 000 §三(三))."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from core.exceptions import TransitionNotAllowed
from core.models import AuditEntry
from disclosures.details import clean_details, details_rows
from disclosures.services import default_catalogue_entry
from resources import selectors, services
from resources.api.serializers import details_schema
from resources.forms import CATEGORY_FORMS
from resources.models import BlacklistEntry
from tests.clock import TEST_NOW
from tests.contracts.details import structured_errors

from .factories import entry_fields, make_entry, make_matter, make_record, publish

# The decisions, contracts and acceptances below carry 2026 dates: the module runs on that day.
pytestmark = pytest.mark.clock("2026-12-07T10:00")
TODAY = datetime.date(2026, 12, 7)

ITEMS = {
    ("housing", "plan_progress"): {
        "progress_percent": "83.9", "started_units": "120", "completed_units": "60",
        "started_projects": "城北棚改项目", "completed_projects": "城北公租房二期", "supporting_facilities": "配套道路和供水管网已完工",
    },
    ("housing", "rural_policy"): {},
    ("housing", "rural_standard"): {"subsidy_standard": "D 级危房每户 1.6 万元"},
    ("housing", "rural_identification"): {"households": "6", "identification_process": "农户申请、村民评议公示、镇审核、县审批"},
    ("housing", "rural_funds"): {"households": "6", "subsidy_amount": "84000.00"},
    ("housing", "rural_result"): {"households": "6", "renovated_households": "4"},
    ("housing", "credit_list"): {},
    ("procurement", "performance"): {"supplier": "某教学设备有限公司", "performance": "分三批交付，无变更"},
    ("procurement", "acceptance"): {"supplier": "某教学设备有限公司", "accepted_on": "2026-11-20", "acceptance_result": "passed"},
    ("procurement", "assessment"): {"agency": "测试县公共资源交易中心", "assessment_year": "2025", "assessment_result": "优秀"},
    ("procurement", "credit_record"): {
        "party": "某建筑工程有限公司", "violation": "串通投标", "penalty_basis": "《政府采购法》第七十七条",
        "penalty_result": "三年内禁止参加政府采购活动", "decision_date": "2026-12-01",
    },
    ("land_use_right", "performance"): {
        "parcel_no": "测试〔2026〕07号", "contract_no": "HT-07", "transferee": "某置业有限公司", "agreed_start": "2027-03-01",
        "agreed_completion": "2029-02-28", "performance": "价款已缴清",
    },
    ("land_use_right", "acceptance"): {
        "parcel_no": "测试〔2026〕07号", "contract_no": "HT-07", "transferee": "某置业有限公司", "accepted_on": "2026-11-30",
        "acceptance_result": "passed",
    },
}
NEW = list(ITEMS)


def with_type(area, item_type):
    return {"item_type": item_type, **ITEMS[(area, item_type)]}


# --- the forms (no database) -------------------------------------------------------------------
@pytest.mark.parametrize(("area", "item_type"), NEW, ids=[f"{a}-{i}" for a, i in NEW])
def test_each_new_item_type_validates_and_renders_its_fields(area, item_type):
    data = with_type(area, item_type)
    cleaned = clean_details("resources", area, data)
    assert cleaned["item_type"] == item_type and set(cleaned) == set(data)


def test_the_new_fields_are_named_in_chinese_when_missing_or_wrong():
    errors = structured_errors("resources", "procurement", {"item_type": "credit_record"})
    assert errors["details.decision_date"] == ["“违法失信行为记录”必须填写决定日期。"]
    errors = structured_errors("resources", "housing", {**with_type("housing", "rural_result"), "renovated_households": "9"})
    assert errors["details.renovated_households"] == ["已竣工验收户数不能大于改造对象户数。"]
    errors = structured_errors("resources", "land_use_right", {**with_type("land_use_right", "performance"), "agreed_completion": "2027-01-01"})
    assert errors["details.agreed_completion"] == ["约定竣工日期不能早于约定动工日期。"]
    errors = structured_errors("resources", "housing", {**with_type("housing", "plan_progress"), "progress_percent": "120"})
    assert "details.progress_percent" in errors


def test_the_historic_rural_item_stays_valid_but_is_not_offered():
    assert clean_details("resources", "housing", {"item_type": "rural_renovation", "subsidy_amount": "1"})["item_type"] == "rural_renovation"
    field = CATEGORY_FORMS["housing"]().fields["item_type"]
    offered = [code for code, _label in field.widget.choices]
    assert "rural_renovation" not in offered and "rural_identification" in offered


def test_the_api_schema_lists_each_areas_fields_with_chinese_titles():
    schemas = {schema["title"]: schema for schema in details_schema()["anyOf"]}
    housing = schemas["住房保障（housing）"]["properties"]
    assert housing["supporting_facilities"]["title"] == "配套设施建设情况"
    assert {"rural_identification", "rural_renovation"} <= set(housing["item_type"]["enum"])
    procurement = schemas["政府采购（procurement）"]["properties"]
    assert procurement["decision_date"] == {"title": "决定日期", "type": "string", "format": "date"}
    assert "assessment_result" in procurement and "acceptance_result" in schemas["国有土地使用权出让（land_use_right）"]["properties"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("area", "item_type", "entry"),
    [
        ("housing", "rural_identification", "resources-housing-rural-renovation"),
        ("housing", "credit_list", "resources-housing-blacklist"),
        ("procurement", "performance", "resources-procurement-performance"),
        ("procurement", "acceptance", "resources-procurement-performance"),
        ("procurement", "assessment", "resources-procurement-assessment"),
        ("procurement", "credit_record", "resources-procurement-penalty"),
        ("land_use_right", "acceptance", "resources-land-use-right-performance"),
    ],
)
def test_the_item_type_chooses_its_catalogue_entry(area, item_type, entry):
    assert default_catalogue_entry("resources", area, with_type(area, item_type)).code == entry


# --- records and list entries (one module image) ---------------------------------------------------
def build_world(org):
    matters = {
        "housing": make_matter(org, area="housing", name="测试镇2026年农村危房改造", amount=None),
        "procurement": make_matter(org, area="procurement", name="测试县课桌椅采购项目", amount=None),
        "land_use_right": make_matter(org, area="land_use_right", name="测试县07号宗地出让"),
        "construction": make_matter(org, area="housing", name="测试县2026年城镇保障性安居工程建设", amount=None),
    }
    records = {}
    for area, item_type in NEW:
        matter = matters["construction" if item_type == "plan_progress" else area]
        record = make_record(org, matter, item_type, title=f"测试记录 {area} {item_type}", details=with_type(area, item_type))
        records[(area, item_type)] = publish(record, org)
    entries = {
        "organisation": make_entry(org, subject_name="测试恒达建筑工程有限公司", statement="rejected",
                                   statement_note="申辩理由不成立"),
        "person": make_entry(org, subject_kind="person", subject_name="王建明", uscc="", id_number="110101199003071234",
                             area="housing", basis="public_rental_housing", ends_on=TODAY + datetime.timedelta(days=1500)),
        "food": make_entry(org, subject_name="测试味美食品有限公司", area="food_safety", basis="market_regulation"),
        "red": make_entry(org, list_type="red", subject_name="测试守信示范有限公司", basis="red_incentive", notified_on=None,
                          statement="", conduct="连续三年履约验收合格", decision="减免投标保证金"),
        "repaired": make_entry(org, subject_name="测试鑫源商贸有限公司"),
    }
    services.blacklist_entry_repair(actor=org.clerk, entry=entries["repaired"], repaired_on=TODAY - datetime.timedelta(days=1),
                                    reason="已履行全部义务并作出信用承诺")
    return {"matters": matters, "records": records, "entries": entries}


@pytest.mark.django_db
def test_a_new_record_cannot_take_the_historic_rural_item(org, world):
    with pytest.raises(ValidationError) as caught:
        make_record(org, world["matters"]["housing"], "rural_renovation", details={"item_type": "rural_renovation"})
    assert "只保留给早先的记录" in caught.value.message_dict["details.item_type"][0]


@pytest.mark.django_db
def test_a_violation_record_is_published_within_seven_working_days_of_its_decision(world):
    record = world["records"][("procurement", "credit_record")]
    assert record.catalogue_entry.code == "resources-procurement-penalty"
    assert record.formed_on == datetime.date(2026, 12, 1)
    assert record.deadline_days == 7 and "行政处罚" in record.deadline_rule


@pytest.mark.django_db
def test_a_rural_renovation_matter_shows_its_own_five_steps(world):
    steps = selectors.chain_status(world["matters"]["housing"])
    assert [step.label for step in steps] == [
        "农村危房改造政策", "农村危房改造补助标准", "农村危房改造对象认定过程", "农村危房改造补助资金分配", "农村危房改造建设结果",
    ]
    assert all(step.is_published for step in steps)
    procurement = [step.item_type for step in selectors.chain_status(world["matters"]["procurement"])]
    assert procurement == ["notice", "result", "contract", "performance", "acceptance"]


@pytest.mark.django_db
def test_the_public_page_shows_each_new_items_fields(client, world):
    expected = {
        ("housing", "plan_progress"): "配套设施建设情况",
        ("housing", "rural_identification"): "对象认定过程",
        ("procurement", "acceptance"): "验收合格",
        ("procurement", "assessment"): "集中采购机构",
        ("procurement", "credit_record"): "违法失信行为",
        ("land_use_right", "performance"): "约定竣工日期",
    }
    for key, text in expected.items():
        record = world["records"][key]
        assert (text in "".join(label + value for label, value in details_rows(record))), key
        assert text in client.get(record.get_absolute_url()).content.decode(), key


@pytest.mark.django_db
def test_api_round_trip_of_an_acceptance_record(org, world):
    from disclosures.tests.test_api import valid_payload

    api = APIClient()
    api.force_authenticate(org.clerk)
    details = with_type("procurement", "acceptance")
    response = api.post("/api/v1/disclosures/", valid_payload(
        org, subject=world["matters"]["procurement"].pk, category="procurement", doc_no="", title="课桌椅采购履约验收结果公告",
        details=details, formed_on=TODAY.isoformat()), format="json")
    assert response.status_code == 201, response.content
    back = api.get(f"/api/v1/disclosures/{response.json()['id']}/").json()["details"]
    assert back == details
    bad = api.post("/api/v1/disclosures/", valid_payload(
        org, subject=world["matters"]["procurement"].pk, category="procurement",
        details={"item_type": "acceptance", "supplier": "某公司"}, formed_on=TODAY.isoformat()), format="json")
    assert bad.status_code == 400 and "“履约验收结果”必须填写验收结果。" in bad.json()["details"]["acceptance_result"]


# --- the 严重失信主体名单 and the 红名单 ------------------------------------------------------------------
def entry_errors(org, **overrides) -> dict:
    entry = BlacklistEntry(**entry_fields(org, **overrides))
    with pytest.raises(ValidationError) as caught:
        entry.full_clean()
    return caught.value.message_dict


@pytest.mark.django_db
def test_an_entry_needs_a_basis_of_its_list_and_a_period_within_it(org):
    assert "认定依据" in entry_errors(org, basis="")["basis"][0]
    assert "不能作为守信激励对象名单" in entry_errors(org, list_type="red", basis="procurement_law_77", notified_on=None, statement="")["basis"][0]
    too_long = entry_errors(org, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=3 * 365 + 10))
    assert "列入期限最长36个月" in too_long["ends_on"][0]
    assert "依据条款" in entry_errors(org, basis="other_law", basis_detail="")["basis_detail"][0]


@pytest.mark.django_db
def test_a_serious_listing_needs_prior_notice_and_the_statement(org):
    assert "告知" in entry_errors(org, notified_on=None)["notified_on"][0]
    late = entry_errors(org, starts_on=TODAY, notified_on=TODAY + datetime.timedelta(days=1))
    assert "不能晚于列入日期" in late["notified_on"][0]
    assert "陈述申辩" in entry_errors(org, statement="")["statement"][0]
    assert "核实情况" in entry_errors(org, statement="rejected", statement_note="")["statement_note"][0]


@pytest.mark.django_db
def test_organisations_carry_a_code_and_persons_a_masked_id_only(org, world):
    assert "统一社会信用代码" in entry_errors(org, uscc="")["uscc"][0]
    assert "自然人不填写" in entry_errors(org, subject_kind="person")["uscc"][0]
    person = world["entries"]["person"]
    assert person.id_number == "110101********1234" and person.public_name == "王*明"


@pytest.mark.django_db
def test_repair_takes_an_entry_off_early_with_its_reason(org, world):
    repaired = BlacklistEntry.objects.get(pk=world["entries"]["repaired"].pk)
    assert repaired.repaired_on == TODAY - datetime.timedelta(days=1) and repaired.repair_reason == "已履行全部义务并作出信用承诺"
    assert AuditEntry.objects.filter(action="blacklist.repair", data__entry=repaired.pk).exists()
    with pytest.raises(TransitionNotAllowed):
        services.blacklist_entry_update(actor=org.clerk, entry=repaired, decision_no="改")
    assert not selectors.public_blacklist().filter(pk=repaired.pk).exists()
    entry = make_entry(org)
    with pytest.raises(ValidationError) as caught:
        services.blacklist_entry_repair(actor=org.clerk, entry=entry, repaired_on=TODAY, reason="")
    assert "必须填写理由" in caught.value.message_dict["repair_reason"][0]
    with pytest.raises(ValidationError):
        services.blacklist_entry_create(actor=org.clerk, **entry_fields(org, repaired_on=TODAY, repair_reason="x"))


@pytest.mark.django_db
def test_the_public_lists_mask_persons_and_keep_the_lists_apart(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        serious = client.get("/resources/blacklist/").content.decode()
    assert "严重失信主体名单" in serious and "失信黑名单" in serious  # the 2018 column title, kept as history
    assert "王*明" in serious and "王建明" not in serious and "19900307" not in serious
    assert "测试味美食品有限公司" in serious and "食品安全" in serious
    assert "《公共租赁住房管理办法》" in serious and "测试守信示范有限公司" not in serious
    assert "测试鑫源商贸有限公司" not in serious  # taken off by 信用修复
    with django_assert_max_num_queries(12):
        red = client.get("/resources/redlist/").content.decode()
    assert "测试守信示范有限公司" in red and "守信事实" in red and "测试恒达建筑工程有限公司" not in red
    assert client.get("/resources/blacklist/", {"q": "王建明"}).content.decode().count("王*明") == 0


@pytest.mark.django_db
def test_the_api_and_the_export_mask_persons_too(client, world):
    rows = APIClient().get("/api/v1/blacklist/", {"page_size": 100}).json()
    rows = rows.get("results", rows)
    names = {row["subject_name"]: row for row in rows}
    assert "王*明" in names and "王建明" not in str(rows)
    assert names["王*明"]["id_number"] == "110101********1234" and names["王*明"]["subject_kind"] == "person"
    assert names["测试守信示范有限公司"]["list_type"] == "red"
    assert names["测试恒达建筑工程有限公司"]["statement_label"] == "已陈述申辩，意见未予采纳"
    exported = client.get("/resources/blacklist/export.csv")
    text = b"".join(exported.streaming_content).decode("utf-8-sig") if exported.streaming else exported.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert "认定依据" in table[0] and "王*明" in text and "王建明" not in text


# --- the demo ------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.clock(TEST_NOW.isoformat())  # the demo is built at the suite's instant, not this module's
def test_the_demo_publishes_every_new_item_type_and_shows_the_new_list_fields(demo_county):
    from disclosures.choices import Status
    from disclosures.models import Disclosure

    published = set(
        Disclosure.objects.filter(domain="resources", status=Status.PUBLISHED).values_list("category", "details__item_type")
    )
    wanted = {*NEW, ("land_use_right", "credit_list"), ("mining_right", "credit_list"), ("procurement", "credit_list"),
              ("state_property", "credit_list"), ("housing", "construction_plan")}
    assert wanted - published == set()
    entries = BlacklistEntry.objects.all()
    assert entries.filter(subject_kind="person", basis="public_rental_housing").exists()
    assert entries.filter(area="food_safety").exists() and entries.filter(list_type="red").count() >= 2
    assert entries.filter(repaired_on__isnull=False).exclude(repair_reason="").exists()
    assert selectors.public_blacklist().filter(subject_kind="person").exists()
    assert not entries.filter(list_type="serious", notified_on__isnull=True).exists()
