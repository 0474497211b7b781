"""考核 on the October fixture of test_circulars (hand-computed): weights 40/20/20/10/10, 5 points less per record
overdue at the end; frozen when taken; the monthly job takes last month's once; the office downloads it as Excel."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from disclosures.models import Disclosure
from supervision import services
from supervision.models import Assessment

from .test_circulars import october  # noqa: F401 - the fixture month

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-03T10:00")]
D = datetime.date


def test_scores_by_hand_frozen_and_ranked(october):  # noqa: F811
    org = october
    assessment = services.assessment_take_as(actor=org.office, start=D(2026, 10, 1), end=D(2026, 10, 31))
    rows = {row["department"]: row for row in assessment.rows}
    # 发改委: rate 80% → 32; 1 overdue at the end → 15; its one notice answered late → 0; none unanswered → 10;
    # no late request → 10. Total 67.
    fgw = rows["县发展和改革委员会"]
    assert fgw["points"] == {"on_time_rate": 32.0, "overdue_at_end": 15.0, "notices_on_time": 0.0, "unanswered": 10.0,
                             "overdue_requests": 10.0}
    assert fgw["score"] == 67.0
    # 自然资源局: 100% → 40, nothing late, no notice → full: 100. The town published nothing: full marks too.
    assert rows["县自然资源局"]["score"] == 100.0 and rows["测试镇党政办"]["score"] == 100.0
    assert [row["rank"] for row in assessment.rows] == [1, 1, 3]
    Disclosure.objects.filter(title="发改委逾期").update(late_working_days=0)  # a later correction
    assessment.refresh_from_db()
    assert next(row for row in assessment.rows if row["department"] == "县发展和改革委员会")["score"] == 67.0


def test_the_monthly_job_takes_last_month_once(october):  # noqa: F811
    assert services.take_last_months_assessments(today=D(2026, 11, 1)) == 1
    assert services.take_last_months_assessments(today=D(2026, 11, 1)) == 0
    assessment = Assessment.objects.get()
    assert (assessment.period_start, assessment.period_end, assessment.taken_by) == (D(2026, 10, 1), D(2026, 10, 31), None)


def test_the_office_takes_one_and_downloads_it(october):  # noqa: F811
    org = october
    office = Client()
    office.force_login(org.office)
    response = office.post(reverse("admin:supervision_assessment_add"),
                           {"period_start": "2026-10-01", "period_end": "2026-12-31"})
    assert "考核期间不能晚于今天。" in response.content.decode()
    office.post(reverse("admin:supervision_assessment_add"), {"period_start": "2026-10-01", "period_end": "2026-10-31"})
    assessment = Assessment.objects.get()
    page = office.get(reverse("admin:supervision_assessment_change", args=[assessment.pk])).content.decode()
    assert "按时公开率（40分）" in page and "<strong>67.0</strong>" in page
    sheet = load_workbook(io.BytesIO(office.get(reverse("admin:supervision_assessment_xlsx",
                                                        args=[assessment.pk])).content)).active
    header = [cell.value for cell in sheet[2]]
    assert header[:8] == ["排名", "单位", "按时公开率（40分）", "期末逾期未公开（20分）", "督办单按时答复（20分）",
                          "督办单未答复（10分）", "依申请公开逾期（10分）", "总分"]
    fgw = next(row for row in sheet.iter_rows(min_row=3, values_only=True) if row[1] == "县发展和改革委员会")
    assert fgw[:8] == (3, "县发展和改革委员会", 32, 15, 0, 10, 10, 67)
    clerk = Client()
    clerk.force_login(org.clerk)
    assert clerk.get(reverse("admin:supervision_assessment_change", args=[assessment.pk])).status_code in (302, 403, 404)
