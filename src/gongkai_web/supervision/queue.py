"""Which task queue runs a batch, and handing a batch to it.

- ``celery``: a broker is configured (``CELERY_BROKER_URL`` or ``REDIS_URL``): the items go to the broker
  in tasks of up to :data:`CHUNK` items (at least eight tasks a batch, so small batches still spread over
  the workers), and ``gongkai worker`` processes (on any machine that reaches the broker and the database)
  take them. Tasks are acknowledged late and rejected when their worker is lost, so a killed worker's
  items are delivered again; :func:`~gongkai_web.supervision.services.processing.process_items` makes that
  harmless (the items it finished are skipped).
- ``embedded``: no broker. The database is the queue (items in status ``queued``); a background thread of
  the web process drains it, so the upload returns at once and ``gongkai serve`` needs nothing else. Any
  ``gongkai worker`` started without a broker drains the same table too.
"""

from __future__ import annotations

import gc
import math

from django.conf import settings

from gongkai_web.supervision.models import Batch, ItemStatus

#: The most items one task carries: a worker files what it read together (``processing.FLUSH_SECONDS``),
#: and the broker's and the task's own cost is paid once per task.
CHUNK = 20


def backend() -> str:
    return "celery" if settings.CELERY_BROKER_URL else "embedded"


def dispatch(batch: Batch) -> None:
    """Hand the batch's queued items to its queue (call after the items are committed)."""
    if batch.queue == "celery":
        from gongkai_web.config.celery import app

        ids = list(batch.items.filter(status=ItemStatus.QUEUED).order_by("pk").values_list("pk", flat=True))
        size = max(1, min(CHUNK, math.ceil(len(ids) / 8)))
        for start in range(0, len(ids), size):
            app.send_task("supervision.process_items", args=[ids[start : start + size]])
    else:
        from gongkai_web.supervision import embedded

        embedded.wake()


def resume() -> None:
    """After a restart: wake the embedded worker if items of embedded batches are still waiting."""
    from gongkai_web.supervision import embedded

    if embedded.next_items(1):
        embedded.wake()


def freeze_loaded() -> None:
    """Take every object alive now — the modules, Django's apps, the catalog: what a worker loaded to start —
    out of the garbage collector's sight (:func:`gc.freeze`). A full collection would otherwise walk them all
    again, half a million objects and a quarter of a second each time, while the readers make and drop
    millions. Called once a worker is ready: a Celery worker and its pool processes, the embedded thread,
    ``gongkai worker`` without a broker."""
    gc.freeze()
