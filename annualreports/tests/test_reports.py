"""A department's report through its review chain: created with its tables computed and its text parts
pre-filled (only 主动公开 records counted in part 一), a tampered cell refusing submission with the column
named, then 审核, 签发 with its 索引号."""

import datetime

import pytest

from annualreports import services
from annualreports.models import ReportStatus
from core.exceptions import ActionForbidden
from disclosures.choices import DisclosureMode
from disclosures.tests.factories import published

from .test_tables import year_2026  # noqa: F401 - the fixture year

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-01-15T10:00")]


def test_the_report_is_computed_and_prefilled(org, year_2026):  # noqa: F811
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    rows = {row["key"]: row for row in report.contents["three"]["rows"]}
    assert rows["new"]["cells"] == [1, 2, 1, 1, 1, 0, 6] and rows["forward"]["cells"] == [0, 0, 1, 0, 0, 0, 1]
    assert report.contents["three"]["columns"][-1] == "总计"
    assert [block["heading"] for block in report.contents["two"]][0] == "第二十条第（一）项"
    assert report.contents["four"]["groups"][0] == ["行政复议", [0, 0, 0, 0, 0]]
    assert "全年新收政府信息公开申请6件，办结6件。" in report.overview
    assert report.other_matters == "本年度收取信息处理费0件，金额0元。"
    assert report.title == "县发展和改革委员会2026年政府信息公开工作年度报告"


def test_only_active_disclosure_counts_in_the_overview(org, _pinned_clock):
    _pinned_clock.move_to(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC))
    published(org, title="主动公开的批复")
    published(org, title="依申请公开的批复", disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及商业秘密")
    _pinned_clock.move_to(datetime.datetime(2027, 1, 15, 2, 0, tzinfo=datetime.UTC))
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    assert "主动公开政府信息1条" in report.overview


def test_a_tampered_cell_refuses_submission_naming_the_column(org, year_2026):  # noqa: F811
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    services.report_edit(report=report, actor=org.clerk, cells={"partly": [0, 2, 0, 0, 0, 0, 2]},
                         texts={"problems": "个别申请答复时间较长。"})
    with pytest.raises(services.ReportUnbalanced) as refused:
        services.report_submit(report=report, actor=org.clerk)
    assert refused.value.status_code == 409
    assert "“商业企业”列的办理结果总计 2 不等于各项之和 3。" in refused.value.message
    assert "“总计”列的办理结果总计 6 不等于各项之和 7。" in refused.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.problems == "个别申请答复时间较长。"
    services.report_refresh(report=report, actor=org.clerk)  # the data again: the cell is restored
    assert report.problems == "个别申请答复时间较长。"  # the text parts stay


def test_the_review_chain_publishes_it_with_an_index_number(org, year_2026):  # noqa: F811
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    services.report_submit(report=report, actor=org.clerk)
    with pytest.raises(ActionForbidden):
        services.report_review(report=report, actor=org.clerk)
    services.report_review(report=report, actor=org.reviewer)
    services.report_sign(report=report, actor=org.signer)
    assert report.status == ReportStatus.PUBLISHED and report.index_no and report.published_at
    assert [row.action for row in report.audit_entries.order_by("pk")] == [
        "annualreport.create", "annualreport.submit", "annualreport.review", "annualreport.sign",
    ]
    with pytest.raises(Exception, match="不能修改"):
        services.report_edit(report=report, actor=org.clerk, texts={"problems": "改"})


def test_another_department_cannot_write_the_report(org):
    with pytest.raises(ActionForbidden):
        services.report_create(department=org.department, year=2026, actor=org.other_clerk)


def test_personal_data_in_the_text_refuses_submission(org, year_2026):  # noqa: F811
    from core.pii import id_check_character

    number = "11010119900307123" + id_check_character("11010119900307123")
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    services.report_edit(report=report, actor=org.clerk, texts={"problems": f"申请人张三（身份证号{number}）多次申请。"})
    with pytest.raises(services.ReportHasPersonalData) as refused:
        services.report_submit(report=report, actor=org.clerk)
    assert refused.value.status_code == 409 and number not in refused.value.message and "第十五条" in refused.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
