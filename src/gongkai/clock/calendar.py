"""Holiday calendar data: one YAML file per year, taken from the State Council's yearly notice.

Each file names the notice (国务院办公厅关于XXXX年部分节假日安排的通知, 国办发明电〔YYYY〕N号)
and its date, lists the holidays (放假) by name and the make-up working days (调休上班日). Loading a newly
announced year is a data change: drop a file into a calendar directory (or run
``gongkai calendar import FILE``), no code changes.

This module only reads and validates the data. Working-day arithmetic lives in :mod:`gongkai.clock.workdays`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gongkai.errors import InputError

__all__ = [
    "FIRST_SUPPORTED_YEAR",
    "LAST_SUPPORTED_YEAR",
    "PROVISIONAL_FIXED_HOLIDAYS",
    "CalendarDataError",
    "CalendarYear",
    "Holiday",
    "MakeUpWorkingDay",
    "Notice",
    "iter_packaged_calendar_years",
    "load_calendar_dir",
    "load_calendar_year",
    "parse_calendar_year",
    "user_calendar_dir",
]

FIRST_SUPPORTED_YEAR = 2000
LAST_SUPPORTED_YEAR = 2099

# Statutory fixed-date (solar calendar) holidays under 《全国年节及纪念日放假办法》 (as revised 2024):
# used for a year whose State Council notice is not loaded. The lunar holidays (春节, 清明, 端午, 中秋)
# are NOT included:
# computing lunar dates would need a new dependency. Provisional due dates are therefore possibly too early
# around those festivals, and are always marked provisional.
PROVISIONAL_FIXED_HOLIDAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
)

_NOTICE_NUMBER = re.compile(r"^国(?:办)?发明电〔\d{4}〕\d+号$")
_WEEKDAYS_ZH = "一二三四五六日"


class CalendarDataError(InputError):
    """A calendar file is unreadable or inconsistent; ``detail`` says what, in Chinese."""

    code = "calendar-data"
    message = "工作日历文件有误"
    hint = "格式见 docs/clock.md「日历数据格式」"

    def __init__(self, detail: str, *, source: str = "") -> None:
        super().__init__(detail, file=source or None)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Notice(_Frozen):
    """The State Council notice a year's arrangement comes from (or a later notice amending it)."""

    number: str = Field(description="文号, e.g. 国办发明电〔2023〕7号")
    date: dt.date = Field(description="成文日期 of the notice")
    title: str = ""
    url: str = ""
    summary: str = Field(default="", description="for an amendment: what it changed")

    @model_validator(mode="after")
    def _check_number(self) -> Notice:
        if not _NOTICE_NUMBER.match(self.number):
            raise ValueError(f"通知文号格式不对：{self.number}（应如 国办发明电〔2023〕7号）")
        return self


