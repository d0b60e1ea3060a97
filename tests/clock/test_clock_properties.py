"""Hypothesis properties of the clock."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.clock import (
    Application,
    ClockStatus,
    Consultation,
    CorrectionReceived,
    CorrectionRequested,
    Event,
    Extension,
    FeeNotice,
    FeePaid,
    Holiday,
    WorkdayCalendar,
    default_calendar,
    derive_clock,
    due_date,
)
from gongkai.clock.calendar import iter_packaged_calendar_years

CAL = default_calendar()
days = st.dates(dt.date(2019, 1, 1), dt.date(2027, 6, 30))
offsets = st.integers(0, 60)


@st.composite
def applications(draw: st.DrawFn) -> Application:
    received = draw(days)
    events: list[Event] = []

    def later(base: dt.date) -> dt.date:
        return base + dt.timedelta(days=draw(offsets))

    if draw(st.booleans()):
        asked = later(received)
        events += [CorrectionRequested(asked), CorrectionReceived(later(asked))]
    for _ in range(draw(st.integers(0, 2))):
        start = later(received)
        events.append(Consultation(start, later(start)))
    if draw(st.booleans()):
        events.append(Extension(later(received), draw(st.integers(1, 20))))
    if draw(st.booleans()):
        notice = later(received)
        events += [FeeNotice(notice), FeePaid(later(notice))]
    return Application(received, events=tuple(events))


@given(applications())
def test_due_date_is_always_a_working_day(app: Application) -> None:
    due, _ = due_date(app, CAL)
    assert due is not None
    assert CAL.is_workday(due)
    assert due > app.received


@given(days, st.integers(1, 60))
def test_add_workdays_lands_on_working_days_and_counts_back(start: dt.date, n: int) -> None:
    end = CAL.add_workdays(start, n)
    assert CAL.is_workday(end)
    assert CAL.workdays_between(start, end) == n


@given(applications(), st.randoms())
def test_order_of_events_does_not_matter(app: Application, rnd: object) -> None:
    shuffled = list(app.events)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = derive_clock(app, CAL)
    b = derive_clock(Application(app.received, app.basis, tuple(shuffled)), CAL)
    assert (a.due, a.used, a.segments, a.status) == (b.due, b.used, b.segments, b.status)


@given(applications(), days, offsets)
def test_pausing_never_shortens(app: Application, start: dt.date, length: int) -> None:
    start = max(start, app.received)
    before, _ = due_date(app, CAL)
    paused = Application(
        app.received, app.basis, (*app.events, Consultation(start, start + dt.timedelta(length)))
    )
    after, _ = due_date(paused, CAL)
    assert before is not None and after is not None
    assert after >= before


YEARS = iter_packaged_calendar_years()


@settings(max_examples=25, deadline=None)
@given(st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), days)
def test_adding_a_holiday_never_makes_a_due_date_earlier(extra: dt.date, received: dt.date) -> None:
    changed = []
    for item in YEARS:
        free = all(m.date != extra for m in item.make_up_working_days) and all(
            not (h.start <= extra <= h.end) for h in item.holidays
        )
        if item.year == 2024 and free:
            holidays = (*item.holidays, Holiday(name="测试假日", start=extra, end=extra))
            item = item.model_copy(update={"holidays": holidays})
        changed.append(item)
    more = WorkdayCalendar(changed)
    app = Application(received)
    before, _ = due_date(app, CAL)
    after, _ = due_date(app, more)
    assert before is not None and after is not None
    assert after >= before


@given(applications(), st.integers(0, 120))
def test_used_plus_left_is_the_budget_until_due(app: Application, offset: int) -> None:
    clock = derive_clock(app, CAL, as_of=app.received + dt.timedelta(days=offset))
    running = clock.status is ClockStatus.RUNNING and clock.due is not None and clock.as_of is not None
    if running and clock.start <= clock.as_of <= clock.due:  # type: ignore[operator]
        assert clock.used is not None and clock.left is not None
        assert clock.used + clock.left == clock.budget
