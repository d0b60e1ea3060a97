"""The report's tables as rows for the web page: labels from the catalog, every number with its model path
(the anchor a finding links to, and the drill-down address)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.catalog import load_catalog
from gongkai.model.report import Report
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
    cat = load_catalog()
    template = report.template
    # 表二: rows with their own columns (each cell carries its column label)
    proactive_rows: list[Row] = []
    for r in cat.proactive[template]:
        row = Row(f"{r.item}·{r.label}" if r.item else r.label)
        row.cells = _cells(report, f"proactive.{r.key}", list(r.columns), flagged)
        for cell, caption in zip(row.cells, r.columns.values(), strict=True):
            cell.caption = caption
            if cell.path == "proactive.procurement.amount" and report.get(f"{cell.path}_unit"):
                cell.caption += f"（单位：{report.get(f'{cell.path}_unit')}）"
        proactive_rows.append(row)
    proactive = Table("proactive", section_label("proactive"), [], proactive_rows)
    # 表三
    req_cols = [c.key for c in cat.requests_columns]
    groups = {g.rows[0]: g for g in cat.requests_groups if g.rows}
    rows: list[Row] = []
    results = next(g for g in cat.requests_groups if g.key == "results")
    hybrid = template == "2021" and getattr(report, "single_other_row", False)
    for r in cat.request_rows(template):
        if template == "2021" and r.key == "other" and not hybrid:
            continue
        if template == "2021" and hybrid and r.key.startswith("other_"):
            continue
        if r.key == "granted":
            rows.append(Row(f"{results.number}、{results.label}", 0, heading=True))
        if r.key in groups and not (hybrid and r.key.startswith("other_")):
            g = groups[r.key]
            rows.append(Row(f"{g.number}{g.label}", 1, heading=True))
        level = 0 if r.number in ("一", "二", "四") else (1 if r.number.startswith("（") else 2)
        label = f"{r.number}、{r.label}" if level == 0 else f"{r.number}{r.label}"
        rows.append(Row(label, level, cells=_cells(report, f"requests.{r.key}", req_cols, flagged)))
    requests = Table("requests", section_label("requests"), [c.label for c in cat.requests_columns], rows)
    # 表四
    ap_cols = [c.key for c in cat.appeals_columns]
    appeal_rows = [
        Row(
            g.label if g.key == "review" else f"行政诉讼·{g.label}",
            cells=_cells(report, f"appeals.{g.key}", ap_cols, flagged),
        )
        for g in cat.appeals_groups
    ]
    appeals = Table("appeals", section_label("appeals"), [c.label for c in cat.appeals_columns], appeal_rows)
    return [proactive, requests, appeals]


def section_label(key: str) -> str:
    s = load_catalog().section(key)
    return f"{s.number}、{s.label}"
