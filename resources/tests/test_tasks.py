"""The daily 黑名单 job: takes entries off the public list when their period ends — once (a second run
changes nothing), in one UPDATE whatever their number, keeping every entry; with a heartbeat."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import JobHeartbeat
from resources import services, tasks
from resources.models import BlacklistEntry
from tests.clock import TEST_TODAY

from .factories import make_entry

pytestmark = pytest.mark.django_db

TODAY = TEST_TODAY


def ended(org, n: int) -> list[BlacklistEntry]:
    return [
        make_entry(org, starts_on=TODAY - datetime.timedelta(days=700), ends_on=TODAY - datetime.timedelta(days=1 + i))
        for i in range(n)
    ]


def test_the_task_expires_ended_entries_and_records_a_heartbeat(org):
    ended(org, 2)
    in_force = make_entry(org)
    assert tasks.expire_blacklist.delay().get() == 2
    assert BlacklistEntry.objects.filter(expired_at__isnull=False).count() == 2
    in_force.refresh_from_db()
    assert in_force.expired_at is None
    beat = JobHeartbeat.objects.get(name="expire_blacklist")
    assert beat.last_result == {"expired": 2}
    assert timezone.now() - beat.last_run_at < datetime.timedelta(minutes=1)


def test_a_second_run_changes_nothing(org):
    ended(org, 3)
    assert tasks.expire_blacklist() == 3
    marks = dict(BlacklistEntry.objects.values_list("pk", "expired_at"))
    assert tasks.expire_blacklist() == 0
    assert dict(BlacklistEntry.objects.values_list("pk", "expired_at")) == marks
    assert JobHeartbeat.objects.get(name="expire_blacklist").last_result == {"expired": 0}
    assert BlacklistEntry.objects.count() == 3  # kept, never deleted


def test_the_update_is_set_based(org):
    """The number of queries does not depend on how many entries expire."""
    ended(org, 2)
    with CaptureQueriesContext(connection) as few:
        assert services.blacklist_expire() == 2
    ended(org, 25)
    with CaptureQueriesContext(connection) as many:
        assert services.blacklist_expire() == 25
    assert len(many.captured_queries) == len(few.captured_queries)
    updates = [q["sql"] for q in many.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    # the entries in one statement; the other bumps the generation of public content (core.caching)
    assert len([sql for sql in updates if "resources_blacklistentry" in sql]) == 1


def test_an_entry_ending_today_stays_until_tomorrow(org):
    entry = make_entry(org, starts_on=TODAY - datetime.timedelta(days=30), ends_on=TODAY)
    assert services.blacklist_expire(today=TODAY) == 0
    assert services.blacklist_expire(today=TODAY + datetime.timedelta(days=1)) == 1
    entry.refresh_from_db()
    assert entry.expired_at is not None


def test_the_job_is_on_the_beat_schedule():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["expire-blacklist-daily-00:40"]["task"] == "resources.tasks.expire_blacklist"
