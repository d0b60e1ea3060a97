"""Helpers shared by several rules: row values, sums with blanks, rows of counts. Which rows a report prints
is :mod:`gongkai.layout`'s."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from gongkai.checker.arith import all_blank, equation_holds, known_sum
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.model.report import APPLICANT_COLUMNS, REQUEST_COLUMNS, Number, Report


def cell(report: Report, row: str, column: str) -> Number:
    value: Number = report.get(f"requests.{row}.{column}")
    return value


def row_total(report: Report, row: str) -> Number:
    """A 表三 row's 总计; where that cell is blank, the sum of the applicant columns.

    ``None`` if the whole row is blank.
    """
    total = cell(report, row, "total")
    if total is not None:
        return total
    values = [cell(report, row, c) for c in APPLICANT_COLUMNS]
    return None if all_blank(values) else known_sum(values)


def rows_total(report: Report, rows: tuple[str, ...]) -> Number:
    """Σ :func:`row_total` over ``rows``; ``None`` when every row is entirely blank."""
    values = [row_total(report, r) for r in rows]
    return None if all_blank(values) else known_sum(values)


__all__ = [
    "APPLICANT_COLUMNS",
    "REQUEST_COLUMNS",
    "cell",
    "row_total",
    "rows_total",
]


class Imbalance(NamedTuple):
    expected: Number
    found: Number


def imbalance(total: Sequence[Number], parts: Sequence[Number]) -> Imbalance | None:
    """Whether ``Σ total = Σ parts`` fails: ``None`` while some non-negative filling of the blank cells could
    make it hold (a blank is its own rule's finding, T304/T402/T205); else the finding's expected value (Σ of
    the known parts) and found value (the total as printed; the Σ of its known cells when it is several)."""
    if equation_holds(total, parts):
        return None
    return Imbalance(known_sum(parts), total[0] if len(total) == 1 else known_sum(total))


def undecided(context: CheckContext, path: str) -> bool:
    """A cell the reader left blank because several readings fit (rule F107 reports it, not as a blank),
    because the number printed there cannot be its value (rule F112), or because its row's numbers could
    not be placed in columns (rule F103)."""
    facts = context.facts
    return facts is not None and (
        path in facts.ambiguous_cells
        or path in facts.implausible_cells
        or path.rsplit(".", 1)[0] in facts.unaligned_rows  # printed, not placed in columns: F103 says so
    )


def check_count_cells(
    rule: Rule,
    report: Report,
    context: CheckContext,
    row_path: str,
    columns: Sequence[str],
    row_label: str,
    column_label: Callable[[str], str],
    row_placeholder: str = "row",
) -> Iterator[Finding]:
    """The cells of one row of counts (表三, 表四): each negative or fractional value is an error; the row's
    blank cells are ONE warning naming them (cells the reader could not decide are F107's, not blanks)."""
    blanks: list[str] = []
    for col in columns:
        path = f"{row_path}.{col}"
        value = report.get(path)
        if value is None:
            if not undecided(context, path):
                blanks.append(col)
        elif value < 0 or value != int(value):
            yield rule.finding(
                report, [path], expected="非负整数", found=value, cell=f"{row_label}·{column_label(col)}"
            )
    if blanks:
        yield rule.finding(
            report,
            [f"{row_path}.{c}" for c in blanks],
            form="blank",
            severity=Severity.WARNING,
            columns="、".join(column_label(c) for c in blanks),
            **{row_placeholder: row_label},
        )
