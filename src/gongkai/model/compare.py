"""Cell-by-cell comparison of a report with an expected (hand-checked) JSON form: the accuracy measure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.model.report import Report

TABLES = ("proactive", "requests", "appeals")


@dataclass
class CellDiff:
    total: int = 0
    equal: int = 0
    mismatches: list[tuple[str, Any, Any]] = field(default_factory=list)  # (path, expected, found)

    @property
    def accuracy(self) -> float:
        return self.equal / self.total if self.total else 1.0


def _same(expected: Any, found: Any) -> bool:
    if isinstance(expected, bool) or isinstance(found, bool):
        return expected is found
    if isinstance(expected, int | float) and isinstance(found, int | float):
        return abs(expected - found) < 1e-9
    return bool(expected == found)


def compare_cells(report: Report, expected: dict[str, Any]) -> CellDiff:
    """Compare every cell the expected form lists (cells listed under ``unrecoverable`` must be null)."""
    diff = CellDiff()
    for table in TABLES:
        for row, cols in expected.get(table, {}).items():
            for col, want in cols.items():
                path = f"{table}.{row}.{col}"
                try:
                    got = report.get(path)
                except AttributeError:
                    got = "<missing>"
                diff.total += 1
                if _same(want, got):
                    diff.equal += 1
                else:
                    diff.mismatches.append((path, want, got))
    for path in expected.get("unrecoverable") or ():  # a list of paths (or a mapping keyed by path)
        diff.total += 1
        try:
            got = report.get(path)
        except AttributeError:
            got = "<missing>"
        if got is None:
            diff.equal += 1
        else:
            diff.mismatches.append((path, None, got))
    return diff
