"""Workflow notices (issue 18 item 7), declared in the workflow table (`Notice`) and delivered to the
站内消息 by the notifications app: submitted → the department's reviewers; reviewed → its signers;
returned → the clerk, with the comment; published or withdrawn → the clerk. Never the actor."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from disclosures import services
from disclosures.tests.factories import draft, in_state
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def inbox(user) -> list[tuple[str, str, str]]:
    return [(n.kind, n.title, n.body) for n in Notification.objects.filter(user=user).order_by("pk")]


def test_submitting_tells_the_departments_reviewers_not_the_clerk(org):
    record = draft(org.clerk, org.department, title="提交后通知")
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    for reviewer in (org.reviewer, org.reviewer_b):
        assert inbox(reviewer) == [("disclosure.submit", "待您审核：提交后通知", "")]
    assert inbox(org.clerk) == [] and inbox(org.signer) == [] and inbox(org.other_reviewer) == []
    notice = Notification.objects.filter(user=org.reviewer).get()
    assert notice.url == reverse("admin:disclosures_disclosure_change", args=[record.pk])


def test_reviewing_tells_the_signers_and_signing_with_auto_publication_tells_the_clerk(org):
    record = in_state(org, "submitted", title="审核签发通知")
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    assert inbox(org.signer) == [("disclosure.review", "待您签发：审核签发通知", "")]
    services.disclosure_sign(disclosure=record, actor=org.signer)  # the county publishes on approval
    record.refresh_from_db()
    assert record.status == "published"
    assert ("disclosure.publish", "已发布：审核签发通知", "") in inbox(org.clerk)


def test_returning_tells_the_clerk_with_the_comment(org):
    record = in_state(org, "submitted", title="退回通知")
    services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="请补充项目代码。")
    assert inbox(org.clerk) == [("disclosure.reject", "已退回修改：退回通知", "退回意见：请补充项目代码。")]
    # Returned again after a second submission: a second message, not a duplicate refused.
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="日期有误。")
    assert [body for kind, _, body in inbox(org.clerk) if kind == "disclosure.reject"] == [
        "退回意见：请补充项目代码。", "退回意见：日期有误。"
    ]


def test_withdrawing_tells_the_clerk_with_the_public_reason(org):
    record = in_state(org, "published", title="撤回通知")
    services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="批复已被撤销。")
    assert ("disclosure.withdraw", "已撤回：撤回通知", "撤回理由：批复已被撤销。") in inbox(org.clerk)


def test_a_refused_step_tells_nobody(org):
    record = in_state(org, "submitted", title="被拒的一步")
    Notification.objects.all().delete()
    with pytest.raises(Exception):  # noqa: B017,PT011 - the step's own error; what matters is nothing was sent
        services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="  ")
    assert not Notification.objects.exists()


def test_the_notice_is_mailed_once_the_step_has_committed(org, django_capture_on_commit_callbacks):
    org.reviewer_b.email = ""  # no address: the inbox only
    org.reviewer_b.save()
    record = draft(org.clerk, org.department, title="邮件通知")
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_submit(disclosure=record, actor=org.clerk)
    assert [message.to for message in mail.outbox] == [[org.reviewer.email]]
    assert Notification.objects.filter(title="待您审核：邮件通知").count() == 2
    assert "待您审核：邮件通知" in mail.outbox[0].subject


def test_the_inbox_has_the_staff_header_and_tools(org):
    record = draft(org.clerk, org.department, title="收件箱")
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    client = Client()
    client.force_login(org.reviewer)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "待您审核：收件箱" in html
    assert "重点领域信息公开 · 工作台" in html and "Django" not in html
    assert 'id="logout-form"' in html


def test_a_correction_published_tells_its_clerk(org):
    original = in_state(org, "published", title="被更正的记录")
    correction = services.disclosure_start_correction(disclosure=original, actor=org.clerk_b, change_note="更正文号")
    services.disclosure_submit(disclosure=correction, actor=org.clerk_b)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)  # published on signing: merged
    assert ("disclosure.publish", f"已发布：{correction.title}", "") in inbox(org.clerk_b)
