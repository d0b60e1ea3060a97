"""When the watch runs. With a broker: Celery beat sends ``watch.run_watch`` every
``GONGKAI_WATCH_INTERVAL`` seconds (``gongkai worker --beat``). Without one: a daemon thread of the process
(``gongkai serve``, ``gongkai worker``) runs it on the same interval — the periodic in-process job.
:func:`run_soon` runs it now (the watch page's button) on whichever applies."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from gongkai_web.supervision import queue

log = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None
_stop = threading.Event()


def _once() -> None:
    from gongkai_web.watch.services.watching import run_watch

    try:
        close_old_connections()
        run_watch()
    except Exception:  # keep the schedule alive: the next run retries
        log.exception("watch run")
    finally:
        connection.close()


def _loop(interval: float) -> None:
    while not _stop.wait(interval):
        _once()


def start() -> bool:
    """Start the periodic in-process job (no broker, an interval set); True when it runs."""
    global _thread
    interval = settings.GONGKAI_WATCH_INTERVAL
    if queue.backend() == "celery" or not interval:
        return False
    with _lock:
        if _thread is None or not _thread.is_alive():
            _stop.clear()
            _thread = threading.Thread(
                target=_loop, args=(float(interval),), name="gongkai-watch", daemon=True
            )
            _thread.start()
    return True


def stop() -> None:
    global _thread
    _stop.set()
    with _lock:
        thread, _thread = _thread, None
    if thread is not None:
        thread.join(5)


def run_soon() -> str:
    """Run the watch now, off the request: on the broker, else in a thread. Returns the queue used."""
    if queue.backend() == "celery":
        from gongkai_web.config.celery import app

        app.send_task("watch.run_watch")
        return "celery"
    threading.Thread(target=_once, name="gongkai-watch-now", daemon=True).start()
    return "embedded"
