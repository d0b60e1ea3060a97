"""Celery tasks: a few batch items each, acknowledged only after they ran (``acks_late``) and given back to
the broker when their worker process dies (``reject_on_worker_lost``)."""

from __future__ import annotations

from celery import shared_task

from gongkai_web.supervision.services.processing import process_item, process_items, worker_name


# one item: the tasks a broker may still hold from before items went in chunks
@shared_task(name="supervision.process_item", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_item_task(item_id: int) -> str:
    return process_item(item_id, f"celery@{worker_name()}")


@shared_task(name="supervision.process_items", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_items_task(item_ids: list[int]) -> dict[int, str]:
    return process_items(item_ids, f"celery@{worker_name()}")
