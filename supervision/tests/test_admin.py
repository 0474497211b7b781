"""督办 in the back office: the office ticks overdue rows on the dashboard and issues a notice, the department's
clerk drafts the answer and uploads a screenshot, its 部门负责人 submits, the office accepts; another department
sees nothing of it (404)."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from compliance import services as compliance
from disclosures.tests.factories import draft
from disclosures.tests.files import pdf_bytes
from supervision.choices import Status
from supervision.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-29T09:00")]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def overdue(org):
    """Two records of the 发改委 formed in August, overdue (flagged by the job) on 2026-09-29."""
    records = [draft(org.clerk, org.department, title=f"八月形成的批复{n}", formed_on=datetime.date(2026, 8, 3))
               for n in (1, 2)]
    compliance.flag_overdue()
    return records


def test_from_the_dashboard_to_a_closed_notice(org, overdue):
    office = client_of(org.office)
    dashboard = office.get(reverse("compliance:dashboard")).content.decode()
    assert 'id="issue-notice"' in dashboard and f'name="records" value="{overdue[0].pk}"' in dashboard
    # The dashboard's form sends the ticked rows to the issue page, which starts with them and their department.
    add = reverse("admin:supervision_notice_add")
    page = office.get(add, {"records": [record.pk for record in overdue]}).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="records"[^>]*>', page)
    assert len(boxes) == 2 and all("checked" in box for box in boxes), boxes
    assert f'<option value="{org.department.pk}" selected>' in page
    response = office.post(add, {"department": org.department.pk, "level": "supervise",
                                 "required_action": "立即审核发布，并说明逾期原因。",
                                 "records": [record.pk for record in overdue]}, follow=True)
    notice = Notice.objects.get()
    assert "已下发督办〔2026〕1号，答复期限 2026-10-12。" in response.content.decode()
    change = reverse("admin:supervision_notice_change", args=[notice.pk])
    do = reverse("admin:supervision_notice_do", args=[notice.pk])

    # Another department: not in its list, 404 on the page and the steps.
    other = client_of(org.other_clerk)
    assert "督办〔2026〕1号" not in other.get(reverse("admin:supervision_notice_changelist")).content.decode()
    assert other.get(change).status_code in (302, 404)
    assert other.post(do, {"op": "accept"}).status_code == 404

    clerk = client_of(org.clerk)
    html = clerk.get(change).content.decode()
    assert "八月形成的批复1" in html and "应公开日期" in html and 'id="notice-save-answer"' in html
    items = {f"item-{item.pk}-outcome": "fixed" for item in notice.items.all()}
    response = clerk.post(do, {"op": "answer", "cause": "经办人调岗，交接不及时。", "measures": "已发布，明确专人负责。",
                               "evidence_links": "https://example.gov.cn/a.html", **items}, follow=True)
    assert "已保存答复。" in response.content.decode()
    shot = SimpleUploadedFile("整改后网页.pdf", pdf_bytes("fixed"), content_type="application/pdf")
    clerk.post(do, {"op": "evidence", "image": shot})
    evidence = notice.evidence.get()
    assert clerk.get(reverse("admin:supervision_notice_evidence", args=[notice.pk, evidence.pk])).status_code == 200
    assert other.get(reverse("admin:supervision_notice_evidence", args=[notice.pk, evidence.pk])).status_code in (302, 404)
    response = clerk.post(do, {"op": "submit_answer"}, follow=True)  # the clerk drafts; the head submits
    assert "您没有对“县发展和改革委员会”的督办单执行“提交答复”的权限。" in response.content.decode()
    with time_machine.travel(datetime.datetime(2026, 10, 9, 2, tzinfo=datetime.UTC), tick=False):
        client_of(org.reviewer).post(do, {"op": "submit_answer"})
    notice.refresh_from_db()
    assert notice.status == Status.ANSWERED and not notice.answered_late
    listing = office.get(reverse("admin:supervision_notice_changelist")).content.decode()
    assert "已答复待审核" in listing and "2026-10-09" in listing
    response = office.post(do, {"op": "return", "comment": ""}, follow=True)
    assert "退回意见：退回时必须填写退回意见。" in response.content.decode()
    office.post(do, {"op": "accept"})
    notice.refresh_from_db()
    assert notice.status == Status.CLOSED
    trail = office.get(change).content.decode()
    for label in ("下发督办单", "起草答复", "上传整改截图", "提交答复", "审核通过并办结"):
        assert label in trail, label


def test_a_notice_for_rows_of_two_departments_is_refused_naming_the_field(org, overdue):
    theirs = draft(org.other_clerk, org.other_department, title="自然资源局的批复", formed_on=datetime.date(2026, 8, 3))
    compliance.flag_overdue()
    response = client_of(org.office).post(reverse("admin:supervision_notice_add"), {
        "department": org.department.pk, "level": "supervise", "required_action": "整改。",
        "records": [overdue[0].pk, theirs.pk],
    })
    assert response.status_code == 200
    assert "所选事项不属于县发展和改革委员会：自然资源局的批复。一张督办单只发给一个单位，请分别下发。" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_department_cannot_issue_and_sees_no_dashboard_action(org, overdue):
    clerk = client_of(org.clerk)
    assert clerk.get(reverse("admin:supervision_notice_add")).status_code == 403
    assert 'id="issue-notice"' not in clerk.get(reverse("compliance:dashboard")).content.decode()


def test_the_header_badge_counts_the_notices_waiting_for_each(org, overdue):
    from supervision import services

    notice = services.notice_issue(actor=org.office, department=org.department, records=overdue,
                                   required_action="整改。")
    index = reverse("admin:index")
    assert 'id="notice-badge">督办单<strong class="unread-count">（1）</strong>' in client_of(org.clerk).get(index).content.decode()
    assert 'id="notice-badge"' not in client_of(org.office).get(index).content.decode()  # nothing to decide yet
    assert 'id="notice-badge"' not in client_of(org.other_clerk).get(index).content.decode()
    services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施",
                                items={item.pk: ("fixed", "", None) for item in notice.items.all()})
    services.notice_submit_answer(notice=notice, actor=org.reviewer)
    assert 'id="notice-badge"' not in client_of(org.reviewer).get(index).content.decode()
    assert "督办单<strong class=\"unread-count\">（1）</strong>" in client_of(org.office).get(index).content.decode()
