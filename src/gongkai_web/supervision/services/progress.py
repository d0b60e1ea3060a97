"""The figures of a batch's live progress: done / failed / total, rate and time left."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Count, Max, Min
from django.utils import timezone

from gongkai_web.supervision.models import DONE, FAILED, Batch, ItemStatus


def batch_progress(batch: Batch) -> dict[str, Any]:
    by_status = dict(batch.items.values_list("status").annotate(n=Count("id")).order_by())
    total = sum(by_status.values())
    done = sum(n for s, n in by_status.items() if s in DONE)
    failed = sum(n for s, n in by_status.items() if s in FAILED)
    times = batch.items.filter(finished_at__isnull=False).aggregate(
        first=Min("started_at"), last=Max("finished_at")
    )
    processed = batch.items.filter(finished_at__isnull=False).count()
    rate = None
    if processed and times["first"] is not None:
        end = times["last"] if done == total else timezone.now()
        elapsed = max((end - times["first"]).total_seconds(), 1e-3)
        rate = processed / elapsed
    left = total - done
    return {
        "total": total,
        "done": done,
        "failed": failed,
        "waiting": by_status.get(ItemStatus.NEEDS_ASSIGNMENT, 0),
        "queued": by_status.get(ItemStatus.QUEUED, 0) + by_status.get(ItemStatus.PROCESSING, 0),
        "by_status": {s: by_status.get(s, 0) for s in ItemStatus.values},
        "rate": round(rate, 2) if rate else None,
        "seconds_left": math.ceil(left / rate) if rate and left else (0 if not left else None),
        "finished": left == 0,
    }
