"""Reports as OCR and PDF→Markdown converters print them (issue 12 §2): every cell read, none wrong.

The documents are the real fixtures converted on the fly by ``tests/converted.py`` (their narrative kept,
their tables printed from the hand-checked expected values in the shapes converters write), plus a
hand-written Markdown file as such converters write it (``fixtures/converted/``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converted import REPORTS, SHAPES, SOURCES, convert, expected
from gongkai.model.compare import compare_cells
from gongkai.readers import read_bytes

CONVERTED = Path(__file__).resolve().parents[1] / "fixtures" / "converted"


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("source", SOURCES)
def test_every_cell_of_a_converted_report_is_read(source: str, shape: str) -> None:
    read = read_bytes(convert(source, shape))
    diff = compare_cells(read.report, expected(source))
    assert diff.mismatches == []
    assert diff.equal == diff.total > 150
    original = read_bytes((REPORTS / source).read_bytes())
    assert [h.key for h in read.facts.headings] == [h.key for h in original.facts.headings]
    assert read.report.sections == original.report.sections
    assert (read.report.title, read.report.year, read.report.agency, read.report.template) == (
        original.report.title,
        original.report.year,
        original.report.agency,
        original.report.template,
    )


def test_the_shapes_are_what_converters_print() -> None:
    """The generator really prints the shapes the tests claim to read (a test that cannot fail is none)."""
    text = convert("2021/2024-pingtan-page.html", "converted").decode()
    assert "## " in text and "**" in text  # Markdown headings, bold headings
    assert "| 项目 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |" in text
    assert "### 行政诉讼（未经复议直接起诉）" in text and "### 行政诉讼（复议后起诉）" in text
    assert "| 1 | 2 | 3 | 4 | 5 |" in text  # a header of column numbers, never read as values
    continued = convert("2021/2023-hongze-district.pdf", "continued").decode()
    # a page number between the two parts of 表三; the second part's first row became its header
    assert "- 5 -\n\n| （三）不予公开 5.属于三类内部事务信息 |" in continued


def test_a_header_of_column_numbers_is_never_a_row_of_values() -> None:
    text = convert("2021/2024-pingtan-page.html", "converted").decode()
    read = read_bytes(text.encode())
    assert read.report.get("appeals.review.upheld") == 2  # not the column number 1


def test_hand_written_converter_markdown() -> None:
    """MinerU/Marker-style Markdown of the 2024 平潭 report: headings, bold, aligned separators, 表二 in four
    tables, 表三 one table per group under 数据1…数据6 headers and cut by a page number, 表四 in three."""
    read = read_bytes((CONVERTED / "2024-pingtan-ocr.md").read_bytes())
    want = json.loads((REPORTS / "2021" / "2024-pingtan-page.expected.json").read_text(encoding="utf-8"))
    diff = compare_cells(read.report, want)
    assert diff.mismatches == [] and diff.equal == diff.total == 200
    assert [h.key for h in read.facts.headings] == [
        "overview", "proactive", "requests", "appeals", "problems", "other",
    ]  # fmt: skip
    assert read.report.sections.overview is not None and "**" not in read.report.sections.overview
    assert read.report.sections.other == "2024年，无收取信息处理费情况。"
