"""半年工作进展情况 (克政办发〔2018〕65号 §六(二): 每年6月底前和12月底前报同级政府政务公开主管部门): the clerk drafts,
the 部门负责人 submits, nothing changes after; the office's board shows who has reported and who is late."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.exceptions import ActionForbidden
from supervision import services
from supervision.models import ProgressReport

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-06-29T10:00")]


def test_drafted_submitted_then_frozen(org):
    report = services.progress_save(department=org.department, year=2026, half=1, actor=org.clerk, text="上半年进展。")
    assert report.due_on == datetime.date(2026, 6, 30)
    with pytest.raises(ActionForbidden):
        services.progress_submit(report=report, actor=org.clerk)  # the 部门负责人 submits
    with pytest.raises(ActionForbidden):
        services.progress_save(department=org.department, year=2026, half=1, actor=org.other_clerk, text="x")
    services.progress_submit(report=report, actor=org.reviewer)
    with pytest.raises(ValidationError) as exc:
        services.progress_save(department=org.department, year=2026, half=1, actor=org.clerk, text="改")
    assert exc.value.message_dict == {"text": ["已报送，不能再修改。"]}
    report.refresh_from_db()
    assert report.submitted_by == org.reviewer and report.text == "上半年进展。"


def test_an_empty_report_is_not_submitted(org):
    report = services.progress_save(department=org.department, year=2026, half=1, actor=org.clerk, text=" ")
    with pytest.raises(ValidationError) as exc:
        services.progress_submit(report=report, actor=org.reviewer)
    assert exc.value.message_dict == {"text": ["请填写工作进展情况后再报送。"]}


def test_the_office_board_shows_reported_drafts_missing_and_late(org):
    report = services.progress_save(department=org.department, year=2026, half=1, actor=org.clerk, text="进展。")
    services.progress_submit(report=report, actor=org.reviewer)
    services.progress_save(department=org.other_department, year=2026, half=1, actor=org.other_clerk, text="草稿。")
    office = Client()
    office.force_login(org.office)
    board = reverse("admin:supervision_progressreport_board")
    html = office.get(board, {"year": 2026, "half": 1}).content.decode()
    assert "县发展和改革委员会" in html and "已报送" in html and "草稿" in html and "未报送" in html
    assert "逾期" not in html  # 2026-06-29: not due yet
    with time_machine.travel(datetime.datetime(2026, 7, 1, 2, tzinfo=datetime.UTC), tick=False):
        office.force_login(org.office)  # a new day's session
        html = office.get(board, {"year": 2026, "half": 1}).content.decode()
    assert "草稿（逾期）" in html and "未报送（逾期）" in html and html.count("已报送（逾期）") == 0
    clerk = Client()
    clerk.force_login(org.clerk)
    assert clerk.get(board).status_code == 403
    change = reverse("admin:supervision_progressreport_change", args=[ProgressReport.objects.get(department=org.other_department).pk])
    assert clerk.get(change).status_code in (302, 404)


def test_the_clerk_writes_in_the_back_office_and_the_head_submits(org):
    clerk, reviewer = Client(), Client()
    clerk.force_login(org.clerk)
    reviewer.force_login(org.reviewer)
    clerk.post(reverse("admin:supervision_progressreport_add"),
               {"department": org.department.pk, "year": 2026, "half": 1, "text": "已完成三个领域的自查。"})
    report = ProgressReport.objects.get()
    page = reverse("admin:supervision_progressreport_change", args=[report.pk])
    assert 'id="progress-submit"' not in clerk.get(page).content.decode()
    assert 'id="progress-submit"' in reviewer.get(page).content.decode()
    reviewer.post(reverse("admin:supervision_progressreport_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.submitted_at is not None
