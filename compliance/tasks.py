import datetime

from celery import shared_task

from disclosures.services import job_heartbeat_record

from . import services


@shared_task(name="compliance.tasks.flag_overdue")
def flag_overdue(today: str | None = None) -> int:
    """Daily: flag what is past its due date. `today` (ISO date) re-runs a given day; default: today."""
    return services.flag_overdue(today=datetime.date.fromisoformat(today) if today else None).count


@shared_task(name="compliance.tasks.warn_due_soon")
def warn_due_soon() -> int:
    return services.warn_due_soon().count


@shared_task(name="compliance.tasks.heartbeat")
def heartbeat(name: str = services.HEARTBEAT) -> None:
    """Proves the worker and beat are alive (the dashboard shows when it last ran), and retries
    notification e-mails a mail-server failure left pending."""
    from notifications.services import send_all_pending_emails

    job_heartbeat_record(name=name, result={"ok": True, "emails_sent": send_all_pending_emails()})


@shared_task(name="compliance.tasks.check_links")
def check_links() -> dict:
    """Weekly: check the external links in published records; dead ones are listed on the dashboard."""
    return services.check_links()
