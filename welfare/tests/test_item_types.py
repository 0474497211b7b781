"""The item types issue 27 added to seed 002 §四(三) (检查验收结果, 学段, 县域义务教育均衡发展, 民办学校, 疾病应急救助,
食品安全抽检和行政处罚, 公共文化体育, 投诉处理, 重污染天气, 企业环境信息依法披露, 医疗救护与卫生防疫, 次生灾害):
each validates its fields with Chinese messages naming them, selects its catalogue entry, goes through the API
and back, and shows its fields on the public record page (a natural person's name masked)."""

from functools import partial

import pytest

from disclosures.details import clean_details
from disclosures.models import Disclosure
from tests.clock import TEST_TODAY
from tests.contracts.details import structured_errors
from welfare.choices import WelfareArea

from .factories import make_programme, published

pytestmark = pytest.mark.django_db

details_errors = partial(structured_errors, "welfare")
DAY = TEST_TODAY.replace(day=1).isoformat()

# One valid record of every new item type: (area, details, catalogue entry, a value its page shows).
NEW_ITEMS = {
    "acceptance": (WelfareArea.POVERTY_ALLEVIATION, {"accepted_on": DAY, "acceptance_unit": "县联合验收组",
                   "acceptance_result": "rectify"}, "welfare-poverty-projects", "限期整改"),
    "balanced_development": (WelfareArea.EDUCATION, {"stage": "compulsory", "balance_level": "quality_promoting",
                             "progress": "资源配置指标 6 项达标"}, "welfare-education-compulsory", "优质均衡发展创建中"),
    "private_school": (WelfareArea.EDUCATION, {"stage": "preschool", "school_name": "启明幼儿园",
                       "enrolment_area": "面向县城招收 3 至 6 周岁幼儿"}, "welfare-education-private-schools", "面向县城招收"),
    "emergency_aid": (WelfareArea.HEALTH, {"amount": "320000.00", "recipients": 37}, "welfare-health-emergency-aid", "320,000.00"),
    "food_inspection": (WelfareArea.HEALTH, {"sampled_food": "蔬菜", "batches": 20, "failed_batches": 1,
                        "inspection_result": "failed"}, "welfare-health-food-inspection", "不合格"),
    "food_penalty": (WelfareArea.HEALTH, {"party": "王小明", "party_kind": "person", "violation": "销售过期食品",
                     "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条", "penalty_result": "罚款 5 万元",
                     "decided_on": DAY}, "welfare-health-food-penalty", "王*明"),
    "service_system": (WelfareArea.CULTURE_SPORTS, {"progress": "综合文化站全部建成"}, "welfare-culture-sports-policy", "综合文化站全部建成"),
    "heritage": (WelfareArea.CULTURE_SPORTS, {"heritage_name": "白水古茶园", "heritage_kind": "relic", "heritage_level": "county"},
                 "welfare-culture-sports-heritage", "白水古茶园"),
    "cultural_activity": (WelfareArea.CULTURE_SPORTS, {"event_name": "送戏下乡", "event_on": DAY, "charge": "free"},
                          "welfare-culture-sports-activities", "送戏下乡"),
    "sports_event": (WelfareArea.CULTURE_SPORTS, {"event_name": "环湖跑", "event_on": DAY, "participants": 1500},
                     "welfare-culture-sports-activities", "环湖跑"),
    "complaint": (WelfareArea.ENVIRONMENT, {"complaints_received": 58, "complaints_closed": 55, "handling": "已办结 55 件"},
                  "welfare-environment-complaints", "已办结 55 件"),
    "heavy_pollution_release": (WelfareArea.ENVIRONMENT, {"warning_level": "orange", "release": "每日发布空气质量"},
                                "welfare-environment-heavy-pollution", "橙色预警"),
    "heavy_pollution_opinion": (WelfareArea.ENVIRONMENT, {"opinion": "发布解读 2 篇"}, "welfare-environment-heavy-pollution", "发布解读 2 篇"),
    "enterprise_disclosure": (WelfareArea.ENVIRONMENT, {"report_kind": "list", "report_year": 2026},
                              "welfare-environment-enterprise-disclosure", "依法披露企业名单"),
    "medical_rescue": (WelfareArea.DISASTER_RELIEF, {"treated": 14, "medical_measures": "饮用水消毒"}, "welfare-disaster-response", "饮用水消毒"),
    "secondary_hazard": (WelfareArea.DISASTER_RELIEF, {"hazard": "滑坡", "hazard_measures": "转移群众 214 人"},
                         "welfare-disaster-warning", "转移群众 214 人"),
}


