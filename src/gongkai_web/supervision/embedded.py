"""The embedded worker: a daemon thread of the web process that drains the queued items of embedded
batches from the database, one at a time, oldest first. Started on the first batch (and by
``gongkai serve`` when queued items are left from before a restart); ``GONGKAI_EMBEDDED_WORKER = False``
turns it off (tests that drain the queue themselves)."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from gongkai_web.supervision.models import BatchItem, ItemStatus
from gongkai_web.supervision.queue import CHUNK, freeze_loaded
from gongkai_web.supervision.services.processing import process_items, worker_name

log = logging.getLogger(__name__)

_lock = threading.Lock()
_wake = threading.Event()
_stop = threading.Event()
_thread: threading.Thread | None = None
_frozen = False
IDLE_POLL_SECONDS = 5.0


def next_items(count: int = CHUNK) -> list[int]:
    """The oldest queued items of embedded batches (or ones left half-done by a stopped worker)."""
    return list(
        BatchItem.objects.filter(
            batch__queue="embedded", status__in=[ItemStatus.QUEUED, ItemStatus.PROCESSING]
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )


def drain(limit: int | None = None) -> int:
    """Process queued items in this thread until none is left (or ``limit``); return how many."""
    done = 0
    name = f"embedded@{worker_name()}"
    while (limit is None or done < limit) and not _stop.is_set():
        ids = next_items(CHUNK if limit is None else min(CHUNK, limit - done))
        if not ids:
            break
        process_items(ids, name)
        done += len(ids)
    return done


def _run() -> None:
    global _frozen
    if not _frozen:  # once a process: what the web process loaded to start
        freeze_loaded()
        _frozen = True
    while settings.GONGKAI_EMBEDDED_WORKER and not _stop.is_set():
        try:
            close_old_connections()
            drain()
        except Exception:  # keep the thread alive: the next wake retries
            log.exception("embedded worker")
        finally:
            connection.close()
        _wake.wait(IDLE_POLL_SECONDS)
        _wake.clear()


def wake() -> None:
    """Start the thread if needed, and tell it there is work."""
    global _thread
    if not settings.GONGKAI_EMBEDDED_WORKER:
        return
    with _lock:
        if _thread is None or not _thread.is_alive():
            _stop.clear()
            _thread = threading.Thread(target=_run, name="gongkai-embedded-worker", daemon=True)
            _thread.start()
    _wake.set()


def stop(timeout: float = 30.0) -> None:
    """Stop the thread after the item it is on (tests; a server simply exits)."""
    global _thread
    with _lock:
        thread, _thread = _thread, None
    if thread is not None:
        _stop.set()
        _wake.set()
        thread.join(timeout)
        _stop.clear()
