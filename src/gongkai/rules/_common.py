"""Helpers shared by several rules: which 表三 rows a report has, and row values."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from gongkai.catalog import load_catalog
from gongkai.checker.arith import all_blank, known_sum
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.model.report import APPLICANT_COLUMNS, REQUEST_COLUMNS, Number, Report, Report2021

#: 表三 rows that are outcomes (summed into 三（七）总计), apart from （六）.
_RESULT_GROUPS = ("refused", "unable", "not_processed")


def group_rows(key: str) -> tuple[str, ...]:
    """The sub-item rows of a 表三 category (``refused`` → the eight 不予公开 rows)."""
    return next(g.rows for g in load_catalog().requests_groups if g.key == key)


def other_rows(report: Report) -> tuple[str, ...]:
    """The rows that make up （六）其他处理: the single row (2019, hybrid 2021) or （六）1–3 (2021)."""
    if isinstance(report, Report2021) and not report.single_other_row:
        return group_rows("other_sub")
    return ("other",)


def outcome_rows(report: Report) -> tuple[str, ...]:
    """The rows summed into 三（七）总计: （一）, （二）, Σ（三）, Σ（四）, Σ（五）, （六）."""
    rows: list[str] = ["granted", "partially_granted"]
    for g in _RESULT_GROUPS:
        rows.extend(group_rows(g))
    rows.extend(other_rows(report))
    return tuple(rows)


def request_rows(report: Report) -> tuple[str, ...]:
    """Every data row of 表三 that this report's layout prints, in official order."""
    return ("received", "carried_over", *outcome_rows(report), "total_handled", "carried_forward")


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
    "group_rows",
    "other_rows",
    "outcome_rows",
    "request_rows",
    "row_total",
    "rows_total",
]


def undecided(context: CheckContext, path: str) -> bool:
    """A cell the reader left blank because several readings fit (rule F107 reports it, not as a blank),
    because the number printed there cannot be its value (rule F109), or because its row's numbers could
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
