"""The reports in the back office: a clerk creates the department's report, edits its text, runs its
review chain; the office sees every report against its deadline (部门 31 January, 县级人民政府 31 March)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from annualreports.models import AnnualReport, ReportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-02-03T10:00")]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clerk_writes_the_report_and_the_chain_publishes_it(org):
    clerk = client_of(org.clerk)
    response = clerk.post(reverse("admin:annualreports_annualreport_add"), {"department": org.department.pk, "year": 2026},
                          follow=True)
    report = AnnualReport.objects.get()
    html = response.content.decode()
    assert 'id="report-preview"' in html and "三、收到和处理政府信息公开申请情况" in html
    assert "发布期限：2027-01-31" in html
    do = reverse("admin:annualreports_annualreport_do", args=[report.pk])
    clerk.post(do, {"op": "texts", "lock_version": report.lock_version, "overview": "概况。",
                    "problems": "个别申请答复较慢。", "other_matters": "无。"})
    report.refresh_from_db()
    assert (report.problems, report.status) == ("个别申请答复较慢。", ReportStatus.DRAFT)
    clerk.post(do, {"op": "submit", "lock_version": report.lock_version})
    client_of(org.reviewer).post(do, {"op": "review", "lock_version": report.lock_version + 1})
    report.refresh_from_db()
    client_of(org.signer).post(do, {"op": "sign", "lock_version": report.lock_version})
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.index_no
    assert client_of(org.other_clerk).get(reverse("admin:annualreports_annualreport_change", args=[report.pk])).status_code in (302, 404)


def test_the_office_sees_each_report_against_its_deadline(org):
    AnnualReport.objects.create(department=org.department, year=2026)  # a draft, past 31 January
    html = client_of(org.office).get(reverse("admin:annualreports_annualreport_deadlines"), {"year": 2026}).content.decode()
    assert "县发展和改革委员会" in html and "草稿（逾期）" in html
    assert "未报送（逾期）" in html  # the other departments
    assert "2027-03-31" in html  # the county government's report (its office) is due on 31 March


def _cells_post(report, **changes) -> dict:
    """Table 三 as the form posts it, with `changes` ({"key-index": "text"}) typed over the stored values."""
    data = {"op": "cells", "lock_version": report.lock_version}
    for item in report.contents["three"]["rows"]:
        if not item["heading"]:
            data |= {f"cell-{item['key']}-{index}": str(value) for index, value in enumerate(item["cells"])}
    return data | {f"cell-{key}": value for key, value in changes.items()}


def test_the_clerk_adjusts_table_three_and_the_balance_check_names_the_column(org):
    """Requests handled outside the portal are entered by hand; a cell that is no number is refused naming its
    row and column (nothing saved); an unbalanced table is saved with a warning and refused at submission."""
    clerk = client_of(org.clerk)
    clerk.post(reverse("admin:annualreports_annualreport_add"), {"department": org.department.pk, "year": 2026})
    report = AnnualReport.objects.get()
    change = reverse("admin:annualreports_annualreport_change", args=[report.pk])
    html = clerk.get(change).content.decode()
    assert 'aria-label="一、本年新收政府信息公开申请数量：自然人"' in html
    do = reverse("admin:annualreports_annualreport_do", args=[report.pk])

    response = clerk.post(do, _cells_post(report, **{"new-0": "三"}), follow=True)
    assert "“一、本年新收政府信息公开申请数量”行“自然人”列应为0或正整数（现为“三”）。" in response.content.decode()
    report.refresh_from_db()
    assert report.lock_version == 0  # nothing saved

    response = clerk.post(do, _cells_post(report, **{"new-0": "2", "new-6": "2"}), follow=True)
    html = response.content.decode()
    assert "已保存表三。勾稽关系仍不平衡" in html
    assert "“自然人”列不平衡：本年新收 2 + 上年结转 0 = 2，而办理结果总计 0 + 结转下年度 0 = 0。" in html
    report.refresh_from_db()
    assert report.contents["three"]["rows"][0]["cells"] == [2, 0, 0, 0, 0, 0, 2]
    response = clerk.post(do, {"op": "submit", "lock_version": report.lock_version}, follow=True)
    assert "“自然人”列不平衡" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    fixed = _cells_post(report, **{"disclosed-0": "2", "disclosed-6": "2", "total-0": "2", "total-6": "2"})
    response = clerk.post(do, fixed, follow=True)
    assert "已保存表三，勾稽关系平衡。" in response.content.decode()
    report.refresh_from_db()
    clerk.post(do, {"op": "submit", "lock_version": report.lock_version})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    entry = report.audit_entries.filter(action="annualreport.edit").last()
    assert entry.data["cells"] == ["（一）予以公开", "（七）总计"]


def test_the_office_sees_the_departments_tables_added_up(org):
    """The optional roll-up: every department's stored tables (manual cells included) added cell by cell, the
    departments without a report named."""
    from decimal import Decimal

    from annualreports import services
    from annualreports.models import DecisionTally

    DecisionTally.objects.create(department=org.department, year=2026, licences=3, fees=Decimal("1.25"), source="系统")
    DecisionTally.objects.create(department=org.other_department, year=2026, licences=4, fees=Decimal("2.5"), source="系统")
    first = services.report_create(department=org.department, year=2026, actor=org.clerk)
    second = services.report_create(department=org.other_department, year=2026, actor=org.other_clerk)
    services.report_edit(report=first, actor=org.clerk, cells={"new": [1, 0, 0, 0, 0, 0, 1]})
    services.report_edit(report=second, actor=org.other_clerk, cells={"new": [2, 1, 0, 0, 0, 0, 3]})
    html = client_of(org.office).get(reverse("admin:annualreports_annualreport_deadlines"), {"year": 2026}).content.decode()
    rollup = html[html.index('id="report-rollup"'):]
    assert "以下为 2 份部门、乡镇年度报告" in rollup
    assert '<tr><th scope="row">行政许可</th><td>7</td></tr>' in rollup
    assert '<tr><th scope="row">行政事业性收费</th><td>3.75</td></tr>' in rollup
    new_row = re.search(r"一、本年新收政府信息公开申请数量</th>((?:<td>\d+</td>)+)", rollup)
    assert re.findall(r"\d+", new_row.group(1)) == ["3", "1", "0", "0", "0", "0", "4"]
    missing = rollup.split("尚未报送：")[1].split("。")[0]
    assert org.department.name not in missing and org.town_department.name in missing
