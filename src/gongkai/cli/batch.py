"""``gongkai batch``: read and check many reports in parallel processes, one JSON Lines record per file.

For researchers holding thousands of reports. Each record: ``file``, ``status`` (``read``,
``read_with_findings`` or ``refused``), ``reason`` (why a file was refused), ``agency``, ``year``,
``template``, ``findings`` (counts by severity, accepted ones left out), ``codes`` (the rule codes found) and
``tables`` (the report's 表二/表三/表四 as in spec ``report-json.md``). A file that cannot be read is a
record with status ``refused`` and one line on stderr, never a crash. Exit codes as ``check``: 0 clean,
1 findings at or above ``--fail-on``, 2 some file unusable.

Unlike ``check``, files are read independently (run-together 表二 digits are not decided by a neighbouring
year's report)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated, Any

import typer

from gongkai.cli import app
from gongkai.cli.reports import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_UNUSABLE,
    DebugOpt,
    FailOn,
    MaxBytesOpt,
    _progress,
    err,
)
from gongkai.errors import InputError
from gongkai.readers import DEFAULT_MAX_BYTES

#: The suffixes taken from a directory (a file named on the command line is read whatever its suffix).
SUFFIXES = frozenset(
    {".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".html", ".htm", ".txt", ".md", ".json"}
)
TABLES = ("proactive", "requests", "appeals")


def find_files(paths: list[Path]) -> list[Path]:
    """The files named, and the report files under each directory named (sorted, recursively)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def examine(path: str, max_bytes: int = DEFAULT_MAX_BYTES, debug: bool = False) -> dict[str, Any]:
    """The record of one file (runs in a worker process)."""
    from gongkai.check import check_report
    from gongkai.checker import Severity
    from gongkai.read import load_any

    try:
        report, facts = load_any(path, max_bytes)
        findings = [f for f in check_report(report, facts=facts) if not f.accepted]
    except InputError as exc:
        return {"file": path, "status": "refused", "reason": exc.line()}
    except Exception as exc:
        if debug:
            raise
        reason = f"gongkai 内部错误：{type(exc).__name__}: {exc}（这是 gongkai 的缺陷，请报告）"
        return {"file": path, "status": "refused", "reason": reason}
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    data = report.to_json_dict()
    return {
        "file": path,
        "status": "read_with_findings" if findings else "read",
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "findings": counts,
        "codes": sorted({f.code for f in findings}),
        "tables": {k: data.get(k) for k in TABLES},
    }


def _records(files: list[Path], jobs: int, max_bytes: int, debug: bool) -> Iterator[dict[str, Any]]:
    names = [str(p) for p in files]
    if jobs <= 1 or len(files) < 2:
        yield from (examine(n, max_bytes, debug) for n in names)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(16, len(names) // (jobs * 8)))
        yield from pool.map(examine, names, [max_bytes] * len(names), [debug] * len(names), chunksize=chunk)


@app.command("batch")
def batch_command(
    paths: Annotated[
        list[Path], typer.Argument(help="报告文件或目录（目录中的报告文件逐个读取）", show_default=False)
    ],
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行进程数（默认：CPU 核数）")] = 0,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="达到此级别的问题时退出码为 1")] = FailOn.error,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="JSON Lines 输出文件（默认：标准输出）")
    ] = None,
    debug: DebugOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """并行读取并检查大量年度报告，每个文件输出一行 JSON（JSON Lines）。"""
    files = find_files(paths)
    if not files:
        err.print("gongkai batch：没有找到报告文件", markup=False)
        raise typer.Exit(EXIT_UNUSABLE)
    ranks = {"info": 0, "warning": 1, "error": 2}
    threshold = None if fail_on is FailOn.never else ranks[fail_on.value]
    code = EXIT_CLEAN
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with _progress(len(files)) as advance:
            for record in _records(files, jobs or os.cpu_count() or 1, max_bytes, debug):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                advance(Path(record["file"]).name)
                if record["status"] == "refused":
                    err.print(record["reason"], markup=False)
                    code = EXIT_UNUSABLE
                elif threshold is not None and any(
                    n and ranks[s] >= threshold for s, n in record["findings"].items()
                ):
                    code = max(code, EXIT_FINDINGS)
    finally:
        if output:
            out.close()
    raise typer.Exit(code)
