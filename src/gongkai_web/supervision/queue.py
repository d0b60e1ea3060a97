"""Which task queue runs a batch, and handing a batch to it.

- ``celery``: a broker is configured (``CELERY_BROKER_URL`` or ``REDIS_URL``): one task per item goes to
  the broker, and ``gongkai worker`` processes (on any machine that reaches the broker and the database)
  take them. Tasks are acknowledged late and rejected when their worker is lost, so a killed worker's item
  is delivered again; :func:`~gongkai_web.supervision.services.processing.process_item` makes that harmless.
- ``embedded``: no broker. The database is the queue (items in status ``queued``); a background thread of
  the web process drains it, so the upload returns at once and ``gongkai serve`` needs nothing else. Any
  ``gongkai worker`` started without a broker drains the same table too.
"""

from __future__ import annotations

from django.conf import settings

from gongkai_web.supervision.models import Batch, ItemStatus


def backend() -> str:
    return "celery" if settings.CELERY_BROKER_URL else "embedded"


def dispatch(batch: Batch) -> None:
    """Hand the batch's queued items to its queue (call after the items are committed)."""
    if batch.queue == "celery":
        from gongkai_web.config.celery import app

        for pk in batch.items.filter(status=ItemStatus.QUEUED).values_list("pk", flat=True):
            app.send_task("supervision.process_item", args=[pk])
    else:
        from gongkai_web.supervision import embedded

        embedded.wake()


def resume() -> None:
    """After a restart: wake the embedded worker if items of embedded batches are still waiting."""
    from gongkai_web.supervision import embedded

    if embedded.next_item() is not None:
        embedded.wake()
