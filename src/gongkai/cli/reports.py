"""``gongkai parse``, ``gongkai check`` and ``gongkai schema``: the contract of spec ``report-json.md``.

Exit codes follow linters: 0 done and clean, 1 findings at or above ``--fail-on``, 2 unusable input or usage
(one line on stderr naming the file and the reason; a traceback only with ``--debug``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from gongkai.cli import app
from gongkai.errors import InputError
from gongkai.model import json_schema
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Location, Report
from gongkai.read import load_any
from gongkai.readers import DEFAULT_MAX_BYTES

T = TypeVar("T")
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class OutputFormat(StrEnum):
    human = "human"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


FilesArg = Annotated[
    list[Path], typer.Argument(help="报告文件（文本、网页；或 gongkai 导出的 JSON）", show_default=False)
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="出错时显示完整的 Python 调用栈")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="单个文件的大小上限（字节）")]
WithOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--with",
        help="同一机关相邻年度的报告（可重复）：只用来拆分本报告表二中粘连的数字，不输出、不检查",
        show_default=False,
    ),
]


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for batches (hidden for a single file or when stderr is not a terminal)."""
    if total < 2 or not err.is_terminal:
        yield lambda _name: None
        return
    with Progress(
        TextColumn("[bold]读取报告"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=name)

        yield advance


def _guard(debug: bool, fn: Callable[[], T]) -> T:
    """Run ``fn``; turn input errors (and, without --debug, unexpected ones) into one line and exit 2."""
    try:
        return fn()
    except InputError as exc:
        if debug:
            raise
        err.print(exc.line(), markup=False)
        raise typer.Exit(EXIT_UNUSABLE) from None
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            raise
        err.print(
            f"gongkai 内部错误：{type(exc).__name__}: {exc}"
            "（这是 gongkai 的缺陷，请报告；加 --debug 查看详情）",
            markup=False,
        )
        raise typer.Exit(EXIT_UNUSABLE) from None


def _same_file(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


class _Batch:
    """The reports of a batch of files, read one by one with a progress bar; a file that cannot be used is
    one line on stderr and sets the exit code to 2, and the batch goes on.

    Reports of the same agency and adjacent years decide each other's run-together 表二 digits (see
    :mod:`gongkai.readers.neighbours`): those in the batch, ``previous`` (which the cross-year rules also
    use) and ``neighbours`` (read only for that). A file named twice is read once."""

    def __init__(
        self,
        files: list[Path],
        debug: bool,
        max_bytes: int,
        neighbours: list[Path] | None = None,
        previous: Path | None = None,
    ) -> None:
        self.files, self.debug, self.max_bytes = files, debug, max_bytes
        self.neighbours, self.previous = neighbours or [], previous
        self.previous_report: Report | None = None
        self.code = EXIT_CLEAN

    def _read(self, paths: list[Path]) -> Iterator[tuple[int, Path, Report, DocumentFacts | None]]:
        with _progress(len(paths)) as advance:
            for i, path in enumerate(paths):
                try:
                    report, facts = _guard(self.debug, lambda p=path: load_any(p, self.max_bytes))  # type: ignore[misc]
                except typer.Exit:
                    self.code = EXIT_UNUSABLE
                    continue
                finally:
                    advance(path.name)
                yield i, path, report, facts

    def __iter__(self) -> Iterator[tuple[Path, Report, DocumentFacts | None]]:
        from gongkai.readers.neighbours import decide_with_neighbours

        seen = {_same_file(p) for p in self.files}
        extra: list[Path] = []
        for path in [*([self.previous] if self.previous else []), *self.neighbours]:
            if _same_file(path) not in seen:
                seen.add(_same_file(path))
                extra.append(path)
        read = list(self._read(self.files + extra))
        decide_with_neighbours((report, facts, path.name) for _i, path, report, facts in read)
        if self.previous is not None:
            key = _same_file(self.previous)
            self.previous_report = next((r for _i, p, r, _f in read if _same_file(p) == key), None)
        self._hint_unused([(i >= len(self.files), p, r) for i, p, r, _f in read])
        yield from ((path, report, facts) for i, path, report, facts in read if i < len(self.files))

    def _hint_unused(self, reports: list[tuple[bool, Path, Report]]) -> None:
        """Name each ``--with`` report that no chain of adjacent years links to a report read."""
        from gongkai.readers.neighbours import neighbours_of

        todo = [r for extra, _p, r in reports if not extra]
        reached = {id(r) for r in todo}
        while todo:
            for other in neighbours_of(todo.pop(), [r for _e, _p, r in reports if id(r) not in reached]):
                reached.add(id(other))
                todo.append(other)
        wanted = {_same_file(p) for p in self.neighbours}
        for extra, path, report in reports:
            if extra and _same_file(path) in wanted and id(report) not in reached:
                err.print(
                    f"{path}: 提示：{report.agency or '未知机关'} {report.year or '?'} 年度的报告"
                    "与所读报告不是同一机关的相邻年度（或格式不同），未作为依据",
                    markup=False,
                )


def _location_text(loc: Location | None) -> str:
    if loc is None:
        return ""
    if loc.line is not None:
        return f"{loc.line}"
    parts = [f"表{loc.table}"] if loc.table is not None else []
    if loc.page is not None:
        parts.insert(0, f"第{loc.page}页")
    if loc.row is not None:
        parts.append(f"行{loc.row}")
    if loc.col is not None:
        parts.append(f"列{loc.col}")
    return "/".join(parts)


@app.command("parse")
def parse_command(
    files: FilesArg,
    cells: Annotated[bool, typer.Option("--cells", help="同时输出每个数值在原文件中的位置")] = False,
    note: Annotated[
        bool, typer.Option("--note", help="在标准错误输出读取说明：各表数字从表格、正文读取或报告中空白")
    ] = False,
    with_: WithOpt = None,
    debug: DebugOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """读取年度报告，输出 JSON（多个文件时每行一个 JSON）。

    同一机关相邻年度的报告互为依据：一并读取的，或用 --with 给出的。"""
    batch = _Batch(files, debug, max_bytes, with_)
    for path, report, facts in batch:
        if note and facts is not None:
            for line in [*facts.reading_notes, *facts.cell_sources]:
                typer.echo(f"{path}: {line}", err=True)
        indent = 1 if len(files) == 1 else None
        sys.stdout.write(json.dumps(report.to_json_dict(with_cells=cells), ensure_ascii=False, indent=indent))
        sys.stdout.write("\n")
    raise typer.Exit(batch.code)


@app.command("check")
def check_command(
    files: FilesArg,
    output: Annotated[OutputFormat, typer.Option("--format", help="输出格式")] = OutputFormat.human,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="达到此级别的问题时退出码为 1")] = FailOn.error,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="上一年度的报告，用于跨年度检查（结转、现行有效件数）")
    ] = None,
    accept: Annotated[
        Path | None, typer.Option("--accept", help="已确认可接受的问题清单（YAML：code、path、reason）")
    ] = None,
    with_: WithOpt = None,
    debug: DebugOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """读取并检查年度报告（勾稽关系、格式、正文与表格是否一致），每个问题一行。"""
    from gongkai.check import check_report
    from gongkai.checker import Severity, failing
    from gongkai.checker.engine import load_acceptances

    accepted = _guard(debug, lambda: load_acceptances(accept)) if accept else ()
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    batch = _Batch(files, debug, max_bytes, with_, previous)
    for path, report, facts in batch:
        # last year's report as read with its neighbours (this year among them)
        findings = check_report(report, previous=batch.previous_report, facts=facts, accepted=accepted)
        if threshold is not None and failing(findings, threshold):
            batch.code = max(batch.code, EXIT_FINDINGS)
        _print_findings(path, report, findings, output, many=len(files) > 1)
    raise typer.Exit(batch.code)


def _print_findings(
    path: Path, report: Report, findings: list[Any], output: OutputFormat, many: bool
) -> None:
    if output is OutputFormat.json:
        doc = {
            "file": str(path),
            "template": report.template,
            "agency": report.agency,
            "year": report.year,
            "findings": [f.to_dict() for f in findings],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=None if many else 1) + "\n")
        return
    out = Console(highlight=False, soft_wrap=True)
    for f in findings:
        loc = _location_text(next((x for x in f.locations if x is not None), None))
        where = f"{path}:{loc}" if loc else str(path)
        mark = f"  （已接受：{f.accepted}）" if f.accepted else ""
        out.print(f"{where}  {f.code}  {f.severity.value}  {f.message}{mark}", markup=False)
    if not findings:
        out.print(
            f"{path}: 未发现问题（{report.agency or '未知机关'} {report.year or ''} 年度，"
            f"{report.template} 格式）",
            markup=False,
        )


@app.command("schema")
def schema_command() -> None:
    """输出年度报告 JSON 的 JSON Schema（由模型生成）。"""
    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n")
