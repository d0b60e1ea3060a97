"""The report's tables as rows for the web page: labels from the catalog, every number with its model path
(the anchor a finding links to, and the drill-down address)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai import layout
from gongkai.model import REQUEST_COLUMNS, Report
from gongkai_web.reports.tables import drillable


@dataclass
class Cell:
    path: str
    value: Any
    drill: bool
    flagged: bool = False
    caption: str = ""


@dataclass
class Row:
    label: str
    level: int = 0  # 0 = 一/二/四, 1 = （一）…, 2 = 1. 2. …
    heading: bool = False  # a group heading without numbers
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class Header:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    # 表四: the official header rows above its one row of 15 numbers (other tables: ``columns``)
    header: list[list[Header]] = field(default_factory=list)


def _cells(report: Report, prefix: str, cols: list[str], flagged: frozenset[str] | set[str]) -> list[Cell]:
    out = []
    for c in cols:
        path = f"{prefix}.{c}"
        out.append(Cell(path, report.get(path), drillable(path), path in flagged))
    return out


def report_tables(report: Report, flagged: frozenset[str] | set[str] = frozenset()) -> list[Table]:
    template = report.template
    # 表二: rows with their own columns (each cell carries its column label)
    proactive_rows: list[Row] = []
    for r in layout.proactive_rows(template):
        row = Row(f"{r.item}·{r.label}" if r.item else r.label)
        row.cells = _cells(report, f"proactive.{r.key}", list(r.columns), flagged)
        for cell, caption in zip(row.cells, r.columns.values(), strict=True):
            cell.caption = caption
            unit = report.get(f"{cell.path}_unit") if cell.path == "proactive.procurement.amount" else None
            if unit:
                cell.caption += layout.header("amount_unit").format(unit=unit)
        proactive_rows.append(row)
    proactive = Table("proactive", section_label("proactive"), [], proactive_rows)
    # 表三: the printed rows, each category heading above its first row
    rows: list[Row] = []
    seen: set[str] = set()
    for r in layout.rows_of(report):
        if r.group and not seen:  # above the first outcome row: 三、本年度办理结果
            rows.append(Row(layout.group(layout.RESULTS).heading, 0, heading=True))
        if r.group not in seen and r.group not in ("", layout.RESULTS):  # （三）不予公开 …
            rows.append(Row(layout.group(r.group).heading, 1, heading=True))
        if r.group:
            seen.add(r.group)
        rows.append(Row(r.printed, r.level, cells=_cells(report, r.path, list(REQUEST_COLUMNS), flagged)))
    columns = [layout.request_column_label(c) for c in REQUEST_COLUMNS]
    requests = Table("requests", section_label("requests"), columns, rows)
    return [proactive, requests, appeal_table(report, flagged)]


def appeal_table(report: Report, flagged: frozenset[str] | set[str] = frozenset()) -> Table:
    """表四 in the official layout, as the exports print it: one row of 15 numbers under three header rows —
    行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), then the five result columns of each group."""
    columns = layout.appeal_columns()
    groups = layout.appeal_groups()
    suits = [g for g in groups if layout.appeal_group_heading(g.key) != g.label]
    top: list[Header] = []
    for g in groups:
        if g not in suits:
            top.append(Header(g.label, colspan=len(columns), rowspan=2))
        elif g is suits[0]:
            top.append(Header(layout.header("appeals_suit"), colspan=len(columns) * len(suits)))
    middle = [Header(g.label, colspan=len(columns)) for g in suits]
    bottom = [Header(c.label) for g in groups for c in columns]
    cells = [
        cell for g in groups for cell in _cells(report, f"appeals.{g.key}", [c.key for c in columns], flagged)
    ]
    return Table("appeals", section_label("appeals"), [], [Row("", cells=cells)], [top, middle, bottom])


def section_label(key: str) -> str:
    return layout.section_heading(key)
