from celery import shared_task
from django.utils import timezone

from .models import JobHeartbeat


@shared_task(name="disclosures.tasks.heartbeat")
def heartbeat(name: str = "heartbeat") -> str:
    """Record that the scheduled jobs are alive; the dashboard reads this."""
    now = timezone.now()
    JobHeartbeat.objects.update_or_create(name=name, defaults={"last_run_at": now, "last_result": {"ok": True}})
    return now.isoformat()
