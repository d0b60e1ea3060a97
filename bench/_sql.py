"""The baseline of the web benchmarks: the same rows fetched with raw SQL through Django's connection (no ORM,
no template, no view), timed in the same process on the same database, so that a benchmark prints its figure
as a ratio to what the database itself needs, not only as milliseconds that depend on the machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any


def time_sql(statements: Sequence[tuple[str, Sequence[Any]]], repeats: int) -> float:
    """Median milliseconds to run ``statements`` (each ``(sql, params)``) and fetch all their rows."""
    from django.db import connection

    times = []
    for _ in range(repeats + 1):  # the first run warms the caches, as the page's warm-up request does
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times[1:])
