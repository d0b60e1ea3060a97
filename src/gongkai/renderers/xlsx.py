"""Excel (.xlsx): the three tables, one sheet each, with the official merged headers and numbers as numbers.

Each sheet starts with the report title and the table's section heading (merged across the table), then the
table on its official grid. Blank cells stay empty (never 0). The 2019 procurement unit goes into the
采购总金额 header, so the amount cell holds a bare number.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.layout import section_heading
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
_TOP = 3  # the table starts on this row (1: title, 2: section heading)


def _sheet_name(table: GridTable) -> str:
    return table.caption[:31]


def _write(wb: Workbook, table: GridTable, title: str, heading: str) -> None:
    ws = wb.create_sheet(_sheet_name(table))
    ws.cell(row=1, column=1, value=title).font = _TITLE_FONT
    ws.cell(row=2, column=1, value=heading).font = _TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.n_cols)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=table.n_cols)
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
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.key == "appeals" else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    title = report_title(report)
    for table in (
        proactive_table(report, with_unit_in_cell=False),
        requests_table(report),
        appeals_table(report),
    ):
        _write(wb, table, title, section_heading(table.key))
    wb.properties.title = title
    wb.properties.creator = "gongkai"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
