from celery import shared_task

from disclosures.services import job_heartbeat_record

from . import services


@shared_task(name="supervision.tasks.resolve_items")
def resolve_items() -> int:
    """Hourly: 销号 of the items whose record has been published or whose request answered since (the notice
    still waits for the office). Overdue notices are flagged by the kernel's overdue job (compliance.tasks)."""
    resolved = services.resolve_items()
    job_heartbeat_record(name="supervision_resolve_items", result={"resolved": resolved})
    return resolved
