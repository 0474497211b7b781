"""Each category's structured fields, the project's own fields and the cross-object rules: bad input is
refused with a Chinese message on the field (the kernel's `details.<field>` keys)."""

import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError

from disclosures.details import clean_details, placeholder_details
from disclosures.models import Disclosure
from projects import services
from projects.choices import Phase, ProjectCategory
from projects.forms import CATEGORY_FORMS
from projects.models import Project, ProjectRecord
from tests.contracts.details import CHINESE, structured_errors

from .factories import make_project, make_record, project_fields

details_errors = partial(structured_errors, "projects")


def valid(category: str, **overrides) -> dict:
    return {**placeholder_details("projects", category), **overrides}


def test_every_category_has_a_details_form():
    assert set(CATEGORY_FORMS) == set(ProjectCategory.values)
    for category in ProjectCategory.values:
        assert clean_details("projects", category, placeholder_details("projects", category))


def test_approval_service_requires_the_contact_and_complaint_channels():
    data = valid("approval_service")
    del data["contact"]
    data["complaint"] = "  "
    errors = details_errors("approval_service", data)
    assert errors["details.contact"] == ["请填写此项。"]
    assert "details.complaint" in errors


def test_approval_result_refuses_an_unknown_item_and_an_impossible_date():
    errors = details_errors(
        "approval_result", valid("approval_result", approval_item="blessing", approved_on="2024-02-30")
    )
    assert "请从列表中" in errors["details.approval_item"][0]
    assert errors["details.approved_on"] == ["请按“年-月-日”填写日期，例如 2026-03-01。"]


def test_approval_result_requires_the_reply_number():
    data = valid("approval_result")
    data.pop("reply_no")
    assert details_errors("approval_result", data) == {"details.reply_no": ["请填写此项。"]}


def test_bidding_award_names_the_winner_and_the_amount():
    errors = details_errors("bidding", {"stage": "award", "method": "open", "lot": "一标段"})
    assert errors["details.winner"] == ["中标结果和合同订立必须填写中标单位。"]
    assert errors["details.amount"] == ["中标结果和合同订立必须填写中标金额。"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-1", "不能小于 0。"), ("99999999999999", "不能大于 9999999999999.99。"), ("12.345", "小数")],
)
def test_bidding_refuses_negative_absurd_and_over_precise_amounts(amount, message):
    errors = details_errors(
        "bidding", {"stage": "tender_notice", "method": "open", "amount": amount}
    )
    assert any(message in m for m in errors["details.amount"]), errors


def test_land_expropriation_area_must_be_positive_and_plausible():
    zero = details_errors("land_expropriation", valid("land_expropriation", area_hectares="0"))
    assert zero["details.area_hectares"] == ["不能小于 0.0001。"]
    huge = details_errors("land_expropriation", valid("land_expropriation", area_hectares="2000000"))
    assert huge["details.area_hectares"] == ["不能大于 1000000。"]
    wrong = details_errors("land_expropriation", valid("land_expropriation", document_type="rumour"))
    assert "请从列表中" in wrong["details.document_type"][0]


def test_design_change_requires_reason_content_and_approver():
    data = valid("design_change")
    for name in ("reason", "content", "approver"):
        data.pop(name)
    errors = details_errors("design_change", data)
    assert set(errors) == {"details.reason", "details.content", "details.approver"}


def test_construction_requires_every_unit_and_its_qualification():
    data = valid("construction")
    data.pop("contractor_unit")
    data["supervisor_qualification"] = ""
    errors = details_errors("construction", data)
    assert set(errors) == {"details.contractor_unit", "details.supervisor_qualification"}


def test_quality_safety_requires_the_supervising_agency():
    errors = details_errors("quality_safety", {"contact": "0908-4223318"})
    assert errors == {"details.agency": ["请填写此项。"]}