class Holiday(_Frozen):
    """One holiday span (放假调休), both ends inclusive."""

    name: str
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _check_span(self) -> Holiday:
        if self.end < self.start:
            raise ValueError(f"{self.name}：结束日期 {self.end} 早于开始日期 {self.start}")
        if (self.end - self.start).days > 14:
            raise ValueError(f"{self.name}：放假跨度超过15天，请检查日期")
        return self

    def dates(self) -> Iterator[dt.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


class MakeUpWorkingDay(_Frozen):
    """A Saturday or Sunday that is a working day (调休上班日)."""

    date: dt.date
    holiday: str = Field(description="the holiday this make-up day belongs to")


class CalendarYear(_Frozen):
    """The arrangement for one year, as announced by the State Council."""

    year: int = Field(ge=FIRST_SUPPORTED_YEAR, le=LAST_SUPPORTED_YEAR)
    notice: Notice
    amendments: tuple[Notice, ...] = ()
    holidays: tuple[Holiday, ...]
    make_up_working_days: tuple[MakeUpWorkingDay, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _check_consistency(self) -> CalendarYear:
        lo = dt.date(self.year - 1, 12, 20)
        hi = dt.date(self.year + 1, 1, 10)
        seen: dict[dt.date, str] = {}
        for holiday in self.holidays:
            for day in holiday.dates():
                if not lo <= day <= hi:
                    raise ValueError(f"{holiday.name}：日期 {day} 不在 {self.year} 年度范围内")
                if day in seen:
                    raise ValueError(f"{day} 同时列在 {seen[day]} 和 {holiday.name} 中")
                seen[day] = holiday.name
        make_up: set[dt.date] = set()
        for item in self.make_up_working_days:
            day = item.date
            if not lo <= day <= hi:
                raise ValueError(f"调休上班日 {day} 不在 {self.year} 年度范围内")
            if day.weekday() < 5:
                raise ValueError(f"调休上班日 {day}（星期{_WEEKDAYS_ZH[day.weekday()]}）必须是星期六或星期日")
            if day in seen:
                raise ValueError(f"调休上班日 {day} 同时列为 {seen[day]} 假日")
            if day in make_up:
                raise ValueError(f"调休上班日 {day} 重复")
            make_up.add(day)
        if not any(h.start.year == self.year or h.end.year == self.year for h in self.holidays):
            raise ValueError(f"{self.year} 年度没有列出任何假日")
        return self

    def holiday_dates(self) -> Iterator[tuple[dt.date, str]]:
        for holiday in self.holidays:
            for day in holiday.dates():
                yield day, holiday.name

    @property
    def sources(self) -> str:
        """The notice and its amendments, for display: "国办发明电〔2023〕7号（2023-10-25）"."""
        parts = [f"{n.number}（{n.date.isoformat()}）" for n in (self.notice, *self.amendments)]
        return "、".join(parts)


def _format_validation_error(error: ValidationError) -> str:
    first = error.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    msg = str(first["msg"]).removeprefix("Value error, ")
    return f"{loc}：{msg}" if loc else msg


def parse_calendar_year(data: Any, *, source: str = "") -> CalendarYear:
    """Validate already-parsed YAML/JSON data as one calendar year."""
    if not isinstance(data, dict):
        raise CalendarDataError("日历文件内容应为一个映射（year、notice、holidays …）", source=source)
    try:
        return CalendarYear.model_validate(data)
    except ValidationError as error:
        raise CalendarDataError(_format_validation_error(error), source=source) from None


def load_calendar_year(path: str | os.PathLike[str]) -> CalendarYear:
    """Read and validate one year file (YAML)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise CalendarDataError(f"无法读取文件（{error.strerror or error}）", source=str(file)) from None
    except UnicodeDecodeError:
        raise CalendarDataError("文件不是 UTF-8 编码", source=str(file)) from None
    return _parse_text(text, str(file))


def _parse_text(text: str, source: str) -> CalendarYear:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CalendarDataError(f"YAML 格式错误：{error}", source=source) from None
    return parse_calendar_year(data, source=source)


def load_calendar_dir(directory: str | os.PathLike[str]) -> list[CalendarYear]:
    """Read every ``*.yaml`` / ``*.yml`` file of a directory (a missing directory holds no years)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    return _unique_years(load_calendar_year(f) for f in files)


def iter_packaged_calendar_years() -> list[CalendarYear]:
    """The years shipped with gongkai (``gongkai/clock/calendars/*.yaml``)."""
    root = resources.files("gongkai.clock") / "calendars"
    years = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            years.append(
                _parse_text(entry.read_text(encoding="utf-8"), f"gongkai/clock/calendars/{entry.name}")
            )
    return _unique_years(years)


def _unique_years(years: Iterable[CalendarYear]) -> list[CalendarYear]:
    by_year: dict[int, CalendarYear] = {}
    for item in years:
        if item.year in by_year:
            raise CalendarDataError(f"{item.year} 年度的日历重复出现")
        by_year[item.year] = item
    return [by_year[y] for y in sorted(by_year)]


def user_calendar_dir() -> Path:
    """Where ``gongkai calendar import`` stores newly announced years.

    ``$GONGKAI_CALENDAR_DIR`` if set, else ``$XDG_DATA_HOME/gongkai/calendars`` (default
    ``~/.local/share/gongkai/calendars``).
    """
    explicit = os.environ.get("GONGKAI_CALENDAR_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gongkai" / "calendars"
