"""Derive the clock of one application from its events: segments, due date, working days used and left.

Pure and fast: a due date costs a few :func:`bisect.bisect_right` calls on the calendar's precomputed array of
working-day ordinals (see :mod:`gongkai.clock.workdays`), however long the clock runs.

Rules (Regulation 国务院令第711号 and 国办函〔2020〕109号):

- day 0 is the date of receipt under Art. 31; the reply is due on the 20th working day after it (Art. 33);
- Art. 30 补正: the notice is due within 7 working days of receipt; the clock **restarts** (day 0) on receipt
  of the corrected application; no correction by the end of the period given → closed
  (表三 （六）1 / 2019 其他);
- Art. 33: one extension of at most 20 working days, approval recorded; a second extension is an error;
- Arts. 32/34: the working days of a consultation, ``(sent, answered]``, are not counted (Art. 33 ¶2);
- 109号: payment due on the 20th working day from the day after the fee notice is received; the
  notice → payment time is not counted if :attr:`ClockConfig.fee_notice_pauses` (unverified);
  unpaid → 表三 （六）2;
- Art. 35: a reasoned later deadline set by the agency replaces the statutory one.

Events dated after ``as_of`` have not happened yet as of that day and are ignored; a pause still open on
``as_of`` runs through ``as_of`` (the due date moves later every working day it stays open).
"""

from __future__ import annotations

import datetime as dt
import enum
from bisect import bisect_right
from dataclasses import dataclass

from gongkai.clock.events import (
    DEFAULT_CONFIG,
    Application,
    ClockConfig,
    ConsultationParty,
    CorrectionReceived,
    CorrectionRequested,
    Extension,
    FeeNotice,
    FeePaid,
    GroupedEvents,
    LaterDeadline,
    group_events,
)
from gongkai.clock.workdays import WorkdayCalendar, default_calendar
from gongkai.layout import counted_in

__all__ = ["Clock", "ClockStatus", "Pause", "PauseKind", "Segment", "derive_clock", "due_date"]


