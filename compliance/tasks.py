import datetime

from celery import shared_task

from disclosures.services import job_heartbeat_record
from notifications.services import send_all_pending_emails

from . import services


@shared_task(name="compliance.tasks.flag_overdue")
def flag_overdue(today: str | None = None) -> dict:
    """Daily: flag what is past its due date. `today` (ISO date) re-runs a given day; default: today.
    {"flagged": n}, or {"flagged": 0, "skipped": …} when another run was under way."""
    result = services.flag_overdue(today=datetime.date.fromisoformat(today) if today else None)
    return result.summary("flagged")


@shared_task(name="compliance.tasks.warn_due_soon")
def warn_due_soon() -> dict:
    return services.warn_due_soon().summary("warned")


@shared_task(name="compliance.tasks.heartbeat")
def heartbeat(name: str = services.HEARTBEAT) -> None:
    """Proves the worker and beat are alive (the dashboard shows when it last ran), and retries
    notification e-mails a mail-server failure left pending."""
    job_heartbeat_record(name=name, result={"ok": True, "emails_sent": send_all_pending_emails()})


@shared_task(name="compliance.tasks.check_links")
def check_links() -> dict:
    """Weekly: check the external links in published records; dead ones are listed on the dashboard."""
    return services.check_links()


@shared_task(name="compliance.tasks.catch_up")
def catch_up() -> dict:
    """Every 10 minutes: run the scheduled jobs whose time passed without a successful run — beat
    skips a run that falls due while the broker (Redis) is down — and those that failed or were killed."""
    return services.jobs_catch_up()
