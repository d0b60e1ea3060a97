"""Tables behind the charts: what the table view shows and what CSV/XLSX downloads hold (the same cells: the
text as shown, and for Excel the number itself, a rate as a percentage cell)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

import openpyxl
from django.http import HttpResponse

from gongkai.supervise import Indicator, format_change, format_value, is_rate
from gongkai_web.common import spreadsheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Cell(NamedTuple):
    """One cell: ``text`` as shown; ``value`` the number for Excel (None: the text); ``percent``: a rate."""

    text: str
    value: object = None
    percent: bool = False

    @classmethod
    def of(cls, indicator: Indicator | None, key: str) -> Cell:
        value = None if indicator is None else indicator.value
        return cls(format_value(key, value), value, is_rate(key))

    @classmethod
    def change(cls, key: str, change: float | int | None) -> Cell:
        return cls(format_change(key, change), change, is_rate(key))

    @classmethod
    def count(cls, value: object) -> Cell:
        return cls("—" if value is None else f"{value:g}" if isinstance(value, float) else str(value), value)


@dataclass
class Table:
    name: str  # the download's file name (without extension)
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""

    def text_rows(self) -> list[list[str]]:
        return [self.header, *([c.text for c in row] for row in self.rows)]


def to_csv(table: Table) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(spreadsheets.row(row) for row in table.text_rows())
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read it as UTF-8


def to_xlsx(table: Table, title: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(spreadsheets.row(table.header))
    for row in table.rows:
        sheet.append(
            spreadsheets.row(c.text if c.value is None or isinstance(c.value, bool) else c.value for c in row)
        )
        for cell, source in zip(sheet[sheet.max_row], row, strict=True):
            if source.percent and source.value is not None:
                cell.number_format = "0.0%"
    for i, text in enumerate(table.header):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = max(
            10, min(40, 2 * len(text))
        )
    if table.note:
        sheet.append([])
        sheet.append([spreadsheets.cell(table.note)])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def download(table: Table, kind: str, title: str) -> HttpResponse:
    """``kind`` ``csv`` or ``xlsx`` (the caller checked it)."""
    if kind == "xlsx":
        data, content_type, ext = to_xlsx(table, title), XLSX, "xlsx"
    else:
        data, content_type, ext = to_csv(table), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{table.name}.{ext}')}"
    return response


def percent(indicator: Indicator | None) -> float | None:
    """A value as a chart draws it: a rate in percent (one decimal), a count as is, None for —."""
    if indicator is None or indicator.value is None:
        return None
    return round(indicator.value * 100, 1) if indicator.is_rate else indicator.value


def pick(rows: Sequence[Sequence[Cell]], page: int, size: int) -> list[Sequence[Cell]]:
    return list(rows[(page - 1) * size : page * size])
