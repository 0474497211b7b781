"""The reports in the back office: a clerk creates the department's report, edits its text, runs its
review chain; the office sees every report against its deadline (部门 31 January, 县级人民政府 31 March)."""

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
