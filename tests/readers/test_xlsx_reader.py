"""Excel reports: the official template's tables copied into a workbook with their merged cells, filled with a
real report's numbers, read back exactly: one sheet per table, and all tables on one sheet."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx  # python-docx
import openpyxl
import pytest
from docx.table import _Cell
from test_docx_reader import TEMPLATE, TITLE, expected, template_values

from gongkai.errors import DamagedFile
from gongkai.model.compare import compare_cells
from gongkai.readers import read_bytes
from gongkai.readers import xlsx as xlsx_reader


def template_tables(path: Path = TEMPLATE) -> list[list[list[list[Any]]]]:
    """Per table, per row: [grid column, colspan, rowspan, text] of each cell that starts there."""
    tables = []
    for table in docx.Document(str(path)).tables:
        rows: list[list[list[Any]]] = []
        open_at: dict[int, list[Any]] = {}
        for row in table.rows:
            out: list[list[Any]] = []
            col = 0
            for tc in row._tr.tc_lst:
                if tc.vMerge == "continue" and col in open_at:
                    open_at[col][2] += 1
                else:
                    cell = [col, tc.grid_span, 1, _Cell(tc, table).text.strip()]
                    out.append(cell)
                    if tc.vMerge == "restart":
                        open_at[col] = cell
                    else:
                        open_at.pop(col, None)
                col += tc.grid_span
            rows.append(out)
        tables.append(rows)
    return tables


def make_workbook(one_sheet: bool) -> bytes:
    values = template_values(expected())
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "年度报告"
    ws["A1"] = TITLE
    top = 3
    for t, rows in enumerate(template_tables()):
        if not one_sheet:
            ws = wb.create_sheet(f"表{t + 2}")
            top = 1
        for r, row in enumerate(rows):
            for col, colspan, rowspan, text in row:
                value = values.get((t, r, col))
                cell = ws.cell(
                    row=top + r, column=col + 1, value=value if value is not None else (text or None)
                )
                del cell
                if colspan > 1 or rowspan > 1:
                    ws.merge_cells(
                        start_row=top + r,
                        start_column=col + 1,
                        end_row=top + r + rowspan - 1,
                        end_column=col + colspan,
                    )
        top += len(rows) + 2  # a blank row between tables
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("one_sheet", [True, False], ids=["all-on-one-sheet", "sheet-per-table"])
def test_workbook_from_the_template_reads_back_exactly(one_sheet: bool) -> None:
    result = read_bytes(make_workbook(one_sheet), name="report.xlsx")
    report = result.report
    diff = compare_cells(report, expected())
    assert diff.mismatches == []
    assert diff.total == 200
    assert (report.template, report.year) == ("2021", 2024)
    assert report.source is not None and report.source.reader == "xlsx"
    assert report.get("proactive.licensing.decisions") == 97
    assert report.get("requests.carried_forward.total") is None
    assert len(result.layout.tables) == 3
    # merged cells: 三、本年度办理结果 down 22 rows, 本年处理决定数量 across 3 columns
    t3 = result.layout.tables[1]
    label = next(c for c in t3.rows[5].cells if c.text == "三、本年度办理结果")
    assert (label.rowspan, label.spanned) == (22, False)
    assert t3.rows[6].cells[0].spanned and t3.rows[6].cells[0].text == "三、本年度办理结果"
    assert [(c.text, c.colspan) for c in result.layout.tables[0].rows[6].cells] == [
        ("行政许可", 1),
        ("97", 3),
    ]
    assert result.layout.blocks[0].text == TITLE  # type: ignore[union-attr]


def test_a_broken_workbook_is_one_clear_error() -> None:
    data = make_workbook(True)
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            z.writestr(name, b"<not xml" if name == "xl/workbook.xml" else src.read(name))
    with pytest.raises(DamagedFile, match="Excel 文档无法解析"):
        xlsx_reader.read(out.getvalue())
