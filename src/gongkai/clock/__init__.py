"""The statutory clock of a 依申请公开 application: calendar data, deadlines, explanations, fees.

Public API (framework-free, pure):

- calendar data: :func:`load_calendar_year`, :func:`load_calendar_dir`, :class:`CalendarYear`;
- working days (:mod:`gongkai.clock.workdays`): :class:`WorkdayCalendar`, :func:`default_calendar`,
  :func:`reset_default_calendar`, :func:`format_day` (a date with its weekday);
- the clock: :class:`Application` and its events (built from a stored kind by :func:`make_event`),
  :func:`derive_clock` → :class:`Clock`, :func:`due_date`
  (hot path), :class:`ClockConfig`;
- the explanation: :func:`explain_clock` → list of :class:`Step` (Chinese ``text``);
- fees: :func:`compute_item_fee`, :func:`compute_page_fee`;
- the annual report's deadline (Art. 49) by kind of agency: :func:`report_deadline`, :class:`AgencyKind`.
"""

from __future__ import annotations

from gongkai.clock.application import Clock, ClockStatus, Pause, PauseKind, Segment, derive_clock, due_date
from gongkai.clock.calendar import (
    CalendarDataError,
    CalendarYear,
    Holiday,
    MakeUpWorkingDay,
    Notice,
    load_calendar_dir,
    load_calendar_year,
    parse_calendar_year,
    user_calendar_dir,
)
from gongkai.clock.events import (
    DEFAULT_CONFIG,
    Answered,
    Application,
    ClockConfig,
    ClockInputError,
    Consultation,
    ConsultationParty,
    CorrectionReceived,
    CorrectionRequested,
    Event,
    EventKind,
    Extension,
    FeeNotice,
    FeePaid,
    LaterDeadline,
    ReceiptBasis,
    make_event,
)
from gongkai.clock.explain import Step, StepKind, explain_clock
from gongkai.clock.fees import FeeBand, FeeMethod, FeeResult, compute_item_fee, compute_page_fee
from gongkai.clock.reporting import DEFAULT_DEADLINES, AgencyKind, report_deadline
from gongkai.clock.workdays import (
    CalendarRangeError,
    DayInfo,
    DayKind,
    WorkdayCalendar,
    default_calendar,
    format_day,
    reset_default_calendar,
)

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_DEADLINES",
    "AgencyKind",
    "Answered",
    "Application",
    "CalendarDataError",
    "CalendarRangeError",
    "CalendarYear",
    "Clock",
    "ClockConfig",
    "ClockInputError",
    "ClockStatus",
    "Consultation",
    "ConsultationParty",
    "CorrectionReceived",
    "CorrectionRequested",
    "DayInfo",
    "DayKind",
    "Event",
    "EventKind",
    "Extension",
    "FeeBand",
    "FeeMethod",
    "FeeNotice",
    "FeePaid",
    "FeeResult",
    "Holiday",
    "LaterDeadline",
    "MakeUpWorkingDay",
    "Notice",
    "Pause",
    "PauseKind",
    "ReceiptBasis",
    "Segment",
    "Step",
    "StepKind",
    "WorkdayCalendar",
    "compute_item_fee",
    "compute_page_fee",
    "default_calendar",
    "derive_clock",
    "due_date",
    "explain_clock",
    "format_day",
    "load_calendar_dir",
    "load_calendar_year",
    "make_event",
    "parse_calendar_year",
    "report_deadline",
    "reset_default_calendar",
    "user_calendar_dir",
]
