"""``gongkai export``: the dataset for researchers (:mod:`gongkai.supervise.dataset`) as CSV, XLSX or
Parquet — one row per agency × year × cell in the stable keys of ``docs/report-json.md``, plus one row per
finding and one per indicator of ``spec/supervision.md`` §4.

From a folder (or files) of reports, read and checked in parallel processes as ``gongkai batch`` does; or,
with ``--database``, from the reports the web application collected (needs the ``web`` extra, Django). A file
that cannot be read is one line on stderr and exit code 2; the others are still written."""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import typer

from gongkai.cli import app
from gongkai.cli.batch import find_files
from gongkai.cli.reports import EXIT_CLEAN, EXIT_UNUSABLE, DebugOpt, MaxBytesOpt, _progress, err
from gongkai.errors import InputError
from gongkai.readers import DEFAULT_MAX_BYTES
from gongkai.supervise.dataset import FORMATS, Entry, Format, write_dataset
from gongkai.supervise.indicators import indicator_records

WEB_EXPORT = "gongkai_web.summaries.export"


def read_entry(path: str, max_bytes: int = DEFAULT_MAX_BYTES, debug: bool = False) -> Entry | str:
    """The entry of one file, or the line that says why it cannot be used (runs in a worker process)."""
    from gongkai.check import check_report
    from gongkai.readers import load_any

    try:
        report, facts = load_any(path, max_bytes)
        findings = tuple(f for f in check_report(report, facts=facts) if not f.accepted)
    except InputError as exc:
        return exc.line()
    except Exception as exc:
        if debug:
            raise
        return f"{path}: gongkai 内部错误：{type(exc).__name__}: {exc}（这是 gongkai 的缺陷，请报告）"
    if report.year is None:
        return f"{path}: 报告未写明年度，未导出"
    agency = report.agency or Path(path).stem
    return Entry(report, agency, report.year, findings, region=Path(path).parent.name)


def _entries(
    files: list[Path], jobs: int, max_bytes: int, debug: bool, state: dict[str, int]
) -> Iterator[Entry]:
    names = [str(p) for p in files]
    with _progress(len(names)) as advance:
        if jobs <= 1 or len(names) < 2:
            results: Iterator[Entry | str] = (read_entry(n, max_bytes, debug) for n in names)
            yield from _report(results, names, advance, state)
            return
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, min(16, len(names) // (jobs * 8)))
            results = pool.map(
                read_entry, names, [max_bytes] * len(names), [debug] * len(names), chunksize=chunk
            )
            yield from _report(results, names, advance, state)


def _report(
    results: Iterator[Entry | str], names: list[str], advance: Any, state: dict[str, int]
) -> Iterator[Entry]:
    for name, result in zip(names, results, strict=True):
        advance(Path(name).name)
        if isinstance(result, str):
            err.print(result, markup=False)
            state["code"] = EXIT_UNUSABLE
        else:
            state["reports"] += 1
            yield result


def _database_entries() -> Iterator[Entry]:
    if importlib.util.find_spec("django") is None:
        err.print('gongkai export --database：需要安装网页应用（pip install "gongkai[web]"）', markup=False)
        raise typer.Exit(EXIT_UNUSABLE)
    from gongkai.cli.serve import setup_django

    setup_django()
    entries: Iterator[Entry] = importlib.import_module(WEB_EXPORT).database_entries(None)
    return entries


@app.command("export")
def export_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="报告文件或目录（目录中的报告文件逐个读取）", show_default=False),
    ] = None,
    to: Annotated[str, typer.Option("--to", help="输出格式：csv、xlsx 或 parquet")] = "parquet",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件")] = None,
    database: Annotated[bool, typer.Option("--database", help="导出网页应用数据库中收集的全部报告")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行进程数（默认：CPU 核数）")] = 0,
    debug: DebugOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """把大量年度报告导出为一张表（每个机构、年度、单元格一行，另附检查问题和指标）：CSV、XLSX 或 Parquet。"""
    if to not in FORMATS:
        err.print(f"gongkai export：不支持的格式 {to}（可用 csv、xlsx、parquet）", markup=False)
        raise typer.Exit(EXIT_UNUSABLE)
    fmt: Format = to
    if output is None:
        err.print("gongkai export：请用 -o 指定输出文件", markup=False)
        raise typer.Exit(EXIT_UNUSABLE)
    state = {"code": EXIT_CLEAN, "reports": 0}
    if database:
        if paths:
            err.print("gongkai export：--database 与报告文件不能同时使用", markup=False)
            raise typer.Exit(EXIT_UNUSABLE)
        entries: Iterator[Entry] = _database_entries()
    else:
        files = find_files(paths or [])
        if not files:
            err.print("gongkai export：没有找到报告文件", markup=False)
            raise typer.Exit(EXIT_UNUSABLE)
        entries = _entries(files, jobs or os.cpu_count() or 1, max_bytes, debug, state)
    rows = write_dataset(entries, output, fmt, extra=[indicator_records])
    err.print(f"已导出 {rows} 行 → {output}", markup=False)
    raise typer.Exit(state["code"])
