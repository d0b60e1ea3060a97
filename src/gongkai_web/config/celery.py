"""The Celery application of the task queue (used when a broker is configured; see
:mod:`gongkai_web.supervision.queue`). ``gongkai worker`` starts a worker of it."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.config.settings.local")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["gongkai_web.supervision", "gongkai_web.watch"])


@app.on_after_finalize.connect
def _schedule(sender: Celery, **kwargs: object) -> None:
    """Celery beat (``gongkai worker --beat``) re-fetches the watched websites every
    ``GONGKAI_WATCH_INTERVAL`` seconds."""
    from django.conf import settings

    if settings.GONGKAI_WATCH_INTERVAL:
        sender.add_periodic_task(float(settings.GONGKAI_WATCH_INTERVAL), sender.signature("watch.run_watch"))


@worker_init.connect
@worker_process_init.connect
def _ready(**kwargs: object) -> None:
    """The worker (before it starts its pool, whose processes inherit it) and each pool process: what they
    loaded to start is left out of garbage collection."""
    from gongkai_web.supervision.queue import freeze_loaded

    freeze_loaded()
