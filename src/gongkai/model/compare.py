"""Cell-by-cell comparison of a report with an expected (hand-checked) JSON form: the accuracy measure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.model.report import Report

TABLES = ("proactive", "requests", "appeals")


@dataclass
class CellDiff:
    total: int = 0  # cells compared whose expected value is independent truth
    equal: int = 0
    mismatches: list[tuple[str, Any, Any]] = field(default_factory=list)  # (path, expected, found)
    # cells listed under ``decided_by_identity``: compared (a mismatch is listed above) but not counted in
    # total/equal, since their expected value was chosen by the same identities the readers solve
    by_identity: int = 0
    by_identity_equal: int = 0

    @property
    def accuracy(self) -> float:
        return self.equal / self.total if self.total else 1.0


def _same(expected: Any, found: Any) -> bool:
    if isinstance(expected, bool) or isinstance(found, bool):
        return expected is found
    if isinstance(expected, int | float) and isinstance(found, int | float):
        return abs(expected - found) < 1e-9
    return bool(expected == found)


def by_identity(expected: dict[str, Any]) -> tuple[str, ...]:
    """The cells or rows (``requests.received``) that ``expected`` marks as decided by identity."""
    return tuple((expected.get("decided_by_identity") or {}).get("cells", ()))


def is_marked(path: str, marked: tuple[str, ...]) -> bool:
    return any(path == m or path.startswith(m + ".") for m in marked)


def compare_cells(report: Report, expected: dict[str, Any]) -> CellDiff:
    """Compare every cell the expected form lists (cells listed under ``unrecoverable`` must be null).

    Cells under ``decided_by_identity`` are compared too, but counted apart (``by_identity``): see
    tests/fixtures/reports/SOURCES.md."""
    diff = CellDiff()
    marked = by_identity(expected)
    for table in TABLES:
        for row, cols in expected.get(table, {}).items():
            for col, want in cols.items():
                path = f"{table}.{row}.{col}"
                try:
                    got = report.get(path)
                except AttributeError:
                    got = "<missing>"
                same = _same(want, got)
                if is_marked(path, marked):
                    diff.by_identity += 1
                    diff.by_identity_equal += same
                else:
                    diff.total += 1
                    diff.equal += same
                if not same:
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
