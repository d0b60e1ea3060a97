"""The Celery task of the watch: one run over every watched page (scheduled by Celery beat)."""

from __future__ import annotations

from celery import shared_task

from gongkai_web.watch.services.watching import run_watch


@shared_task(name="watch.run_watch", ignore_result=True)
def run_watch_task() -> int:
    return run_watch().checked
