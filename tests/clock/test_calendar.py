"""The calendar data: every day 2019–2026 agrees with chinesecalendar; files validate; provisional years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.clock import (
    CalendarDataError,
    DayKind,
    WorkdayCalendar,
    default_calendar,
    load_calendar_dir,
    load_calendar_year,
)
from gongkai.clock.calendar import iter_packaged_calendar_years, user_calendar_dir

D = dt.date.fromisoformat
PACKAGED = iter_packaged_calendar_years()
CALENDARS = Path(__file__).parents[2] / "src" / "gongkai" / "clock" / "calendars"


def test_packaged_years_are_2019_to_2026() -> None:
    assert [y.year for y in PACKAGED] == list(range(2019, 2027))


@pytest.mark.parametrize(
    ("year", "number", "date"),
    [
        (2019, "国办发明电〔2018〕15号", "2018-12-04"),
        (2020, "国办发明电〔2019〕16号", "2019-11-21"),
        (2021, "国办发明电〔2020〕27号", "2020-11-25"),
        (2022, "国办发明电〔2021〕11号", "2021-10-25"),
        (2023, "国办发明电〔2022〕16号", "2022-12-08"),
        (2024, "国办发明电〔2023〕7号", "2023-10-25"),
        (2025, "国办发明电〔2024〕12号", "2024-11-12"),
        (2026, "国办发明电〔2025〕7号", "2025-11-04"),
    ],
)
def test_each_year_names_its_notice(year: int, number: str, date: str) -> None:
    item = default_calendar().year(year)
    assert item is not None
    assert item.notice.number == number
    assert item.notice.date == D(date)


def test_every_day_2019_to_2026_agrees_with_chinesecalendar() -> None:
    cal = default_calendar()
    day = dt.date(2019, 1, 1)
    disagreements = []
    checked = 0
    while day <= dt.date(2026, 12, 31):
        if cal.is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        checked += 1
        day += dt.timedelta(days=1)
    assert checked == 2922
    assert disagreements == []


def test_holiday_names_and_make_up_days_agree_with_chinesecalendar() -> None:
    cal = default_calendar()
    make_up = {d for d in chinese_calendar.constants.workdays if 2019 <= d.year <= 2026}
    ours = {m.date for y in PACKAGED for m in y.make_up_working_days if 2019 <= m.date.year <= 2026}
    assert ours == make_up
    assert cal.day_info(D("2024-10-12")).kind is DayKind.MAKE_UP
    assert cal.day_info(D("2024-10-01")).name == "国庆节"
    assert cal.day_info(D("2020-02-01")).kind is DayKind.HOLIDAY  # extension, 国办发明电〔2020〕1号
    assert cal.day_info(D("2019-05-03")).name == "劳动节"  # amendment, 国办发明电〔2019〕3号


def test_a_year_without_notice_is_provisional_with_solar_statutory_holidays_only() -> None:
    cal = default_calendar()
    assert cal.is_provisional(D("2027-03-01"))
    assert not cal.is_provisional(D("2026-12-31"))
    info = cal.day_info(D("2027-01-01"))
    assert (info.kind, info.name, info.provisional) == (DayKind.HOLIDAY, "元旦", True)
    # 2027-05-03 and 2027-10-04 are Mondays outside the fixed statutory dates: worked, provisionally.
    assert cal.is_workday(D("2027-05-03"))
    assert not cal.is_workday(D("2027-05-01"))
    assert [cal.is_workday(D(f"2027-10-0{d}")) for d in range(1, 6)] == [False, False, False, True, True]
    assert cal.day_info(D("2027-10-04")).kind is DayKind.WORKDAY


def test_loading_the_notice_recomputes_a_provisional_year() -> None:
    without_2026 = WorkdayCalendar([y for y in PACKAGED if y.year != 2026])
    assert without_2026.is_provisional(D("2026-02-16"))
    assert without_2026.is_workday(D("2026-02-16"))  # 春节 is lunar: unknown in provisional mode
    assert without_2026.add_workdays(D("2026-02-10"), 20) == D("2026-03-10")
    full = without_2026.with_year(load_calendar_year(CALENDARS / "2026.yaml"))
    assert not full.is_provisional(D("2026-02-16"))
    assert not full.is_workday(D("2026-02-16"))
    assert full.add_workdays(D("2026-02-10"), 20) == D("2026-03-16")


def test_load_calendar_dir_reads_every_year(tmp_path: Path) -> None:
    for name in ("2024.yaml", "2025.yaml"):
        (tmp_path / name).write_text((CALENDARS / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert [y.year for y in load_calendar_dir(tmp_path)] == [2024, 2025]
    assert load_calendar_dir(tmp_path / "missing") == []


VALID = """\
year: 2030
notice: {number: 国办发明电〔2029〕1号, date: 2029-11-01}
holidays:
  - {name: 元旦, start: 2030-01-01, end: 2030-01-01}
