"""Celery tasks of the public-resource domain: each takes ids or nothing, calls a service, and is safe to run twice."""

from celery import shared_task

from disclosures.services import job_heartbeat_record

from . import services


@shared_task(name="resources.tasks.expire_blacklist")
def expire_blacklist() -> int:
    """Daily: take 黑名单 entries whose listing period has ended off the public list (kept, marked expired)."""
    expired = services.blacklist_expire()
    job_heartbeat_record(name="expire_blacklist", result={"expired": expired})
    return expired
