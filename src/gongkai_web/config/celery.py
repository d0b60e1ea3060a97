"""The Celery application of the task queue (used when a broker is configured; see
:mod:`gongkai_web.supervision.queue`). ``gongkai worker`` starts a worker of it."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.config.settings.local")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["gongkai_web.supervision"])
