"""Excel (.xlsx): the whole report, one sheet per section in official order, tables with the official merged
headers and numbers as numbers.

The first sheet holds the title (which names the agency and the year) and section 一; sheets 二、三、四 hold a
table each under its section heading; sheets 五 and 六 hold their text. Headings and text lines stand alone in
column A, a blank row between a heading and its table, so the Excel reader takes them as paragraphs and reads
the title, agency, year and narrative back. Every sheet also prints the title in its page header. Blank cells
stay empty (never 0). The 2019 procurement unit goes into the 采购总金额 header, so the amount cell holds a
bare number.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.layout import section_heading, section_keys
from gongkai.model.report import Report
from gongkai.renderers.grid import (
    GridTable,
    appeals_table,
    proactive_table,
    report_title,
    requests_table,
)

NAME = "xlsx"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_FONT = Font(name="宋体", size=10)
_TITLE_FONT = Font(name="黑体", size=14)
_TOP = 3  # the table starts on this row (1: section heading, 2: blank)
_TEXT_WIDTH = 100.0


def _sheet_name(table: GridTable) -> str:
    return table.caption[:31]


def _page(ws: Any, title: str, *, landscape: bool = False) -> None:
    ws.oddHeader.center.text = title
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_text(wb: Workbook, heading: str, lines: list[tuple[str, Font]], title: str) -> None:
    """A sheet of text: one line a row in column A, each on its own (read back as paragraphs)."""
    ws = wb.create_sheet(heading[:31])
    for r, (line, font) in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=line)
        cell.font = font
        cell.alignment = _LEFT
    ws.column_dimensions["A"].width = _TEXT_WIDTH
    _page(ws, title)


def _write(wb: Workbook, table: GridTable, title: str, heading: str) -> None:
    ws = wb.create_sheet(_sheet_name(table))
    ws.cell(row=1, column=1, value=heading).font = _TITLE_FONT
    for row in table.rows:
        for cell in row:
            r, c = _TOP + cell.row, 1 + cell.col
            target = ws.cell(row=r, column=c)
            target.value = cell.value if cell.kind == "value" else cell.text
            target.alignment = _LEFT if cell.kind == "label" else _CENTER
            target.font = _FONT
            if cell.kind == "value" and isinstance(cell.value, float):
                target.number_format = "General"
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    ws.cell(row=rr, column=cc).border = _BORDER
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1
                )
    total = sum(table.widths)
    for i, w in enumerate(table.widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = max(6.0, 110 * w / total)
    if table.header_rows:
        ws.print_title_rows = f"{_TOP}:{_TOP + table.header_rows - 1}"
    _page(ws, title, landscape=table.key == "appeals")


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    title = report_title(report)
    tables = {
        "proactive": proactive_table(report, with_unit_in_cell=False),
        "requests": requests_table(report),
        "appeals": appeals_table(report),
    }
    for key in section_keys():
        heading = section_heading(key)
        if key in tables:
            _write(wb, tables[key], title, heading)
            continue
        text = report.get(f"sections.{key}") or ""
        lines = [(line.strip(), _FONT) for line in text.split("\n") if line.strip()]
        first = [(title, _TITLE_FONT)] if key == "overview" else []
        _write_text(wb, heading, [*first, (heading, _TITLE_FONT), *lines], title)
    wb.properties.title = title
    wb.properties.creator = "gongkai"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
