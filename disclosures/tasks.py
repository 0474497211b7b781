"""Celery tasks of the kernel: each takes ids or nothing, calls a service, and is safe to run twice."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import JobHeartbeat


def beat(name: str, result: dict) -> None:
    JobHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now(), "last_result": result})


@shared_task(name="disclosures.tasks.heartbeat")
def heartbeat(name: str = "heartbeat") -> str:
    """Record that the scheduled jobs are alive; the dashboard reads this."""
    beat(name, {"ok": True})
    return timezone.now().isoformat()


@shared_task(name="disclosures.tasks.recompute_due_dates")
def recompute_due_dates() -> int:
    """After the office changes the calendar or a rule: recompute unpublished records' due dates."""
    changed = services.disclosure_recompute_due_dates()
    beat("recompute_due_dates", {"changed": changed})
    return changed
