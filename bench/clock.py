"""Benchmark: due-date computations per second on one core, against a naive day-by-day loop.

Run: ``uv run python bench/clock.py``. Fixed inputs; prints the rate of :func:`gongkai.clock.due_date` for a
typical application (receipt, one third-party consultation, one extension), the rate of the same computation
done naively (walk the calendar one day at a time, checking each day) measured in the same process, and the
ratio.
"""

from __future__ import annotations

import datetime as dt
import time

from gongkai.clock import (
    Application,
    Consultation,
    Extension,
    WorkdayCalendar,
    default_calendar,
    derive_clock,
    due_date,
)

D = dt.date.fromisoformat
RECEIPTS = [D("2019-01-02") + dt.timedelta(days=11 * i) for i in range(256)]  # spread over 2019–2026


def typical(received: dt.date) -> Application:
    return Application(
        received,
        events=(
            Consultation(received + dt.timedelta(days=5), received + dt.timedelta(days=19)),
            Extension(received + dt.timedelta(days=20), 20, "负责人"),
        ),
    )


APPS = [typical(r) for r in RECEIPTS]


def naive_due(app: Application, cal: WorkdayCalendar) -> dt.date:
    """The baseline: count working days one calendar day at a time."""
    consultation, extension = app.events
    assert isinstance(consultation, Consultation) and isinstance(extension, Extension)
    assert consultation.end is not None
    need = 20 + extension.days
    day = app.received
    while need:
        day += dt.timedelta(days=1)
        if cal.is_workday(day) and not consultation.date < day <= consultation.end:
            need -= 1
    return day


def rate(fn: object, seconds: float = 1.0) -> float:
    call = fn  # type: ignore[assignment]
    n = 0
    start = time.perf_counter()
    while True:
        for app in APPS:
            call(app)  # type: ignore[operator]
        n += len(APPS)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def main() -> None:
    cal = default_calendar()
    for app in APPS:  # both methods agree
        assert due_date(app, cal)[0] == naive_due(app, cal)
    fast = rate(lambda app: due_date(app, cal))
    full = rate(lambda app: derive_clock(app, cal))
    naive = rate(lambda app: naive_due(app, cal), seconds=0.5)
    print(f"due_date:          {fast:12,.0f} due dates/s (one core)")
    print(f"derive_clock:      {full:12,.0f} clocks/s (segments, used/left, warnings)")
    print(f"naive day-by-day:  {naive:12,.0f} due dates/s (baseline, same process)")
    print(f"ratio due_date / naive: {fast / naive:.1f}x")


if __name__ == "__main__":
    main()
