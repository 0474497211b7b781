"""Send in-app notifications (and the matching e-mails) exactly once per recipient and key."""

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    users: list
    kind: str
    title: str
    dedupe_key: str
    body: str = ""
    url: str = ""


def notify(messages: list[Message], *, email: bool = True) -> None:
    """Create one notification per user and message in one INSERT; a repeated key adds (and mails) nothing."""
    rows = [
        Notification(user=user, kind=m.kind, title=m.title, body=m.body, url=m.url, dedupe_key=m.dedupe_key)
        for m in messages
        for user in m.users
        if user is not None
    ]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if email:
        keys = sorted({m.dedupe_key for m in messages})
        transaction.on_commit(lambda: [_send_or_log(key) for key in keys])


def notify_users(*, users, kind: str, title: str, body: str = "", url: str = "", dedupe_key: str, email: bool = True) -> None:
    notify([Message(list(users), kind, title, dedupe_key, body, url)], email=email)


CASE_NOTICE_UID = "notifications.deliver_case_notice"  # how apps.ready connects it (and seed_demo mutes it)


def deliver_case_notice(sender, *, users, kind: str, title: str, body: str = "", url: str = "", dedupe_key: str, **kwargs):
    """A workflow step's notice (core.signals.case_notice, declared in the workflow table) to the inbox and,
    for users with an address, by e-mail once the step has committed."""
    notify_users(users=users, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key)


def _send_or_log(key: str) -> None:
    """A mail server that is down must not undo or break the job: the mails stay pending and
    `send_all_pending_emails` (run with the heartbeat) sends them later."""
    try:
        send_pending_emails(dedupe_key=key)
    except (OSError, smtplib.SMTPException):
        logger.exception("notification e-mails for %s could not be sent; they stay pending", key)


def send_all_pending_emails() -> int:
    """Retry every notification that was never mailed (after an SMTP failure)."""
    keys = (
        Notification.objects.filter(emailed_at__isnull=True).exclude(user__email="")
        .values_list("dedupe_key", flat=True).distinct()
    )
    sent = 0
    for key in list(keys):
        try:
            sent += send_pending_emails(dedupe_key=key)
        except (OSError, smtplib.SMTPException):
            logger.exception("notification e-mails for %s could not be sent; they stay pending", key)
            break  # the server is down: try again at the next run
    return sent


def send_pending_emails(*, dedupe_key: str) -> int:
    """Mail the notifications of a key that have not been mailed yet (safe to call again after a failure)."""
    pending = list(
        Notification.objects.filter(dedupe_key=dedupe_key, emailed_at__isnull=True)
        .exclude(user__email="")
        .select_related("user")
    )
    if not pending:
        return 0
    first = pending[0]
    base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    send_mail(
        subject=f"【{settings.PORTAL_SITE_NAME}】{first.title}",
        message=f"{first.body}\n\n{base}{first.url}".strip(),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=sorted({n.user.email for n in pending}),
    )
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(pending)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_mark_read(*, user, notification_ids=None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())
