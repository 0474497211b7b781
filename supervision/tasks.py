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


@shared_task(name="supervision.tasks.monthly_assessments")
def monthly_assessments() -> int:
    """On the 1st: last month's 考核 of every 政务公开办, frozen at the month's end (services.take_last_months_assessments)."""
    taken = services.take_last_months_assessments()
    job_heartbeat_record(name="supervision_monthly_assessments", result={"taken": taken})
    return taken