def test_completion_filing_and_delivery_cannot_precede_acceptance():
    errors = details_errors(
        "completion",
        valid("completion", accepted_on="2025-06-30", filed_on="2025-06-01", delivered_on="2025-05-01", final_amount="-5"),
    )
    assert errors["details.filed_on"] == ["竣工验收备案时间不能早于竣工验收时间。"]
    assert errors["details.delivered_on"] == ["交付使用时间不能早于竣工验收时间。"]
    assert errors["details.final_amount"] == ["不能小于 0。"]


def test_supervision_requires_the_inspection():
    errors = details_errors("supervision", {"rectification": "已整改"})
    assert errors == {"details.inspection": ["请填写此项。"]}


def test_a_field_of_another_category_is_refused():
    errors = details_errors("supervision", valid("supervision", winner="某公司"))
    assert errors == {"details.winner": ["该分类没有这个字段。"]}


# --- cross-object: a record against its project ------------------------------------------
def test_completion_accepted_before_the_project_started_is_refused(org):
    project = make_project(org, phase=Phase.CONSTRUCTION, started_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        make_record(
            org,
            project,
            category="completion",
            details=valid("completion", accepted_on="2024-02-28", filed_on="2024-03-10"),
        )
    assert caught.value.message_dict == {"details.accepted_on": ["竣工验收时间不能早于项目开工日期。"]}
    assert not Disclosure.objects.exists() and not ProjectRecord.objects.exists()


def test_completion_accepted_after_the_start_is_linked(org):
    project = make_project(org, phase=Phase.CONSTRUCTION, started_on=datetime.date(2024, 3, 1))
    record = make_record(
        org, project, category="completion", details=valid("completion", accepted_on="2025-06-30", filed_on="2025-07-15")
    )
    assert record.project_link.project == project
    assert record.details["accepted_on"] == "2025-06-30"


# --- the project's own fields ---------------------------------------------------------------
def project_errors(org, **overrides) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        services.project_create(actor=org.clerk, **project_fields(org, **overrides))
    assert not Project.objects.exists()
    return caught.value.message_dict


@pytest.mark.parametrize("code", ["2024-5331-48-01-000001", "ABCD-533100-48-01-000001", "2024533100480100000", "1999-533100-48-01-000001"])
def test_wrong_project_code_shape_is_refused(org, code):
    errors = project_errors(org, code=code)
    assert "投资项目统一代码" in errors["code"][0]


def test_project_code_without_hyphens_is_normalised(org):
    project = make_project(org, code="20245331004801000077")
    assert project.code == "2024-533100-48-01-000077"


@pytest.mark.parametrize(
    ("uscc", "message"),
    [
        ("91533100MA6K", "应为 18 位"),
        ("91533100MA6KOOOOOI", "无效字符"),
        ("91533100MA6K1234X1", "校验位不正确"),
    ],
)
def test_wrong_credit_code_is_refused(org, uscc, message):
    errors = project_errors(org, legal_entity_uscc=uscc)
    assert message in errors["legal_entity_uscc"][0]


@pytest.mark.parametrize("amount", [Decimal("-100"), Decimal("0"), Decimal("99999999999999.00")])
def test_negative_zero_or_absurd_investment_is_refused(org, amount):
    errors = project_errors(org, total_investment=amount)
    assert CHINESE.search(errors["total_investment"][0])


def test_completed_before_started_is_refused(org):
    errors = project_errors(
        org, phase=Phase.COMPLETED, started_on=datetime.date(2024, 5, 1), completed_on=datetime.date(2024, 4, 30)
    )
    assert errors["completed_on"] == ["竣工日期不能早于开工日期。"]


def test_a_phase_needs_its_dates(org):
    errors = project_errors(org, phase=Phase.OPERATION, started_on=None, completed_on=None)
    assert errors["started_on"] == ["在建、竣工或运营的项目必须填写开工日期。"]
    assert errors["completed_on"] == ["竣工或运营的项目必须填写竣工日期。"]


def test_a_ppp_project_states_its_mode_return_and_capital(org):
    errors = project_errors(org, is_ppp=True, ppp_mode="bot")
    assert set(errors) == {"ppp_return", "ppp_capital"}
    assert "PPP 项目必须填写" in errors["ppp_return"][0]
