"""A real Celery worker process on the real broker runs the scheduled task end to end."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from disclosure_portal.celery import app
from disclosures.models import JobHeartbeat

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_process_runs_heartbeat_task_on_redis():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": settings.REDIS_URL}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "disclosure_portal", "worker", "-Q", queue,
         "--concurrency=1", "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        app.send_task("disclosures.tasks.heartbeat", kwargs={"name": queue}, queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not JobHeartbeat.objects.filter(name=queue).exists():
            assert worker.poll() is None, worker.stdout.read().decode(errors="replace")
            time.sleep(0.5)
        assert JobHeartbeat.objects.filter(name=queue).exists(), "the worker did not run the task within 60 s"
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_beat_schedule_is_declared_in_code_with_readable_names():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert "kernel-heartbeat-every-10-minutes" in schedule
    app.loader.import_default_modules()
    for name, entry in schedule.items():
        assert entry["task"] in app.tasks, f"{name} points at an unknown task {entry['task']}"
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
