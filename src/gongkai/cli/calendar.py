"""``gongkai calendar``: show the working-day calendar of a year, import a newly announced year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from gongkai.cli import app
from gongkai.clock import default_calendar, format_day, reset_default_calendar
from gongkai.clock.calendar import (
    PROVISIONAL_FIXED_HOLIDAYS,
    CalendarYear,
    load_calendar_year,
    user_calendar_dir,
)
from gongkai.errors import InputError

calendar_app = typer.Typer(
    help="工作日历：查看某年的放假与调休安排，载入国务院新公布的年度放假通知。",
    no_args_is_help=True,
)
app.add_typer(calendar_app, name="calendar")


def fail(message: str) -> NoReturn:
    """One Chinese line on stderr, exit code 2 (the user's input is wrong)."""
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(2)


def _year_json(item: CalendarYear) -> dict[str, object]:
    return json.loads(item.model_dump_json())  # type: ignore[no-any-return]


@calendar_app.command("show")
def show_command(
    year: Annotated[int, typer.Argument(help="年份，如 2026")],
    output_format: Annotated[str, typer.Option("--format", help="human 或 json")] = "human",
    calendar_dir: Annotated[
        list[str] | None, typer.Option("--calendar-dir", help="另外载入的日历目录")
    ] = None,
) -> None:
    """显示某年的放假安排、调休上班日和依据的通知；未载入通知的年度显示为“临时”。"""
    if output_format not in ("human", "json"):
        fail(f"未知的输出格式：{output_format}（可选 human、json）")
    try:
        cal = default_calendar(*(calendar_dir or []))
    except InputError as error:
        fail(error.line())
    item = cal.year(year)
    if output_format == "json":
        data: dict[str, object] = {"year": year, "provisional": item is None}
        if item is not None:
            data["calendar"] = _year_json(item)
        else:
            data["fixed_holidays"] = [f"{m:02d}-{d:02d} {n}" for m, d, n in PROVISIONAL_FIXED_HOLIDAYS]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False, soft_wrap=True)
    if item is None:
        fixed = "、".join(f"{m}月{d}日" for m, d, _ in PROVISIONAL_FIXED_HOLIDAYS)
        console.print(
            f"{year}年的国务院放假通知尚未载入（临时）：按周末及法定日期 {fixed} 计算，"
            "未含春节、清明节、端午节、中秋节。通知公布后用 gongkai calendar import FILE 载入。"
        )
        return
    console.print(f"[bold]{year}年工作日历[/bold]　依据：国务院办公厅关于{year}年部分节假日安排的通知")
    console.print(f"文号：{item.sources}")
    for amendment in item.amendments:
        console.print(f"调整：{amendment.number} {amendment.title}：{amendment.summary}")
    table = Table("假日", "放假", "调休上班日", width=120)
    for holiday in item.holidays:
        make_up = [format_day(m.date) for m in item.make_up_working_days if m.holiday == holiday.name]
        span = (
            format_day(holiday.start)
            if holiday.start == holiday.end
            else f"{format_day(holiday.start)}至{format_day(holiday.end)}"
        )
        table.add_row(holiday.name, span, "、".join(make_up) or "—")
    console.print(table)
    if item.note:
        console.print(f"说明：{item.note}")


@calendar_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="年度日历文件（YAML），格式见 docs/clock.md")],
    directory: Annotated[
        Path | None, typer.Option("--dir", help="保存到的日历目录（默认用户日历目录）")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="只校验，不保存")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已导入的同一年度")] = False,
) -> None:
    """校验并载入新公布的年度放假通知（数据变更，无需改代码）；该年度的临时期限随之重新计算。"""
    try:
        item = load_calendar_year(file)
    except InputError as error:
        fail(error.line())
    summary = (
        f"{item.year}年（{item.sources}）：{len(item.holidays)}个假日、"
        f"{len(item.make_up_working_days)}个调休上班日"
    )
    if check:
        typer.echo(f"校验通过：{summary}")
        return
    target_dir = directory or user_calendar_dir()
    target = target_dir / f"{item.year}.yaml"
    if target.exists() and not force:
        fail(f"{target} 已存在；确认替换请加 --force")
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, target)
    reset_default_calendar()
    typer.echo(f"已载入：{summary} → {target}")


@calendar_app.command("list")
def list_command(
    calendar_dir: Annotated[
        list[str] | None, typer.Option("--calendar-dir", help="另外载入的日历目录")
    ] = None,
) -> None:
    """列出已载入的年度及其依据的通知。"""
    try:
        cal = default_calendar(*(calendar_dir or []))
    except InputError as error:
        fail(error.line())
    for year in sorted(cal.loaded_years):
        item = cal.year(year)
        if item is not None:
            typer.echo(f"{year}  {item.sources}")
