"""Cell-level accuracy of the readers over every fixture report that has an expected file.

    uv run python bench/accuracy.py [-v] [--formats]

First, each fixture as published (text, web page, PDF …): cells equal / cells compared, and whether template,
year and agency agree. Each is read as a supervisor holding the whole fixture set would read it: the same
agency's reports of the adjacent years (other fixtures, and reports kept as gongkai JSON, ``*.report.json``)
decide its run-together 表二 digits; reports of its own year are left out, so no fixture is read with its own
answer. Then, with ``--formats``, every fixture in every format: the hand-checked expected
report is rendered to DOCX, XLSX, PDF, HTML, text and Markdown and read back, cell by cell. A report the
readers cannot read counts all its cells as wrong and says why.

Cells an expected file lists under ``decided_by_identity`` (rows whose expected value was chosen by the same
identities or template order the readers use, not read from an original) are compared but not counted in the
as-published figure; they are shown apart (see tests/fixtures/reports/SOURCES.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from gongkai.errors import InputError
from gongkai.model.compare import by_identity, compare_cells, is_marked
from gongkai.model.report import report_from_dict
from gongkai.read import read_with_neighbours
from gongkai.readers import read_bytes

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports"
FORMATS = ("docx", "xlsx", "pdf", "html", "txt", "md")
REPORT_KEYS = ("template", "agency", "year", "proactive", "requests", "appeals")


def _fixtures() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for expected_path in sorted(ROOT.rglob("*.expected.json")):
        stem = expected_path.name.removesuffix(".expected.json")
        source = next(p for p in expected_path.parent.glob(stem + ".*") if not p.name.endswith(".json"))
        out.append((source, json.loads(expected_path.read_text(encoding="utf-8"))))
    return out


def _n_cells(expected: dict[str, Any]) -> int:
    """The cells counted for a fixture: all it lists but those decided by identity (see compare_cells)."""
    marked = by_identity(expected)
    n = sum(
        not is_marked(f"{t}.{row}.{col}", marked)
        for t in ("proactive", "requests", "appeals")
        for row, cols in expected[t].items()
        for col in cols
    )
    return n + len(expected.get("unrecoverable", {}) or {})


def _line(name: str, equal: int, total: int, extra: str) -> str:
    return f"{name:44s} {equal:6d}/{total:<4d} {100 * equal / max(total, 1):5.1f}%  {extra}"


def main() -> int:
    verbose = "-v" in sys.argv
    total = equal = dependent = dependent_equal = 0
    fixtures = _fixtures()
    pool = [source for source, _ in fixtures] + sorted(ROOT.rglob("*.report.json"))
    for source, expected in fixtures:
        try:
            report, facts = read_with_neighbours(source, pool)
        except InputError as exc:
            total += _n_cells(expected)
            print(_line(source.name, 0, _n_cells(expected), f"not read: {exc.line()[:90]}"))
            continue
        diff = compare_cells(report, expected)
        total += diff.total
        equal += diff.equal
        meta = "".join(
            "✓" if getattr(report, k) == expected.get(k) else "✗" for k in ("template", "year", "agency")
        )
        left_open = len(expected.get("unrecoverable") or ())
        extra = f"template/year/agency {meta}"
        if left_open:
            extra += f"  ({left_open} left open, as expected)"
        if diff.by_identity:
            extra += f"  (+{diff.by_identity_equal}/{diff.by_identity} decided by identity, not counted)"
            dependent += diff.by_identity
            dependent_equal += diff.by_identity_equal
        print(_line(source.name, diff.equal, diff.total, extra))
        for note in facts.reading_notes if facts else []:
            if note.startswith("表二：结合"):
                print(f"    {note}")
        if verbose:
            for path, want, got in diff.mismatches:
                print(f"    {path}: expected {want!r}, read {got!r}")
    print(_line("TOTAL (as published)", equal, total, ""))
    print(
        _line(
            "  apart: cells decided by identity",
            dependent_equal,
            dependent,
            "(expected value not independent)",
        )
    )
    if "--formats" not in sys.argv:
        return 0

    from gongkai.renderers import render_report

    f_total = f_equal = 0
    for fmt in FORMATS:
        fmt_total = fmt_equal = 0
        for source, expected in fixtures:
            truth = report_from_dict({k: v for k, v in expected.items() if k in REPORT_KEYS})
            try:
                back = read_bytes(render_report(truth, fmt), name=f"{source.stem}.{fmt}").report
            except InputError as exc:
                fmt_total += _n_cells(expected)
                print(f"    {source.name} as {fmt}: not read: {exc.line()[:80]}")
                continue
            # rendered from the expected values, every cell is independent truth here
            kept = {k: v for k, v in expected.items() if k not in ("unrecoverable", "decided_by_identity")}
            diff = compare_cells(back, kept)
            fmt_total += diff.total
            fmt_equal += diff.equal
            if verbose:
                for path, want, got in diff.mismatches:
                    print(f"    {source.name} as {fmt} {path}: expected {want!r}, read {got!r}")
        print(_line(f"every fixture rendered as {fmt} and read back", fmt_equal, fmt_total, ""))
        f_total += fmt_total
        f_equal += fmt_equal
    print(_line("TOTAL (every format)", f_equal, f_total, ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
