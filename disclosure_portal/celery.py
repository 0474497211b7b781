"""The Celery app. Broker: Redis when REDIS_URL is set, otherwise a file-system broker that needs no server."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disclosure_portal.settings")

app = Celery("disclosure_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["disclosure_portal"])  # the project's own jobs (bulk downloads), not an app