def build_world(org):
    programmes = {area: make_programme(org, area=area, name=f"测试{area}项目") for area in {spec[0] for spec in NEW_ITEMS.values()}}
    return {
        item: published(org, programmes[area], item_type=item, details=details, title=f"测试{item}")
        for item, (area, details, _entry, _shown) in NEW_ITEMS.items()
    }


# --- forms -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("item", NEW_ITEMS)
def test_every_new_item_type_takes_its_fields(item):
    area, details, _entry, _shown = NEW_ITEMS[item]
    cleaned = clean_details("welfare", area, {"item_type": item, **details})
    assert cleaned["item_type"] == item


@pytest.mark.parametrize(
    ("area", "item", "field", "message"),
    [
        ("poverty_alleviation", "acceptance", "acceptance_result", "项目检查验收结果必须填写检查验收结论。"),
        ("education", "balanced_development", "balance_level", "县域义务教育均衡发展进展必须填写均衡发展进展。"),
        ("health", "food_inspection", "sampled_food", "食品安全抽检必须填写抽检食品（类别）。"),
        ("health", "food_penalty", "penalty_basis", "食品安全行政处罚必须填写处罚依据。"),
        ("health", "food_penalty", "decided_on", "食品安全行政处罚必须填写决定日期。"),
        ("culture_sports", "heritage", "heritage_kind", "文化遗产保护必须填写遗产类别。"),
        ("culture_sports", "sports_event", "event_on", "公益性体育赛事和活动必须填写举办日期。"),
        ("environment", "complaint", "handling", "环境投诉处理必须填写处理情况。"),
        ("environment", "enterprise_disclosure", "report_year", "企业环境信息依法披露必须填写披露年度。"),
        ("disaster_relief", "secondary_hazard", "hazard", "次生灾害预警防范必须填写次生灾害种类。"),
    ],
)
def test_an_item_type_names_the_field_it_lacks(area, item, field, message):
    assert message in details_errors(area, {"item_type": item})[f"details.{field}"]


def test_cross_field_rules_name_the_field():
    errors = details_errors("environment", {"item_type": "complaint", "complaints_received": 3, "complaints_closed": 4, "handling": "x"})
    assert errors["details.complaints_closed"] == ["办结件数（4）不能超过受理投诉举报件数（3）。"]
    errors = details_errors("environment", {"item_type": "heavy_pollution_release", "release": "x",
                                            "warning_from": "2026-11-05", "warning_until": "2026-11-04"})
    assert errors["details.warning_until"] == ["预警解除日期不能早于预警启动日期。"]
    errors = details_errors("health", {"item_type": "food_penalty", **NEW_ITEMS["food_penalty"][1], "party_code": "91530000MA6K00000X"})
    assert errors["details.party_code"] == ["被处罚人为自然人的，不填写统一社会信用代码或证件号码。"]
    errors = details_errors("education", {"item_type": "private_school", "fees": "每月 680 元"})
    assert "必须填写民办学校名称" in errors["details.school_name"][0]


def test_a_decision_date_after_today_is_refused():
    details = {**NEW_ITEMS["food_penalty"][1], "decided_on": "2099-01-01"}
    assert details_errors("health", {"item_type": "food_penalty", **details})["details.decided_on"] == ["决定日期不能晚于今天。"]


def test_a_natural_persons_name_is_kept_masked_and_an_organisations_in_full():
    person = clean_details("welfare", "health", {"item_type": "food_penalty", **NEW_ITEMS["food_penalty"][1]})
    assert person["party"] == "王*明"
    shop = clean_details("welfare", "health", {"item_type": "food_penalty", **NEW_ITEMS["food_penalty"][1],
                                               "party": "某某食品经营部", "party_kind": "individual_business"})
    assert shop["party"] == "某某食品经营部"


def test_records_written_before_issue_27_still_validate():
    assert clean_details("welfare", "education", {"item_type": "private_school"}) == {"item_type": "private_school"}
    assert clean_details("welfare", "environment", {"item_type": "enforcement"}) == {"item_type": "enforcement"}


# --- catalogue, deadline, API, public page ------------------------------------------------------------------
@pytest.mark.parametrize("item", NEW_ITEMS)
def test_each_record_is_filed_under_its_catalogue_entry_and_shows_its_fields(item, world, client):
    record = world[item]
    assert record.catalogue_entry.code == NEW_ITEMS[item][2]
    page = client.get(record.get_absolute_url()).content.decode()
    assert NEW_ITEMS[item][3] in page


