"""Excel reports (.xlsx, and .xls/.et after LibreOffice has converted them) with openpyxl.

Every sheet is read in order; merged cells become spans (the first cell of a merge keeps the text, the rows it
covers get spanned copies). A sheet holds one table or several: blank rows separate them, and rows at the top
of a block with a single unmerged text cell, or blocks of nothing else (a title, a section heading), become
paragraphs. Every XML part is checked for a DTD before openpyxl sees it; the ZIP was checked for bombs by the
caller.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from typing import Any

from gongkai.errors import DamagedFile, LimitExceeded, UnreadableFile
from gongkai.readers.layout import Block, Cell, Layout, Paragraph, Row, Table
from gongkai.readers.limits import DEFAULT_LIMITS, Limits, check_time, open_zip, read_member, reject_dtd
from gongkai.readers.values import parse_value

NAME = "xlsx"


def sniff_zip(names: set[str]) -> bool:
    return "xl/workbook.xml" in names


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    zf = open_zip(data, "Excel 文档", limits)
    return read_zip(zf, limits)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def read_zip(zf: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> Layout:
    import openpyxl

    for name in zf.namelist():
        if name.endswith((".xml", ".rels", ".vml")):
            reject_dtd(read_member(zf, name, limits), name)
    try:
        # openpyxl warns about styles and extensions it does not keep; they do not affect cell values
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(zf.fp, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise DamagedFile(f"Excel 文档无法解析（{type(exc).__name__}: {str(exc)[:80]}）") from None
    layout = Layout(reader=NAME)
    for ws in wb.worksheets:
        _sheet(ws, layout.blocks, limits)
    for k, table in enumerate(layout.tables, start=1):
        table.index = k
    if not layout.blocks:
        raise UnreadableFile("Excel 文档中没有内容")
    return layout


def _sheet(ws: Any, blocks: list[Block], limits: Limits) -> None:
    if ws.max_row * ws.max_column > limits.max_cells:  # before iter_rows makes a cell object for each
        raise LimitExceeded(
            f"工作表“{ws.title}”用到 {ws.max_row} 行 × {ws.max_column} 列，超过 {limits.max_cells} 格的上限"
        )
    merges: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # (row, col) -> (r0, c0, rowspan, colspan)
    merged = sum(rng.size["rows"] * rng.size["columns"] for rng in ws.merged_cells.ranges)
    if merged > limits.max_cells:
        raise LimitExceeded(f"工作表“{ws.title}”的合并单元格共覆盖 {merged} 格，上限 {limits.max_cells} 格")
    for rng in ws.merged_cells.ranges:
        r0, c0, r1, c1 = rng.min_row, rng.min_col, rng.max_row, rng.max_col
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                merges[(r, c)] = (r0, c0, r1 - r0 + 1, c1 - c0 + 1)
    values: dict[tuple[int, int], str] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                text = _text(cell.value)
                if text:
                    values[(cell.row, cell.column)] = text
    if not values:
        return
    max_row = max(r for r, _ in values)
    max_col = max(c for _, c in values)
    block: list[Row] = []

    def flush() -> None:
        # a title, heading or text line: rows of one cell on their own (a block of nothing else: even "无"
        # or a number is a line of text there), or unmerged text cells at the top of a table
        alone = all(_single_cell(row) for row in block)
        if alone:
            blocks.extend(Paragraph(text=next(c.text for c in row.cells if c.text)) for row in block)
            block.clear()
        while block and _single_text(block[0], merged=False):
            blocks.append(Paragraph(text=next(c.text for c in block[0].cells if c.text)))
            block.pop(0)
        if block:
            # the used width of this table, not of the whole sheet (tables of other widths share its columns)
            used = [c for row in block for c in row.cells if c.text or c.colspan > 1 or c.spanned]
            edge = max(c.col + c.colspan for c in used)
            for row in block:
                row.cells = [c for c in row.cells if c.col < edge]
            blocks.append(Table(rows=list(block)))
        block.clear()

    for r in range(1, max_row + 1):
        if r % 256 == 0:
            check_time(f"工作表“{ws.title}”")
        cells: list[Cell] = []
        c = 1
        while c <= max_col:
            merge = merges.get((r, c))
            if merge is None:
                cells.append(Cell(values.get((r, c), ""), c - 1))
                c += 1
                continue
            r0, c0, rowspan, colspan = merge
            text = values.get((r0, c0), "")
            if r0 == r:
                cells.append(Cell(text, c0 - 1, colspan, rowspan))
            else:
                cells.append(Cell(text, c0 - 1, colspan, 1, True))
            c = c0 + colspan
        if all(not cell.text for cell in cells) and not any(cell.spanned for cell in cells):
            flush()
            continue
        block.append(Row(cells=cells, line=r))
    flush()


def _single_cell(row: Row) -> bool:
    filled = [c for c in row.cells if c.text]
    return len(filled) == 1 and not filled[0].spanned


def _single_text(row: Row, *, merged: bool = True) -> bool:
    filled = [c for c in row.cells if c.text]
    return (
        len(filled) == 1
        and not filled[0].spanned
        and (merged or filled[0].colspan == 1)
        and parse_value(filled[0].text).kind == "text"
    )
