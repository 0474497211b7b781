"""The 政府信息公开年报 column: only published reports, each an accessible page in the national layout."""

import re

import pytest
from django.urls import reverse

from annualreports import services

from .test_tables import PART_THREE_LABELS, year_2026  # noqa: F401 - the fixture year

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-01-15T10:00")]


def test_a_published_report_is_a_page_in_the_national_layout(org, client, year_2026):  # noqa: F811
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    draft_url = reverse("annualreports:detail", args=[report.pk])
    assert client.get(draft_url).status_code == 404  # a draft is nobody's business
    assert report.title not in client.get(reverse("annualreports:list")).content.decode()

    services.report_submit(report=report, actor=org.clerk)
    services.report_review(report=report, actor=org.reviewer)
    services.report_sign(report=report, actor=org.signer)
    html = client.get(draft_url).content.decode()
    assert report.title in html and report.index_no in html
    for label in PART_THREE_LABELS + ["第二十条第（一）项", "本年收费金额（单位：万元）", "未经复议直接起诉", "复议后起诉",
                                      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]:
        assert f">{label}<" in html, label
    # Real tables: every row and column header has its scope.
    assert not re.search(r"<th\b(?![^>]*scope=)[^>]*>", html)
    new_row = re.search(r'<th scope="row" colspan="3">一、本年新收政府信息公开申请数量</th>(.*?)</tr>', html).group(1)
    assert re.findall(r"<td>(\d+)</td>", new_row) == ["1", "2", "1", "1", "1", "0", "6"]
    assert report.title in client.get(reverse("annualreports:list")).content.decode()


def test_the_api_gives_published_reports_with_their_tables(org, anonymous, year_2026):  # noqa: F811
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    assert anonymous.get("/api/v1/annual-reports/").json()["count"] == 0
    assert anonymous.get(f"/api/v1/annual-reports/{report.pk}/").status_code == 404
    services.report_submit(report=report, actor=org.clerk)
    services.report_review(report=report, actor=org.reviewer)
    services.report_sign(report=report, actor=org.signer)
    body = anonymous.get(f"/api/v1/annual-reports/{report.pk}/").json()
    assert body["title"] == report.title and body["index_no"] == report.index_no
    rows = {row["key"]: row for row in body["contents"]["three"]["rows"]}
    assert rows["new"]["label"] == "一、本年新收政府信息公开申请数量" and rows["new"]["cells"] == [1, 2, 1, 1, 1, 0, 6]
    assert body["contents"]["four"]["columns"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
