"""Statutory working-day arithmetic on the PRC holiday + make-up working day (调休) calendar.

A :class:`WorkdayCalendar` is built once from the yearly State Council notices (see
:mod:`gongkai.clock.calendar`) and is immutable. It precomputes the sorted ordinals of all working days
from 2000 to 2099, so that every operation is a couple of :func:`bisect.bisect_right` calls, never a
per-day loop:

- the *n*-th working day after a date: ``days[bisect_right(days, d) + n - 1]``;
- working days in ``(a, b]``: ``bisect_right(days, b) - bisect_right(days, a)``.

Counting convention (the one the Regulation's "自收到申请之日起20个工作日内" is read with): the day of
the event is day 0 and does not count; the first working day *after* it is day 1.

A year whose notice is not loaded is *provisional*: weekends and the solar-date statutory holidays only
(元旦 1/1, 劳动节 5/1–5/2, 国庆节 10/1–10/3; see :data:`~gongkai.clock.calendar.PROVISIONAL_FIXED_HOLIDAYS`).
Loading the notice (a new calendar) recomputes everything.
"""

from __future__ import annotations

import datetime as dt
import enum
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gongkai.clock.calendar import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    PROVISIONAL_FIXED_HOLIDAYS,
    CalendarYear,
    iter_packaged_calendar_years,
    load_calendar_dir,
    user_calendar_dir,
)
from gongkai.errors import InputError

__all__ = [
    "CalendarRangeError",
    "DayInfo",
    "DayKind",
    "WorkdayCalendar",
    "default_calendar",
    "format_day",
    "reset_default_calendar",
]

WEEKDAY_NAMES_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def format_day(day: dt.date) -> str:
    """A date with its weekday, as every explanation prints it: ``2024-10-08（星期二）``."""
    return f"{day.isoformat()}（{WEEKDAY_NAMES_ZH[day.weekday()]}）"


class CalendarRangeError(InputError):
    """A date outside the years the calendar can compute (2000–2099)."""

    code = "calendar-range"
    message = "日期超出工作日历的范围"

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"{day.isoformat()}（支持{FIRST_SUPPORTED_YEAR}–{LAST_SUPPORTED_YEAR}年）")


class DayKind(enum.StrEnum):
    WORKDAY = "workday"  # Monday–Friday, no holiday
    WEEKEND = "weekend"  # Saturday or Sunday, no make-up
    HOLIDAY = "holiday"  # 放假 (from a notice, or a provisional statutory date)
    MAKE_UP = "make_up"  # 调休上班日: a Saturday or Sunday that is worked


@dataclass(frozen=True, slots=True)
class DayInfo:
    date: dt.date
    kind: DayKind
    name: str | None  # the holiday's name for HOLIDAY and MAKE_UP days
    provisional: bool  # the year's notice is not loaded

    @property
    def working(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKE_UP)

    @property
    def weekday_zh(self) -> str:
        return WEEKDAY_NAMES_ZH[self.date.weekday()]


