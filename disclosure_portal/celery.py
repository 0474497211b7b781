"""The Celery app. Broker: Redis when REDIS_URL is set, otherwise a file-system broker that needs no server."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disclosure_portal.settings")

app = Celery("disclosure_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
