"""投诉举报 (条例第五十一条): registered by the office, due 20 working days later on the official calendar, turned
into a 督办单 for the department complained about, answered with the result; flagged once when late; nobody but
the office sees it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from compliance import services as compliance
from core.exceptions import ActionForbidden
from notifications.models import Notification
from supervision import services
from supervision.models import Complaint

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-28T10:00")]
D = datetime.date


def register(org, **fields) -> Complaint:
    return services.complaint_register(**{
        "actor": org.office, "channel": "online", "received_on": D(2026, 9, 25), "complainant": "匿名",
        "content": "县发改委的项目批复一直没有公开。", "about_department": org.department, **fields,
    })


def test_registered_numbered_and_due_twenty_working_days_later_across_national_day(org):
    complaint = register(org)
    # 9-28 … 9-30, (国庆 10-1…10-7), 10-8 …, 10-10 (调休上班) …: the 20th working day is 10-29.
    assert (complaint.number, complaint.answer_days, complaint.due_on) == ("投诉〔2026〕1号", 20, D(2026, 10, 29))
    assert register(org).number == "投诉〔2026〕2号"


def test_bad_input_names_the_field_and_only_the_office_registers(org):
    with pytest.raises(ValidationError) as exc:
        register(org, complainant=" ", content="", received_on=D(2026, 9, 29))
    assert exc.value.message_dict == {
        "complainant": ["请填写投诉人（匿名举报填“匿名”）。"], "content": ["请填写投诉举报内容。"],
        "received_on": ["收到日期不能晚于今天。"],
    }
    with pytest.raises(ActionForbidden):
        register(org, actor=org.reviewer)
    assert not Complaint.objects.exists()


def test_turned_into_a_notice_then_answered(org):
    complaint = register(org)
    notice = services.complaint_to_notice(complaint=complaint, actor=org.office)
    item = notice.items.get()
    assert (item.kind, item.complaint, notice.department) == ("complaint", complaint, org.department)
    with pytest.raises(ValidationError):
        services.complaint_answer(complaint=complaint, actor=org.office, answer=" ")
    with pytest.raises(ActionForbidden):
        services.complaint_answer(complaint=complaint, actor=org.clerk, answer="已处理")
    services.complaint_answer(complaint=complaint, actor=org.office, answer="经核查，该批复已于9月28日公开，已督促该单位整改。")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answered_on, complaint.due_on) == ("answered", D(2026, 9, 28), None)


def test_a_late_complaint_is_flagged_once_and_the_office_told(org):
    complaint = register(org)
    for hour in (2, 3):
        with time_machine.travel(datetime.datetime(2026, 10, 30, hour, tzinfo=datetime.UTC), tick=False):
            compliance.flag_overdue()
    complaint.refresh_from_db()
    assert complaint.overdue_flagged_at is not None
    assert Notification.objects.filter(user=org.office, kind="complaint.overdue").count() == 1


def test_the_register_is_the_offices_only(org):
    complaint = register(org)
    office, clerk = Client(), Client()
    office.force_login(org.office)
    clerk.force_login(org.clerk)
    change = reverse("admin:supervision_complaint_change", args=[complaint.pk])
    assert "投诉〔2026〕1号" in office.get(change).content.decode()
    assert clerk.get(change).status_code in (302, 403, 404)
    assert clerk.get(reverse("admin:supervision_complaint_changelist")).status_code == 403
    response = office.post(reverse("admin:supervision_complaint_do", args=[complaint.pk]), {"op": "to_notice"})
    assert response.status_code == 302 and "/admin/supervision/notice/" in response.url
