"""Each area's structured fields: which fields each item type requires, and bad input (negative amounts,
non-numbers, 成交价 without 受让人…) refused with a Chinese message on the field — the kernel's
`details.<field>` keys, the same through every door."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from disclosures.details import clean_details
from disclosures.models import Disclosure
from resources.choices import ResourceArea
from resources.forms import CATEGORY_FORMS
from resources.models import MatterRecord
from tests.contracts.details import structured_errors

from .factories import details, make_matter, make_record

# What each item type must carry (seed 002 §四(二)); item types not listed carry no required field.
REQUIRED = {
    ("housing", "annual_plan"): {"task_units", "planned_projects"},
    ("housing", "plan_progress"): {"started_units", "completed_units"},
    ("housing", "housing_supply"): {"available_units"},
    ("housing", "allocation_result"): {"allocated_units"},
    ("housing", "rural_standard"): {"subsidy_standard"},
    ("housing", "rural_identification"): {"identification_process", "households"},
    ("housing", "rural_funds"): {"subsidy_amount", "households"},
    ("housing", "rural_result"): {"households", "renovated_households"},
    ("land_use_right", "performance"): {"parcel_no", "contract_no", "transferee", "agreed_start", "agreed_completion", "performance"},
    ("land_use_right", "acceptance"): {"parcel_no", "contract_no", "transferee", "accepted_on", "acceptance_result"},
    ("procurement", "performance"): {"supplier", "performance"},
    ("procurement", "acceptance"): {"supplier", "accepted_on", "acceptance_result"},
    ("procurement", "assessment"): {"agency", "assessment_year", "assessment_result"},
    ("procurement", "credit_record"): {"party", "violation", "penalty_basis", "penalty_result", "decision_date"},
    ("land_use_right", "notice"): {"parcel_no", "location", "area_sqm", "land_use", "term_years", "starting_price"},
    ("land_use_right", "result"): {"parcel_no", "transferee", "deal_price"},
    ("mining_right", "notice"): {"mineral", "mining_area", "starting_price"},
    ("mining_right", "result"): {"transferee", "deal_price"},
    ("procurement", "notice"): {"budget", "method"},
    ("procurement", "result"): {"supplier", "deal_amount"},
    ("procurement", "contract"): {"supplier", "deal_amount"},
    ("state_property", "project"): {"reserve_price"},
    ("state_property", "result"): {"transferee", "deal_price"},
    ("state_property", "audit"): {"auditor"},
    ("construction_bidding", "tender_notice"): {"bid_section"},
    ("construction_bidding", "candidates"): {"candidates"},
    ("construction_bidding", "award"): {"winner", "amount"},
    ("construction_bidding", "contract"): {"winner", "amount"},
}
ITEMS = [(area, code) for area in ResourceArea.values for code, _label in CATEGORY_FORMS[area].ITEM_TYPES]
MONEY = [
    (area, name)
    for area in ResourceArea.values
    for name, field in CATEGORY_FORMS[area].base_fields.items()
    if name.endswith(("price", "amount", "budget")) or name == "amount"
]


errors_of = partial(structured_errors, "resources")


def test_every_area_has_a_form_and_every_required_item_type_is_known():
    assert set(CATEGORY_FORMS) == set(ResourceArea.values)
    assert set(REQUIRED) <= set(ITEMS)
    assert len(MONEY) == 10  # 补助资金, 起始价 ×2, 成交价 ×3, 预算金额, 成交金额, 转让底价, 中标金额


@pytest.mark.parametrize(("area", "item_type"), ITEMS)
def test_each_item_type_requires_its_own_fields(area, item_type):
    expected = REQUIRED.get((area, item_type), set())
    label = dict(CATEGORY_FORMS[area].ITEM_TYPES)[item_type]
    if expected:
        errors = errors_of(area, {"item_type": item_type})
        assert {key.removeprefix("details.") for key in errors} == expected
        for name in expected:
            message = errors[f"details.{name}"][0]
            assert label in message or "受让人" in message, message
    else:
        assert clean_details("resources", area, {"item_type": item_type}) == {"item_type": item_type}
    # Filled, it is valid and keeps every field given.
    data = details(area, item_type)
    assert set(clean_details("resources", area, data)) == set(data)


def test_the_item_type_is_required_and_must_be_the_areas():
    assert errors_of("procurement", {"budget": "100"}) == {"details.item_type": ["请填写此项。"]}
    errors = errors_of("procurement", {"item_type": "tender_notice"})  # a 招标投标 item type
    assert "请从列表中" in errors["details.item_type"][0]


@pytest.mark.parametrize(("area", "name"), MONEY)
def test_negative_amounts_are_refused(area, name):
    item = "notice" if "notice" in dict(CATEGORY_FORMS[area].ITEM_TYPES) else CATEGORY_FORMS[area].ITEM_TYPES[0][0]
    errors = errors_of(area, {**details(area, item), name: "-1"})
    assert errors[f"details.{name}"] == ["不能小于 0。"]


@pytest.mark.parametrize(("area", "name"), MONEY)
def test_amounts_that_are_not_numbers_are_refused(area, name):
    item = CATEGORY_FORMS[area].ITEM_TYPES[0][0]
    errors = errors_of(area, {**details(area, item), name: "一百二十万"})
    assert errors[f"details.{name}"] == ["请填写数字。"]


@pytest.mark.parametrize("value", ["12.345", "99999999999999"])
def test_over_precise_and_absurd_amounts_are_refused(value):
    errors = errors_of("land_use_right", details("land_use_right", "notice", starting_price=value))
    assert "details.starting_price" in errors


def test_a_deal_price_without_a_transferee_is_refused():
    """成交价 without 受让人: on the 出让结果 and on any other item of the land area."""
    errors = errors_of("land_use_right", {"item_type": "result", "parcel_no": "测试〔2026〕7号", "deal_price": "61880000"})
    assert errors == {"details.transferee": ["出让结果必须填写受让人（有成交价就必须有受让人）。"]}
    errors = errors_of("land_use_right", {"item_type": "policy", "deal_price": "61880000"})
    assert errors == {"details.transferee": ["填写成交价时必须填写受让人。"]}


def test_land_notice_checks_the_area_the_use_and_the_term():
    errors = errors_of(
        "land_use_right",
        details("land_use_right", "notice", area_sqm="0", land_use="farm", term_years="80"),
    )
    assert errors["details.area_sqm"] == ["不能小于 0.01。"]
    assert "请从列表中" in errors["details.land_use"][0]
    assert errors["details.term_years"] == ["不能大于 70。"]


def test_housing_counts_are_whole_non_negative_and_completed_not_above_started():
    errors = errors_of("housing", {"item_type": "plan_progress", "started_units": "-3", "completed_units": "两百"})
    assert errors["details.started_units"] == ["不能小于 0。"]
    assert errors["details.completed_units"] == ["请填写整数。"]
    errors = errors_of("housing", {"item_type": "plan_progress", "started_units": "300", "completed_units": "420"})
    assert errors == {"details.completed_units": ["已竣工数不能大于已开工数。"]}


def test_procurement_deal_amount_within_the_budget():
    errors = errors_of("procurement", details("procurement", "result", budget="3280000", deal_amount="3300000"))
    assert errors == {"details.deal_amount": ["成交金额不能超过预算金额。"]}


def test_unknown_fields_are_refused():
    errors = errors_of("mining_right", {**details("mining_right", "notice"), "winner": "某公司"})
    assert errors == {"details.winner": ["该分类没有这个字段。"]}


@pytest.mark.django_db
def test_bad_structured_fields_save_nothing_through_the_service(org):
    matter = make_matter(org)
    with pytest.raises(ValidationError) as caught:
        make_record(org, matter, "result", details={"item_type": "result", "parcel_no": "7号", "deal_price": "-5"})
    errors = caught.value.message_dict
    assert errors["details.deal_price"] == ["不能小于 0。"]
    assert "details.transferee" in errors
    assert not Disclosure.objects.exists() and not MatterRecord.objects.exists()


def test_each_item_type_shows_its_own_required_fields_and_hides_the_others():
    """The clerk's form hides another item type's fields (ITEM_FIELDS on the item select, disclosures/forms.py)."""
    import json

    from disclosures.forms import DisclosureForm
    from resources.forms import HousingDetails

    result, funds = HousingDetails.ITEM_FIELDS["allocation_result"], HousingDetails.ITEM_FIELDS["rural_funds"]
    assert "allocated_units" in result and not {"households", "subsidy_amount", "task_units"} & set(result)
    assert {"households", "subsidy_amount"} <= set(funds) and "allocated_units" not in funds
    attr = DisclosureForm._item_fields_attr("housing", HousingDetails.ITEM_FIELDS)
    assert "d__housing__allocated_units" in json.loads(attr)["allocation_result"]
