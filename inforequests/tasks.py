import datetime

from celery import shared_task
from django.utils import timezone

from disclosures.services import job_heartbeat_record

from . import services


@shared_task(name="inforequests.tasks.daily_rules")
def daily_rules(as_of: str | None = None) -> dict:
    """Daily: 视为放弃 after a passed 补正 or fee deadline, and consultations whose 15 working days passed
    without an answer (services.daily_rules). `as_of` (ISO date) runs a missed day's rules; default today.
    Overdue requests are flagged, and those due soon announced, by the kernel's jobs (compliance.tasks)."""
    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    result = services.daily_rules(as_of=day)
    job_heartbeat_record(name="daily_rules", result={"as_of": day.isoformat(), **result})
    return result
