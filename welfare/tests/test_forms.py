"""Each area's structured fields and the programme rules: bad input is refused with a Chinese message
on the field (the kernel's `details.<field>` keys) and nothing is saved."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from disclosures.details import clean_details
from disclosures.models import Disclosure
from tests.contracts.details import structured_errors
from welfare.choices import WelfareArea
from welfare.forms import AREA_ITEMS, CATEGORY_FORMS, COMMON_ITEMS, WelfareDetails
from welfare.models import ProgrammeRecord

from .factories import make_programme, make_record

AREAS = WelfareArea.values


details_errors = partial(structured_errors, "welfare")


def fund_items(area: str) -> list[str]:
    return [code for code, _ in CATEGORY_FORMS[area].ITEM_TYPES if code in WelfareDetails.FUND_ITEMS]


def test_every_area_has_a_form_with_the_common_and_its_own_item_types():
    assert set(CATEGORY_FORMS) == set(AREAS)
    for area in AREAS:
        codes = [code for code, _ in CATEGORY_FORMS[area].ITEM_TYPES]
        assert codes == [c for c, _ in COMMON_ITEMS] + [c for c, _ in AREA_ITEMS[area]]
        assert clean_details("welfare", area, {"item_type": "policy"}) == {"item_type": "policy"}


@pytest.mark.parametrize(
    ("area", "item"),
    [
        ("education", "eia_approval"),  # 环评审批 is environment's
        ("environment", "student_aid"),  # 困难学生资助 is education's
        ("health", "recipients"),  # 救助对象及数额 is disaster relief's
        ("culture_sports", "nonsense"),
    ],
)
def test_an_item_type_of_another_area_is_refused(area, item):
    errors = details_errors(area, {"item_type": item})
    assert "请从列表中" in errors["details.item_type"][0]


@pytest.mark.parametrize("area", AREAS)
def test_the_item_type_is_required_in_every_area(area):
    assert details_errors(area, {"fund_source": "县级财政"})["details.item_type"] == ["请填写此项。"]


@pytest.mark.parametrize(("area", "item"), [(a, i) for a in AREAS for i in fund_items(a)])
def test_a_fund_item_needs_an_amount_in_every_area(area, item):
    errors = details_errors(area, {"item_type": item, "fund_source": "中央财政", "disbursed": "100"})
    assert errors["details.amount"] == ["资金类信息必须填写资金金额。"]
    assert clean_details("welfare", area, {"item_type": item, "amount": "100"}) == {"item_type": item, "amount": "100"}


def test_the_money_items_are_the_ones_the_seeds_name():
    assert fund_items("poverty_alleviation") == ["fund", "project"]  # 扶贫项目: 资金来源、金额
    assert fund_items("culture_sports") == ["fund", "donations"]  # 受捐款物
    assert fund_items("social_assistance") == ["fund", "subsidy_payment"]  # 补贴发放
    assert fund_items("disaster_relief") == ["fund", "relief_goods"]  # 救助和捐赠款物
    assert fund_items("health") == ["fund", "emergency_aid"]  # 疾病应急救助: 基金的筹集和使用
    assert fund_items("education") == fund_items("environment") == ["fund"]


@pytest.mark.parametrize("area", AREAS)
def test_disbursed_above_the_amount_is_refused_in_every_area(area):
    errors = details_errors(area, {"item_type": "fund", "amount": "1000.00", "disbursed": "1000.01"})
    assert errors["details.disbursed"] == ["已拨付（1000.01 元）不能超过资金金额（1000.00 元）。"]


def test_disbursed_equal_to_the_amount_is_fine():
    cleaned = clean_details("welfare", "social_assistance", {"item_type": "fund", "amount": "1000", "disbursed": "1000"})
    assert cleaned["disbursed"] == "1000"


@pytest.mark.parametrize("area", AREAS)
def test_a_standard_needs_a_standard_or_an_amount_per_person_in_every_area(area):
    errors = details_errors(area, {"item_type": "standard", "period": "2026年"})
    assert errors["details.standard"] == ["保障标准信息必须填写标准或每人每月金额。"]
    assert clean_details("welfare", area, {"item_type": "standard", "standard": "每人每月 720 元"})
    assert clean_details("welfare", area, {"item_type": "standard", "amount_per_person_month": "720"})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-1", "不能小于 0。"),
        ("disbursed", "一百万", "请填写数字。"),
        ("recipients", "-3", "不能小于 0。"),
        ("amount_per_person_month", "100000.01", "不能大于 100000。"),
    ],
)
def test_bad_numbers_are_refused_in_chinese(field, value, message):
    errors = details_errors("social_assistance", {"item_type": "fund", "amount": "10", field: value})
    assert errors[f"details.{field}"] == [message]


def test_unknown_fields_are_refused():
    errors = details_errors("education", {"item_type": "policy", "id_number": "110101199003071234"})
    assert errors == {"details.id_number": ["该分类没有这个字段。"]}


# --- through the service: nothing saved ------------------------------------------------------
def test_a_fund_record_whose_disbursement_exceeds_its_amount_saves_nothing(org):
    programme = make_programme(org)
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, item_type="fund", details={"amount": "500000.00", "disbursed": "600000.00"})
    assert caught.value.message_dict["details.disbursed"] == ["已拨付（600000.00 元）不能超过资金金额（500000.00 元）。"]
    assert not Disclosure.objects.exists() and not ProgrammeRecord.objects.exists()


def test_a_standard_record_without_a_standard_saves_nothing(org):
    programme = make_programme(org)
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, item_type="standard", details={"standard": "", "amount_per_person_month": None})
    assert "details.standard" in caught.value.message_dict
    assert not Disclosure.objects.exists() and not ProgrammeRecord.objects.exists()


def test_a_project_of_poverty_alleviation_needs_its_funds(org):
    programme = make_programme(org, area=WelfareArea.POVERTY_ALLEVIATION, name="产业扶贫项目")
    with pytest.raises(ValidationError) as caught:
        make_record(org, programme, item_type="project")
    assert caught.value.message_dict == {"details.amount": ["资金类信息必须填写资金金额。"]}
    record = make_record(org, programme, item_type="project", details={"amount": "860000", "fund_source": "财政衔接资金"})
    assert record.details == {"item_type": "project", "amount": "860000", "fund_source": "财政衔接资金"}