class WorkdayCalendar:
    """Immutable working-day calendar. Build with :meth:`from_years` or use :func:`default_calendar`."""

    __slots__ = ("_days", "_first", "_holidays", "_last", "_loaded", "_make_up", "_years")

    def __init__(self, years: Iterable[CalendarYear]) -> None:
        self._years: dict[int, CalendarYear] = {}
        for item in years:
            self._years[item.year] = item  # later wins: an imported file replaces a packaged one
        self._loaded = frozenset(self._years)
        self._first = dt.date(FIRST_SUPPORTED_YEAR, 1, 1).toordinal()
        self._last = dt.date(LAST_SUPPORTED_YEAR, 12, 31).toordinal()
        holidays: dict[int, str] = {}
        make_up: dict[int, str] = {}
        for year in range(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR + 1):
            if year not in self._loaded:
                for month, day, name in PROVISIONAL_FIXED_HOLIDAYS:
                    holidays[dt.date(year, month, day).toordinal()] = name
        # Explicit entries of the notices win over the provisional rule, also for the few days a notice
        # sets in the neighbouring year (e.g. 2018-12-29 worked under the 2019 notice).
        for item in self._years.values():
            for holiday_day, name in item.holiday_dates():
                holidays[holiday_day.toordinal()] = name
                make_up.pop(holiday_day.toordinal(), None)
            for entry in item.make_up_working_days:
                make_up[entry.date.toordinal()] = entry.holiday
                holidays.pop(entry.date.toordinal(), None)
        self._holidays = holidays
        self._make_up = make_up
        first = self._first
        # 2000-01-01 is a Saturday: weekday() of ordinal o is (o + 6) % 7 with Monday = 0.
        self._days: list[int] = [
            o for o in range(first, self._last + 1) if o in make_up or ((o + 6) % 7 < 5 and o not in holidays)
        ]

    # -- construction -------------------------------------------------------------------------------------

    @classmethod
    def from_years(cls, years: Iterable[CalendarYear]) -> WorkdayCalendar:
        return cls(years)

    def with_year(self, year: CalendarYear) -> WorkdayCalendar:
        """A new calendar with one year added or replaced (the provisional days of that year become final)."""
        return WorkdayCalendar([*self._years.values(), year])

    # -- data ------------------------------------------------------------------------------------------------

    @property
    def loaded_years(self) -> frozenset[int]:
        return self._loaded

    def year(self, year: int) -> CalendarYear | None:
        return self._years.get(year)

    def is_provisional(self, day: dt.date) -> bool:
        return day.year not in self._loaded

    def provisional_years(self, start: dt.date, end: dt.date) -> tuple[int, ...]:
        """The years between two dates (inclusive) whose notice is not loaded."""
        return tuple(y for y in range(start.year, end.year + 1) if y not in self._loaded)

    def day_info(self, day: dt.date) -> DayInfo:
        o = self._check(day)
        provisional = day.year not in self._loaded
        if o in self._make_up:
            return DayInfo(day, DayKind.MAKE_UP, self._make_up[o], provisional)
        if o in self._holidays:
            return DayInfo(day, DayKind.HOLIDAY, self._holidays[o], provisional)
        kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY
        return DayInfo(day, kind, None, provisional)

    # -- arithmetic ----------------------------------------------------------------------------------------

    def _check(self, day: dt.date) -> int:
        o = day.toordinal()
        if not self._first <= o <= self._last:
            raise CalendarRangeError(day)
        return o

    @property
    def ordinals(self) -> list[int]:
        """Sorted ordinals of all working days (do not mutate): for hot loops that bisect directly."""
        return self._days

    def is_workday(self, day: dt.date) -> bool:
        o = self._check(day)
        i = bisect_right(self._days, o)
        return i > 0 and self._days[i - 1] == o

    def index_after(self, day: dt.date) -> int:
        """Index in :attr:`ordinals` of the first working day strictly after ``day``."""
        return bisect_right(self._days, self._check(day))

    def date_at(self, index: int) -> dt.date:
        if not 0 <= index < len(self._days):
            raise CalendarRangeError(dt.date(LAST_SUPPORTED_YEAR, 12, 31))
        return dt.date.fromordinal(self._days[index])

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``n`` ≥ 1); ``n`` = 0 returns ``day`` itself."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return day
        return self.date_at(bisect_right(self._days, self._check(day)) + n - 1)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]`` (negative if ``end`` < ``start``)."""
        a = bisect_right(self._days, self._check(start))
        b = bisect_right(self._days, self._check(end))
        return b - a

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next one."""
        return self.add_workdays(day - dt.timedelta(days=1), 1)


def _build_default(extra_dirs: tuple[str, ...]) -> WorkdayCalendar:
    years = iter_packaged_calendar_years()
    for folder in (str(user_calendar_dir()), *extra_dirs):
        years.extend(load_calendar_dir(Path(folder)))
    return WorkdayCalendar(years)


@lru_cache(maxsize=8)
def _cached_default(extra_dirs: tuple[str, ...], user_dir: str) -> WorkdayCalendar:
    return _build_default(extra_dirs)


def default_calendar(*extra_dirs: str) -> WorkdayCalendar:
    """The packaged years (2019–2026), plus the years imported into :func:`user_calendar_dir`, plus any
    ``extra_dirs``; a later source replaces an earlier one for the same year. Cached."""
    return _cached_default(tuple(extra_dirs), str(user_calendar_dir()))


def reset_default_calendar() -> None:
    """Forget the cached default calendar (after importing a year)."""
    _cached_default.cache_clear()