class ClockStatus(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    AWAITING_CORRECTION = "awaiting_correction"
    ANSWERED = "answered"
    CLOSED_NO_CORRECTION = "closed_no_correction"
    CLOSED_UNPAID_FEE = "closed_unpaid_fee"


class PauseKind(enum.StrEnum):
    THIRD_PARTY = "third-party"
    AGENCY = "agency"
    FEE = "fee"

    @property
    def label_zh(self) -> str:
        return _PAUSE_LABELS[self]


_PAUSE_LABELS = {
    PauseKind.THIRD_PARTY: "征求第三方意见期间",
    PauseKind.AGENCY: "征求其他机关意见期间",
    PauseKind.FEE: "收费通知至缴费期间",
}


@dataclass(frozen=True, slots=True)
class Pause:
    """Working days in ``(start, end]`` are not counted. ``open``: not yet ended as of ``as_of``."""

    kind: PauseKind
    start: dt.date
    end: dt.date
    open: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the clock after day 0: ``(start, end]`` either counting or paused."""

    counting: bool
    start: dt.date
    end: dt.date
    workdays: int


@dataclass(frozen=True, slots=True)
class _Core:
    events: GroupedEvents
    start: dt.date
    budget: int
    pauses: tuple[Pause, ...]
    intervals: tuple[tuple[int, int], ...]  # merged paused index ranges [a, b) into calendar.ordinals
    pos: int  # index of day 1
    statutory_due: dt.date | None
    due: dt.date | None
    status: ClockStatus
    fee_payment_due: dt.date | None


def _core(app: Application, cal: WorkdayCalendar, config: ClockConfig, as_of: dt.date | None) -> _Core:
    ev = group_events(app, as_of, config)
    days = cal.ordinals
    status = ClockStatus.RUNNING
    start = app.received
    if ev.correction is not None:
        if ev.corrected is not None:
            start = ev.corrected.date
        else:
            period_end = ev.correction.period_end
            lapsed = as_of is not None and period_end is not None and as_of > period_end
            status = ClockStatus.CLOSED_NO_CORRECTION if lapsed else ClockStatus.AWAITING_CORRECTION
    budget = config.reply_days + (ev.extension.days if ev.extension is not None else 0)

    pauses: list[Pause] = []
    for c in ev.consultations:
        kind = PauseKind.THIRD_PARTY if c.party is ConsultationParty.THIRD_PARTY else PauseKind.AGENCY
        if c.end is not None:
            pauses.append(Pause(kind, c.date, c.end, False))
        else:
            pauses.append(Pause(kind, c.date, as_of if as_of is not None else c.date, True))
    fee_due = None
    if ev.fee_notice is not None:
        fee_due = cal.add_workdays(ev.fee_notice.date, config.fee_payment_days)
        if ev.fee_paid is not None:
            fee_pause = Pause(PauseKind.FEE, ev.fee_notice.date, ev.fee_paid.date, False)
        elif as_of is not None and as_of > fee_due:
            fee_pause = Pause(PauseKind.FEE, ev.fee_notice.date, fee_due, False)
            if status is ClockStatus.RUNNING:
                status = ClockStatus.CLOSED_UNPAID_FEE
        else:
            fee_pause = Pause(PauseKind.FEE, ev.fee_notice.date, as_of or ev.fee_notice.date, True)
        if config.fee_notice_pauses:
            pauses.append(fee_pause)

    # Clip the pauses to the (re)started clock and merge them in index space.
    start_ord = start.toordinal()
    pos = bisect_right(days, start_ord)
    kept: list[Pause] = []
    spans: list[tuple[int, int]] = []
    for p in pauses:
        if p.end <= start:
            continue
        if p.start < start:
            p = Pause(p.kind, start, p.end, p.open)
        kept.append(p)
        a = bisect_right(days, p.start.toordinal())
        b = bisect_right(days, p.end.toordinal())
        if b > a:
            spans.append((a, b))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))

    statutory_due: dt.date | None = None
    if status is not ClockStatus.AWAITING_CORRECTION and status is not ClockStatus.CLOSED_NO_CORRECTION:
        target = pos + budget - 1
        for a, b in merged:
            if a > target:
                break
            target += b - a
        statutory_due = cal.date_at(target)
    due = ev.later.due if ev.later is not None and statutory_due is not None else statutory_due

    if ev.answered is not None:
        status = ClockStatus.ANSWERED
    elif status is ClockStatus.RUNNING and any(p.open for p in kept):
        status = ClockStatus.PAUSED
    return _Core(ev, start, budget, tuple(kept), tuple(merged), pos, statutory_due, due, status, fee_due)


def due_date(
    app: Application,
    calendar: WorkdayCalendar | None = None,
    config: ClockConfig = DEFAULT_CONFIG,
    as_of: dt.date | None = None,
) -> tuple[dt.date | None, bool]:
    """The hot path: ``(due, provisional)`` only. ``due`` is ``None`` while waiting for a correction."""
    cal = calendar if calendar is not None else default_calendar()
    core = _core(app, cal, config, as_of)
    if core.due is None:
        return None, False
    loaded = cal.loaded_years
    provisional = any(y not in loaded for y in range(core.start.year, core.due.year + 1))
    return core.due, provisional


def _counted(lo: int, hi: int, intervals: tuple[tuple[int, int], ...]) -> int:
    """Counting working days with index in [lo, hi)."""
    if hi <= lo:
        return 0
    n = hi - lo
    for a, b in intervals:
        overlap = min(b, hi) - max(a, lo)
        if overlap > 0:
            n -= overlap
    return n


@dataclass(frozen=True, slots=True)
class Clock:
    """Everything derived from one application's events (as of ``as_of``, if given)."""

    application: Application
    config: ClockConfig
    as_of: dt.date | None
    start: dt.date  # day 0: receipt, or receipt of the corrected application
    restarted: bool
    budget: int  # 20, plus the extension
    pauses: tuple[Pause, ...]
    segments: tuple[Segment, ...]
    statutory_due: dt.date | None
    due: dt.date | None  # None while waiting for a correction
    provisional: bool
    provisional_years: tuple[int, ...]
    status: ClockStatus
    correction: CorrectionRequested | None
    correction_notice_due: dt.date
    corrected: CorrectionReceived | None
    extension: Extension | None
    fee_notice: FeeNotice | None
    fee_paid: FeePaid | None
    fee_payment_due: dt.date | None
    later_deadline: LaterDeadline | None
    answered: dt.date | None
    used: int | None  # counted working days as of as_of (or as of the answer)
    left: int | None  # counted working days from then to the due date; negative when overdue
    overdue: bool | None
    answered_in_time: bool | None
    warnings: tuple[str, ...]

    @property
    def paused(self) -> bool:
        return self.status is ClockStatus.PAUSED

    def outcome_key(self, template: str = "2021") -> str | None:
        """The 表三 outcome key for a clock closed without an answer (``None`` otherwise)."""
        if self.status is ClockStatus.CLOSED_NO_CORRECTION:
            return counted_in("other_no_correction", template)
        if self.status is ClockStatus.CLOSED_UNPAID_FEE:
            return counted_in("other_unpaid_fee", template)
        return None


def derive_clock(
    app: Application,
    calendar: WorkdayCalendar | None = None,
    config: ClockConfig = DEFAULT_CONFIG,
    as_of: dt.date | None = None,
) -> Clock:
    """Derive the full clock of an application. Raises :class:`ClockInputError` on contradictory events."""
    cal = calendar if calendar is not None else default_calendar()
    core = _core(app, cal, config, as_of)
    ev = core.events
    days = cal.ordinals
    warnings: list[str] = []
    notice_due = cal.add_workdays(app.received, config.correction_notice_days)
    if ev.correction is not None and ev.correction.date > notice_due:
        warnings.append(
            f"补正告知日 {ev.correction.date.isoformat()} 晚于收到申请后"
            f"第{config.correction_notice_days}个工作日（{notice_due.isoformat()}），不符合第三十条"
        )
    period_end = ev.correction.period_end if ev.correction is not None else None
    if ev.corrected is not None and period_end is not None and ev.corrected.date > period_end:
        warnings.append("补正申请晚于告知的补正期限收到")

    provisional_years: tuple[int, ...] = ()
    segments: list[Segment] = []
    used = left = None
    overdue = answered_in_time = None
    due = core.due
    if due is not None and core.statutory_due is not None:
        provisional_years = cal.provisional_years(core.start, max(due, core.statutory_due))
        if ev.extension is not None and ev.extension.date > _due_without_extension(core, cal):
            warnings.append("延长决定晚于原答复期限作出")
        if ev.fee_notice is not None and ev.fee_notice.date > core.statutory_due:
            warnings.append("收费通知应在答复期限内发出（109号）")
        if ev.later is not None and ev.later.date > core.statutory_due:
            warnings.append("第三十五条延迟答复决定晚于法定答复期限作出")
        for p in core.pauses:
            if (
                p.kind is not PauseKind.FEE
                and cal.workdays_between(p.start, p.end) > config.consultation_days
            ):
                warnings.append(
                    f"{p.kind.label_zh}超过{config.consultation_days}个工作日（第三十二条、第三十四条），请核实"
                )
        segments = _segments(core, cal, max(due, core.statutory_due))
        due_idx = bisect_right(days, due.toordinal())
        point = as_of
        if ev.answered is not None and (point is None or ev.answered.date < point):
            point = ev.answered.date
        if point is not None:
            idx = bisect_right(days, max(point, core.start).toordinal())
            used = _counted(core.pos, idx, core.intervals)
            left = _counted(idx, due_idx, core.intervals) if idx <= due_idx else -_counted(due_idx, idx, ())
            overdue = ev.answered is None and point > due and core.status is not ClockStatus.CLOSED_UNPAID_FEE
        if ev.answered is not None:
            answered_in_time = ev.answered.date <= due
    return Clock(
        application=app,
        config=config,
        as_of=as_of,
        start=core.start,
        restarted=ev.corrected is not None,
        budget=core.budget,
        pauses=core.pauses,
        segments=tuple(segments),
        statutory_due=core.statutory_due,
        due=due,
        provisional=bool(provisional_years),
        provisional_years=provisional_years,
        status=core.status,
        correction=ev.correction,
        correction_notice_due=notice_due,
        corrected=ev.corrected,
        extension=ev.extension,
        fee_notice=ev.fee_notice,
        fee_paid=ev.fee_paid,
        fee_payment_due=core.fee_payment_due,
        later_deadline=ev.later,
        answered=ev.answered.date if ev.answered is not None else None,
        used=used,
        left=left,
        overdue=overdue,
        answered_in_time=answered_in_time,
        warnings=tuple(warnings),
    )


def _due_without_extension(core: _Core, cal: WorkdayCalendar) -> dt.date:
    target = core.pos + core.budget - (core.events.extension.days if core.events.extension else 0) - 1
    for a, b in core.intervals:
        if a > target:
            break
        target += b - a
    return cal.date_at(target)


def _segments(core: _Core, cal: WorkdayCalendar, until: dt.date) -> list[Segment]:
    """Alternating counting / paused stretches from day 0 to ``until``."""
    days = cal.ordinals
    out: list[Segment] = []
    cursor = core.start
    end_idx = bisect_right(days, until.toordinal())
    for a, b in core.intervals:
        if a >= end_idx:
            break
        pause_from = dt.date.fromordinal(days[a] - 1) if a > 0 else cursor
        pause_from = max(pause_from, cursor)
        pause_to = dt.date.fromordinal(days[b - 1])
        if pause_from > cursor:
            out.append(Segment(True, cursor, pause_from, cal.workdays_between(cursor, pause_from)))
        out.append(Segment(False, pause_from, pause_to, b - a))
        cursor = pause_to
    if until > cursor:
        out.append(
            Segment(True, cursor, until, _counted(bisect_right(days, cursor.toordinal()), end_idx, ()))
        )
    return out