make_up_working_days: []
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID.replace("国办发明电〔2029〕1号", "2029年1号"), "通知文号格式不对"),
        (
            VALID.replace(
                "make_up_working_days: []", "make_up_working_days: [{date: 2030-01-02, holiday: 元旦}]"
            ),
            "必须是星期六或星期日",
        ),
        (VALID.replace("end: 2030-01-01", "end: 2029-12-01"), "早于开始日期"),
        (
            VALID.replace("start: 2030-01-01, end: 2030-01-01", "start: 2031-03-01, end: 2031-03-01"),
            "不在 2030 年度",
        ),
        (VALID.replace("year: 2030", "year: 2030\nunknown: 1"), "unknown"),
        ("[1, 2]", "应为一个映射"),
        ("year: [", "YAML 格式错误"),
    ],
)
def test_invalid_year_files_are_rejected_with_a_chinese_message(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "2030.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        load_calendar_year(path)
    assert message in info.value.line()
    assert str(path) in info.value.line()


def test_a_valid_synthetic_year_loads(tmp_path: Path) -> None:
    path = tmp_path / "2030.yaml"
    path.write_text(VALID, encoding="utf-8")
    item = load_calendar_year(path)
    assert item.year == 2030
    assert item.sources == "国办发明电〔2029〕1号（2029-11-01）"


# ---- every way a calendar file can be unusable ends in one exact line (found by mutation testing) ----

HINT = "。格式见 docs/clock.md「日历数据格式」"


def test_unreadable_files_name_the_file_and_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "2030.yaml"
    with pytest.raises(CalendarDataError) as info:
        load_calendar_year(missing)
    assert (
        info.value.line() == f"{missing}: 工作日历文件有误：无法读取文件（No such file or directory）{HINT}"
    )
    latin = tmp_path / "2031.yaml"
    latin.write_bytes("year: 2031 # 日历".encode("gb18030"))
    with pytest.raises(CalendarDataError) as info:
        load_calendar_year(latin)
    assert info.value.line() == f"{latin}: 工作日历文件有误：文件不是 UTF-8 编码{HINT}"


def test_a_field_error_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "2030.yaml"
    path.write_text(VALID.replace("end: 2030-01-01", "end: 2029-12-01"), encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        load_calendar_year(path)
    # pydantic's "Value error, " prefix is removed; the field's place is shown as holidays.0
    assert info.value.detail.startswith("holidays.0：")
    assert "Value error" not in info.value.line()


def test_yml_files_count_and_a_year_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "2030.yml").write_text(VALID, encoding="utf-8")
    assert [y.year for y in load_calendar_dir(tmp_path)] == [2030]
    (tmp_path / "copy.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        load_calendar_dir(tmp_path)
    assert info.value.line() == f"工作日历文件有误：2030 年度的日历重复出现{HINT}"


def test_where_imported_years_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_calendar_dir() == tmp_path / "mine"
    monkeypatch.delenv("GONGKAI_CALENDAR_DIR")
    assert user_calendar_dir() == tmp_path / "xdg" / "gongkai" / "calendars"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_calendar_dir() == tmp_path / "home" / ".local" / "share" / "gongkai" / "calendars"
