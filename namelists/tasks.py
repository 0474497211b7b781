from celery import shared_task

from disclosures.services import job_heartbeat_record

from . import services


@shared_task(name="namelists.tasks.end_notice_periods")
def end_notice_periods() -> int:
    ended = services.end_notice_periods()
    job_heartbeat_record(name="end_notice_periods", result={"ended": ended})
    return ended
