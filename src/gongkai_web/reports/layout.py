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


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]


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
    # 表四
    ap_cols = [c.key for c in layout.appeal_columns()]
    appeal_rows = [
        Row(layout.appeal_group_heading(g.key), cells=_cells(report, f"appeals.{g.key}", ap_cols, flagged))
        for g in layout.appeal_groups()
    ]
    ap_labels = [c.label for c in layout.appeal_columns()]
    appeals = Table("appeals", section_label("appeals"), ap_labels, appeal_rows)
    return [proactive, requests, appeals]


def section_label(key: str) -> str:
    return layout.section_heading(key)
