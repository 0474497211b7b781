import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_mark_read, notify_users, send_all_pending_emails, unread_count
from organizations.tests.factories import UserFactory


@pytest.fixture
def users(db):
    return [UserFactory(email="a@example.gov.cn"), UserFactory(email="b@example.gov.cn"), UserFactory(email="")]


def test_notify_twice_with_the_same_key_creates_and_mails_once(users, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify_users(users=users, kind="overdue", title="逾期提醒", body="有 2 条逾期", url="/dashboard/", dedupe_key="k1")
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["a@example.gov.cn", "b@example.gov.cn"]
    assert "逾期提醒" in mail.outbox[0].subject
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_a_failed_mail_neither_breaks_the_job_nor_is_lost(users, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.broken_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        notify_users(users=users[:1], kind="overdue", title="逾期提醒", dedupe_key="k2")
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1  # saved, mail pending
    assert send_all_pending_emails() == 0  # server still down: nothing sent, nothing raised
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_all_pending_emails() == 1  # the heartbeat's retry sends it
    assert send_all_pending_emails() == 0
    assert len(mail.outbox) == 1


def test_unread_count_and_mark_read(users):
    notify_users(users=users[:1], kind="x", title="一", dedupe_key="a", email=False)
    notify_users(users=users[:1], kind="x", title="二", dedupe_key="b", email=False)
    assert unread_count(users[0]) == 2
    first = Notification.objects.get(title="一")
    assert notification_mark_read(user=users[0], notification_ids=[first.pk]) == 1
    assert unread_count(users[0]) == 1
    assert notification_mark_read(user=users[1]) == 0


def test_inbox_page_and_unread_count_in_the_admin_header(client, users):
    notify_users(users=users[:1], kind="overdue", title="【逾期提醒】测试", dedupe_key="c", email=False)
    client.force_login(users[0])
    page = client.get("/inbox/")
    assert page.status_code == 200
    assert "【逾期提醒】测试" in page.content.decode()
    assert "1 条未读" in client.get("/admin/").content.decode()
    client.post("/inbox/")
    assert unread_count(users[0]) == 0
    assert "条未读" not in client.get("/admin/").content.decode()


def test_inbox_needs_staff_login(client):
    assert client.get("/inbox/").status_code == 302