def test_the_penalty_decision_takes_the_7_working_day_rule_from_its_decision_date(world):
    record = world["food_penalty"]
    assert record.formed_on.isoformat() == DAY
    assert "7 个工作日" in record.deadline_rule


def test_the_penalty_page_never_shows_the_natural_persons_full_name(world, client):
    page = client.get(world["food_penalty"].get_absolute_url()).content.decode()
    assert "王*明" in page and "王小明" not in page


def test_api_round_trip_of_a_new_item_type(org, staff):
    programme = make_programme(org, area=WelfareArea.HEALTH, name="测试县食品安全监管")
    details = {"item_type": "food_inspection", "sampled_food": "食用油", "sampled_on": DAY, "batches": 12,
               "failed_batches": 0, "inspection_result": "passed"}
    payload = {"department": org.department.pk, "category": "health", "title": "食用油抽检结果", "formed_on": DAY,
               "disclosure_mode": "active", "body": "<p>抽检结果</p>", "details": details, "subject": programme.pk}
    created = staff.post("/api/v1/disclosures/", payload, format="json")
    assert created.status_code == 201, created.content
    record = Disclosure.objects.get(pk=created.json()["id"])
    assert record.programme_link.programme == programme
    assert record.catalogue_entry.code == "welfare-health-food-inspection"
    assert staff.get(f"/api/v1/disclosures/{record.pk}/").json()["details"] == details
    refused = staff.post("/api/v1/disclosures/", {**payload, "details": {"item_type": "food_inspection"}}, format="json")
    assert refused.status_code == 400
    assert refused.json()["details"]["sampled_food"] == ["食品安全抽检必须填写抽检食品（类别）。"]


def test_the_programme_api_gives_the_fields_of_published_records(world, anonymous):
    record = world["heritage"]
    body = anonymous.get(f"/api/v1/welfare-programmes/{record.programme_link.programme_id}/").json()
    (row,) = [row for row in body["records"] if row["id"] == record.pk]
    assert row["item_type_label"] == "文化遗产保护"
    assert row["details"]["heritage_name"] == "白水古茶园"


def test_the_poverty_area_carries_todays_name_and_the_seeds(world, client):
    programme = world["acceptance"].programme_link.programme
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "巩固拓展脱贫攻坚成果和乡村振兴（原“脱贫攻坚”）" in page


def test_the_admin_add_page_shows_the_fields_of_its_item_type_only(world, client, org):
    from catalogue.models import CatalogueEntry
    from tests.contracts.subject_admin import logged_in, messages_of, record_form

    programme = world["food_penalty"].programme_link.programme
    page = logged_in(client, org.clerk).get(f"/admin/welfare/programme/{programme.pk}/records/add/food_penalty/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "被处罚人" in text and "处罚依据" in text and "决定日期" in text
    assert "抽检食品" not in text and "资金金额" not in text
    assert "7个工作日" in text  # the catalogue entry it is filed under: the decision rule

    entry = CatalogueEntry.objects.get(code="welfare-health-food-penalty")
    details = {"item_type": "food_penalty", **NEW_ITEMS["food_penalty"][1]}
    posted = client.post(f"/admin/welfare/programme/{programme.pk}/records/add/food_penalty/",
                         record_form(org.department, entry, "health", details, title="某食品经营者行政处罚决定"))
    assert posted.status_code == 302, messages_of(posted)
    record = Disclosure.objects.get(title="某食品经营者行政处罚决定")
    assert record.details["party"] == "王*明" and record.formed_on.isoformat() == DAY


def test_the_demo_publishes_every_item_type_issue_27_added_and_a_register_with_evaluations(demo_county):
    """Issue 27's done-means: the demo has a published record of every new welfare item type, and the register
    of 公共企事业单位和慈善组织 with evaluation results."""
    from disclosures.models import Disclosure
    from welfare.forms import ITEM_FIELDS
    from welfare.models import PublicBody, PublicBodyEvaluation

    new = set(ITEM_FIELDS) - {"enforcement", "private_school"}  # the two that existed before issue 27
    published = Disclosure.objects.filter(domain="welfare", status="published")
    items = {details.get("item_type") for details in published.values_list("details", flat=True)}
    assert len(new) >= 15 and new <= items, sorted(new - items)
    assert PublicBody.objects.count() >= 2 and PublicBodyEvaluation.objects.exists()
