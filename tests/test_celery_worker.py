"""A real Celery worker process on the real broker (Redis in CI) runs the scheduled jobs end to end."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import JobHeartbeat
from disclosure_portal.celery import app
from disclosures.models import Disclosure, SearchTermCount
from disclosures.tests.factories import draft, in_state
from notifications.models import Notification

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(condition, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        assert worker.poll() is None, worker.stdout.read().decode(errors="replace")
        time.sleep(0.3)
    return False


@pytest.fixture
def worker_queue():
    """A worker process consuming a queue of its own, against the test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False  # these tests go through the real broker
    # Not PYTEST_XDIST_WORKER: settings would move the worker to another Redis database than this test's.
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    env |= {"DATABASE_URL": _database_url(), "REDIS_URL": settings.REDIS_URL}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "disclosure_portal", "worker", "-Q", queue,
         "--concurrency=1", "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        yield queue, worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.postgres
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_scheduled_overdue_job_once(org, worker_queue):
    queue, worker = worker_queue
    late = draft(org.clerk, org.department, title="早已逾期的记录", formed_on=timezone.localdate() - datetime.timedelta(days=90))
    fresh = draft(org.clerk, org.department, title="刚形成的记录")

    # The worker is another process, on the real clock: it is told the tests' day.
    today = {"today": timezone.localdate().isoformat()}
    app.send_task("compliance.tasks.flag_overdue", kwargs=today, queue=queue)
    assert _wait_for(lambda: Disclosure.objects.filter(pk=late.pk, overdue_flagged_at__isnull=False).exists(), worker)
    assert not Disclosure.objects.get(pk=fresh.pk).overdue_flagged_at
    notified = Notification.objects.filter(kind="overdue").count()
    assert notified == 4  # the department's clerks and reviewers: clerk, clerk_b, reviewer, reviewer_b
    first_flag = Disclosure.objects.get(pk=late.pk).overdue_flagged_at
    run_before = JobHeartbeat.objects.get(name="flag_overdue").last_run_at

    # Run it again (as a retry would): nothing new flagged, nobody notified twice.
    app.send_task("compliance.tasks.flag_overdue", kwargs=today, queue=queue)
    assert _wait_for(lambda: JobHeartbeat.objects.get(name="flag_overdue").last_run_at > run_before, worker)
    assert Disclosure.objects.get(pk=late.pk).overdue_flagged_at == first_flag
    assert Notification.objects.filter(kind="overdue").count() == notified


@pytest.mark.postgres
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_records_the_heartbeat(worker_queue):
    queue, worker = worker_queue
    app.send_task("compliance.tasks.heartbeat", kwargs={"name": queue}, queue=queue)
    assert _wait_for(lambda: JobHeartbeat.objects.filter(name=queue).exists(), worker)


@pytest.mark.postgres
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_writes_the_search_counts_waiting_in_redis(org, client, worker_queue, settings):
    queue, worker = worker_queue
    settings.PORTAL_SEARCH_RATE = ""
    in_state(org, "published", title="公租房配租结果公示")
    for _ in range(2):
        assert "<mark>公租房</mark>" in client.get("/search/?q=" + quote("公租房")).content.decode()
    assert not SearchTermCount.objects.exists(), "the searches wrote nothing: their counts wait in Redis"
    assert settings.CELERY_BEAT_SCHEDULE["flush-search-terms-every-minute"] == {
        "task": "disclosures.tasks.flush_search_terms", "schedule": crontab()
    }
    app.send_task("disclosures.tasks.flush_search_terms", queue=queue)
    assert _wait_for(lambda: SearchTermCount.objects.filter(term="公租房", count=2).exists(), worker)
    assert SearchTermCount.objects.get().day == timezone.localdate()


def test_beat_schedule_is_declared_in_code_with_readable_names():
    schedule = settings.CELERY_BEAT_SCHEDULE
    app.loader.import_default_modules()
    assert set(schedule) == {
        "flag-overdue-every-15-minutes",
        "warn-due-soon-daily-08:00",
        "end-notice-periods-daily-00:30",
        "expire-blacklist-daily-00:40",
        "check-links-weekly-sunday-03:00",
        "inforequest-daily-rules-00:50",
        "supervision-resolve-items-hourly-at-20",
        "supervision-assessments-monthly-1st-01:10",
        "heartbeat-every-10-minutes",
        "catch-up-missed-runs-every-10-minutes",
        "clean-exports-hourly",
        "flush-search-terms-every-minute",
        "prune-search-terms-daily-02:10",
        "write-bulk-downloads-daily-03:30",
        "backup-daily-02:30",
    }
    for name, entry in schedule.items():
        assert entry["task"] in app.tasks, f"{name} points at an unknown task {entry['task']}"
        assert isinstance(entry["schedule"], crontab)
    assert schedule["flag-overdue-every-15-minutes"]["schedule"].minute == {0, 15, 30, 45}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
