"""Where each cell of a read report came from, table by table: the reading note of ``gongkai debug``,
``gongkai parse --note`` and the web import's 读取说明.

Every cell the report prints is one of: read from the table (a table cell), split from run-together digits
(crawled text), decided from the narrative's words (rule F108), blank in the report as printed, or not read
for certain (several readings, an implausible number, an unsure OCR digit, a row whose numbers could not be
placed: left blank, with its finding). Cells are named as :mod:`gongkai.layout` names them.
"""

from __future__ import annotations

from gongkai.layout import cell_label, row_keys
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report

_TABLES = {"proactive": "表二", "requests": "表三", "appeals": "表四"}
_SHOWN = 6  # names listed per kind; the rest are counted


def _names(paths: list[str], template: str) -> str:
    shown = "、".join(cell_label(p, template) for p in paths[:_SHOWN])
    return shown + (f" 等 {len(paths)} 格" if len(paths) > _SHOWN else "")


def _unsure(path: str, facts: DocumentFacts) -> bool:
    row = path.rsplit(".", 1)[0]
    return (
        path in facts.ambiguous_cells
        or path in facts.implausible_cells
        or row in facts.unaligned_rows
        or row in facts.ambiguous_rows
    )


def cell_sources(report: Report, facts: DocumentFacts) -> list[str]:
    """One line per table found: how many cells came from where, naming the ones not read from the table."""
    printed_rows = {f"requests.{k}" for k in row_keys(report)}
    located_at = report.cells or {}
    out = []
    for table, name in _TABLES.items():
        if table not in facts.tables_found:
            out.append(f"{name}：没有找到")
            continue
        cells = [
            (p, v)
            for p, v in report.iter_cells()
            if p.startswith(f"{table}.")
            and not p.endswith("_unit")
            and (table != "requests" or p.rsplit(".", 1)[0] in printed_rows)
        ]
        narrative = [p for p, _ in cells if p in facts.narrative_cells]
        unsure = [p for p, v in cells if v is None and _unsure(p, facts)]
        blank = [p for p, v in cells if v is None and p not in unsure and p not in narrative]
        rest = [p for p, v in cells if v is not None and p not in narrative]
        located = [p for p in rest if p in located_at and located_at[p].col is not None]
        runs = [p for p in rest if p not in located]
        parts = [f"从表格读取 {len(located)} 格"]
        if runs:
            parts.append(f"从粘连的数字拆分 {len(runs)} 格")
        if narrative:
            parts.append(f"按正文填写 {len(narrative)} 格（{_names(narrative, report.template)}）")
        names = f"（{_names(blank, report.template)}）" if blank else ""
        parts.append(f"报告中空白 {len(blank)} 格{names}")
        if unsure:
            parts.append(f"未能确定、留空 {len(unsure)} 格（{_names(unsure, report.template)}）")
        out.append(f"{name}：" + "，".join(parts))
    return out
