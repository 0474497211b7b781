"""Celery tasks of the kernel: each takes ids or nothing, calls a service, and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(name="disclosures.tasks.recompute_due_dates")
def recompute_due_dates() -> int:
    """After the office changes the calendar or a rule: recompute unpublished records' due dates."""
    changed = services.disclosure_recompute_due_dates()
    services.job_heartbeat_record(name="recompute_due_dates", result={"changed": changed})
    return changed
