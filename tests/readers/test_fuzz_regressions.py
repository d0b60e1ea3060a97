"""One regression test per class of input the fuzzer (``tests/fuzzing.py``) found ending in an internal error,
running unbounded, or read as an implausible value. Each input is made in the test by mutating a committed
fixture, never stored as a binary file."""

from __future__ import annotations

import io
import itertools
import random
import re
import struct
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_docx_reader import fill_template
from test_hostile_files import one_line_exit_2
from test_pdf_reader import HONGZE
from test_xlsx_reader import make_workbook

from gongkai.check import check_report as check
from gongkai.errors import DamagedFile, LimitExceeded
from gongkai.readers import read_bytes
from gongkai.readers.cuts import MAX_READINGS, TooManyReadings, cuts, search, valid_part
from gongkai.readers.limits import Limits
from gongkai.readers.runs import readings

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
BOUNDED = Limits(max_seconds=20)  # generous: a bound, not a timing test (the exhaustive cut took 145 s)


def _data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where a member's compressed bytes start (after its local header)."""
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


def corrupt_member(data: bytes, name: str) -> bytes:
    """The member's deflate stream overwritten in the middle: zlib fails while inflating it."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = _data_offset(data, info)
    out = bytearray(data)
    for i in range(start + 5, start + min(info.compress_size, 40)):
        out[i] ^= 0x55
    return bytes(out)


def with_central_field(data: bytes, offset: int, value: int, name: str | None = None) -> bytes:
    """Every central-directory entry (or the one of ``name``) with a 2-byte field set to ``value``."""
    out = bytearray(data)
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        n = struct.unpack("<H", data[pos + 28 : pos + 30])[0]
        if name is None or data[pos + 46 : pos + 46 + n] == name.encode():
            out[pos + offset : pos + offset + 2] = struct.pack("<H", value)
        pos = data.find(b"PK\x01\x02", pos + 1)
    return bytes(out)


@pytest.mark.parametrize("member", ["word/document.xml"])
def test_docx_with_a_corrupt_member(tmp_path: Path, member: str) -> None:
    line = one_line_exit_2(tmp_path, "corrupt.docx", corrupt_member(fill_template(), member))
    assert f"文件已损坏：压缩包内 {member} 无法解压（Error -3 while decompressing data" in line


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_xlsx_with_a_corrupt_member(member: str) -> None:
    with pytest.raises(DamagedFile, match=f"压缩包内 {member.replace('[', '.').replace(']', '.')} 无法解压"):
        read_bytes(corrupt_member(make_workbook(True), member))


def test_zip_member_with_an_unsupported_compression_method(tmp_path: Path) -> None:
    data = with_central_field(fill_template(), 10, 99, "word/document.xml")  # method 99 (AES)
    line = one_line_exit_2(tmp_path, "method.docx", data)
    assert "文件已损坏：压缩包内 word/document.xml 使用了不支持的压缩方式" in line


def test_zip_of_an_unsupported_version(tmp_path: Path) -> None:
    data = with_central_field(fill_template(), 6, 99)  # "version needed to extract" 9.9
    line = one_line_exit_2(tmp_path, "version.docx", data)
    assert "文件已损坏：ZIP/Office 文档使用了不支持的 ZIP 格式（zip file version 9.9）" in line


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"/Kids [6 0 R 34 0 R", b"/Kids [6 0 R 99999 0 R"),  # a page that is not there
        (b"/Kids [6 0 R 34 0 R", b"/Kids [6 0 R 3 0 R"),  # a page that is not a page
        (b"/Count 5", b"/Count 9"),  # more pages counted than listed
    ],
)
def test_pdf_page_pdfium_cannot_load(tmp_path: Path, old: bytes, new: bytes) -> None:
    data = HONGZE.read_bytes()
    assert old in data
    line = one_line_exit_2(tmp_path, "page.pdf", data.replace(old, new))
    assert re.search(r"文件已损坏：PDF 第 \d 页无法载入", line)


@pytest.mark.parametrize("token", ["5949.-088667", "5+3", "1.2.3", "-", "0-1", "7.", ".7"])
def test_number_tokens_that_are_not_numbers(token: str) -> None:
    """A run-together row whose digits hold a token Python's int/float cannot read: no internal error."""
    for reading in readings(f"{token} 0 0 0 0 0 5949", 7, lambda r: True)[0]:
        assert len(reading) == 7  # cut from the digits around the token, never from the token itself
    text = (REPORTS / "2021" / "2022-pingtan-crawled.txt").read_text(encoding="utf-8")
    assert "申请数量 713000074二" in text
    before = read_bytes(text.encode()).report
    report = read_bytes(
        text.replace("申请数量 713000074二", f"申请数量 {token} 0 0 0 0 0 5949二").encode()
    ).report
    assert before.get("requests.received.total") == 74
    assert report.get("requests.received.total") != 74
    for path in ("requests.carried_over.total", "appeals.review.total", "proactive.rules.issued"):
        assert report.get(path) == before.get(path)  # the other rows are read as before


# ---- run-together digits: polynomial, with the same readings as the exhaustive cut --------------------


def _exhaustive(run: str, k: int) -> list[tuple[str, ...]]:
    """Every cut of ``run`` into ``k`` parts by brute force over the cut points (the first reader's rule)."""
    out = []
    for points in itertools.combinations(range(1, len(run)), k - 1):
        parts = tuple(run[a:b] for a, b in itertools.pairwise((0, *points, len(run))))
        # a part is at most 10 digits plus the dots from its start to the end of the run
        starts = (0, *points)
        if all(
            valid_part(p) and len(p) <= 10 + run[s:].count(".") and not run.startswith(".", s + len(p))
            for p, s in zip(parts, starts, strict=True)
        ):
            out.append(parts)
    return out


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text("0123456789.-", min_size=1, max_size=14), st.integers(1, 5))
def test_cuts_are_every_exhaustive_cut_in_the_same_order(run: str, k: int) -> None:
    assert list(cuts(run, k)) == _exhaustive(run, k)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=16), st.sampled_from([(7, 7), (10, 5), (4, 0)]))
def test_search_with_the_sums_applied_as_it_goes_equals_filtering_every_cut(
    run: str, shape: tuple[int, int]
) -> None:
    k, group = shape
    numbers = [tuple(float(p) if "." in p else int(p) for p in c) for c in _exhaustive(run, k)]
    by_sum = (
        [
            r
            for r in numbers
            if all(sum(r[g : g + group - 1]) == r[g + group - 1] for g in range(0, k, group or k))
        ]
        if group
        else numbers
    )
    assert search(run, k, group=group) == by_sum


def test_a_run_of_400_digits_has_no_reading_at_once() -> None:
    assert readings("1" + "3" * 399, 7, lambda r: True, group=7) == ([], "按勾稽关系拆分")
    text = (REPORTS / "2021" / "2022-pingtan-crawled.txt").read_text(encoding="utf-8")
    report = read_bytes(text.replace("713000074", "1" + "3" * 399).encode(), limits=BOUNDED).report
    assert report.get("requests.received.total") is None


def test_fourteen_runs_of_64_digits_are_read_within_the_limit() -> None:
    """The exhaustive cut took 145 s on such a text; the time limit now stops any reader, and this one needs
    far less (the figure is in bench/robust.py)."""
    rng = random.Random(0)
    text = (REPORTS / "2021" / "2022-pingtan-crawled.txt").read_text(encoding="utf-8")
    runs = iter(range(14))
    mutated = re.sub(
        r"\d{7,}",
        lambda m: "".join(rng.choices("0123456789", k=64)) if next(runs, None) is not None else m[0],
        text,
    )
    assert next(runs, None) is None  # all fourteen runs were replaced
    read_bytes(mutated.encode(), limits=BOUNDED)


def test_too_many_readings_leave_the_row_undecided() -> None:
    assert readings("1" * 40, 7, lambda r: True) == ([], f"读法超过{MAX_READINGS}种、未拆分")
    with pytest.raises(TooManyReadings):
        search("1" * 40, 7)


def test_the_time_limit_covers_the_text_and_html_readers() -> None:
    for path in (REPORTS / "2021" / "2022-pingtan-crawled.txt", REPORTS / "2021" / "2024-pingtan-page.html"):
        with pytest.raises(LimitExceeded, match="读取超过 0 秒"):
            read_bytes(path.read_bytes(), limits=Limits(max_seconds=0))


def test_a_spreadsheet_whose_used_grid_is_huge() -> None:
    data = make_workbook(True)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.active["XFD1048576"] = 1  # the last cell of the sheet: a grid of 17 billion cells
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(LimitExceeded, match="用到 1048576 行 × 16384 列，超过 200000 格的上限"):
        read_bytes(out.getvalue())


# ---- numbers no cell can hold: a blank with F112, never a value ------------------------------------------

STC = REPORTS / "2021" / "2024-shanghai-stc-converted.txt"


@pytest.mark.parametrize(
    ("printed", "why"),
    [("4" + "0" * 399, "超过12位数"), ("3000000000", "数量超过10亿"), ("1234567890123", "超过12位数")],
)
def test_an_implausible_count_is_a_blank_with_f112(printed: str, why: str) -> None:
    text = STC.read_text(encoding="utf-8")
    row = "| 一、本年新收政府信息公开申请数量 | 32 | 2 |"
    assert row in text
    result = read_bytes(text.replace(row, f"| 一、本年新收政府信息公开申请数量 | {printed} | 2 |").encode())
    path = "requests.received.natural_person"
    assert result.report.get(path) is None
    assert result.report.get("requests.received.commercial") == 2
    assert result.facts.implausible_cells[path].endswith(f"（{why}）")
    findings = check(result.report, facts=result.facts)
    f112 = [f for f in findings if f.code == "F112"]
    assert [list(f.paths) for f in f112] == [[path]] and "未予填写" in f112[0].message
    # the checker does not call the cell blank: F112 says what was printed there
    assert not any(path in f.paths for f in findings if f.code == "T304")


def test_1e308_in_a_spreadsheet_is_a_blank_with_f112() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(make_workbook(True)))
    ws = wb.active
    assert ws is not None
    cell = next(c for row in ws.iter_rows() for c in row if c.value == 97)  # 行政许可·处理决定数量
    cell.value = 1e308
    out = io.BytesIO()
    wb.save(out)
    result = read_bytes(out.getvalue())
    assert result.report.get("proactive.licensing.decisions") is None
    assert result.facts.implausible_cells["proactive.licensing.decisions"].endswith("…（超过12位数）")
    assert "F112" in {f.code for f in check(result.report, facts=result.facts)}


# ---- memory: a page of millions of tiny elements -------------------------------------------------------


def test_a_web_page_of_millions_of_elements_is_refused_before_parsing(tmp_path: Path) -> None:
    """2 million ``<div><p>x</p></div>`` (20 MB) took 840 MB and 30 s in lxml and the walk; a real report
    page has 1,000–4,300 tags. Pages up to the limit stay under 400 MB (bench/robust.py)."""
    page = (REPORTS / "2021" / "2024-pingtan-page.html").read_bytes()
    end = page.rfind(b"</body>")
    data = page[:end] + b"<div><p>x</p></div>" * 300_000 + page[end:]
    line = one_line_exit_2(tmp_path, "huge.html", data)
    assert "超出读取上限：网页约有 601141 个标签，上限 100000 个" in line
    some = page[:end] + b"<div><p>x</p></div>" * 3_000 + page[end:]
    assert read_bytes(some).report.get("requests.received.total") == 218  # read as before, filler ignored
    with pytest.raises(LimitExceeded, match="上限 5000 个"):
        read_bytes(some, limits=Limits(max_html_elements=5_000))


def test_an_input_error_is_one_line_even_when_a_library_says_several() -> None:
    """openpyxl's "Unable to read workbook: …\\nThis is most probably …" made a two-line CLI error."""
    error = DamagedFile("Excel 文档无法解析（ValueError: Unable to read workbook.\nThis is most probably）")
    assert (
        error.line()
        == "文件已损坏：Excel 文档无法解析（ValueError: Unable to read workbook. This is most probably）。"
        + (DamagedFile.hint)
    )


def test_a_2021_report_whose_run_together_tables_are_the_2019_ones() -> None:
    """A 2021 crawl whose tables are a 2019 report's (spliced by the fuzzer): 政府集中采购 is no row of the
    2021 template, so its unit is not written into the 2021 model (a validation error before)."""
    head = (REPORTS / "2021" / "2023-pingtan-crawled.txt").read_text(encoding="utf-8")
    tail = (REPORTS / "2019" / "2020-pingtan-finance-crawled.txt").read_text(encoding="utf-8")
    result = read_bytes((head[: head.find("二、主动公开")] + tail[tail.find("二、主动公开") :]).encode())
    assert result.report.template == "2021"
    assert "proactive.procurement" in result.facts.rows_found  # printed, but no cell of this template


def test_a_cell_of_ten_thousand_digits() -> None:
    """Python refuses int() of more than 4,300 digits (ValueError): such a cell is a blank with F112."""
    text = STC.read_text(encoding="utf-8")
    row = "| 一、本年新收政府信息公开申请数量 | 32 | 2 |"
    result = read_bytes(
        text.replace(row, f"| 一、本年新收政府信息公开申请数量 | {'7' * 10_001} | 2 |").encode()
    )
    assert result.report.get("requests.received.natural_person") is None
    assert result.facts.implausible_cells["requests.received.natural_person"] == "7" * 24 + "…（超过12位数）"


def test_a_run_of_a_million_dots_is_refused_before_any_work() -> None:
    """The part-length bound grows with the run's dots, so a run of dots made the search quadratic (85 s on a
    1 MB fuzz input); a valid cut has at most one dot per cell, so such a run has none."""
    run = "1" + "." * 1_000_000 + "2"
    assert readings(run, 3, lambda r: True) == ([], "按勾稽关系拆分")
    assert list(cuts(run, 3)) == []
    text = (REPORTS / "2021" / "2022-pingtan-crawled.txt").read_text(encoding="utf-8")
    assert "713000074" in text
    dots = text.replace("713000074", "7" + "." * 200_000 + "4").encode()
    read_bytes(dots, limits=replace(BOUNDED, max_text_chars=1_000_000))  # the run search, not the text limit
    with pytest.raises(LimitExceeded, match="上限 200,000 个"):
        read_bytes(dots)


# ---- what a report can hold: text, table rows, cells in a row -------------------------------------------


def _layout_size(data: bytes) -> tuple[int, int, int]:
    """(printed characters, table rows, most cells in a row) of what a reader made of ``data``."""
    layout = read_bytes(data).layout
    rows = [row for table in layout.tables for row in table.rows]
    chars = sum(len(b.text) for b in layout.blocks if not hasattr(b, "rows"))
    chars += sum(len(c.text) for row in rows for c in row.cells)
    return chars, len(rows), max((len(row.cells) for row in rows), default=0)


def test_every_real_report_is_far_inside_the_limits() -> None:
    """The limits refuse only what no report is: every fixture uses under a tenth of each."""
    limits = Limits()
    for path in sorted(REPORTS.rglob("*")):
        if path.suffix in (".txt", ".html", ".pdf") and path.is_file():
            chars, rows, cells = _layout_size(path.read_bytes())
            assert chars * 10 < limits.max_text_chars, path
            assert rows * 10 < limits.max_table_rows, path
            assert cells * 10 < limits.max_row_cells, path


def test_a_text_far_longer_than_any_report_is_refused_at_once(tmp_path: Path) -> None:
    """A 2 MB text (a report repeated, or a slice of its table) took 4–10 s to read; it is refused before the
    lines are read. Whitespace does not count: a report padded with spaces (pdftotext -layout) reads."""
    text = (REPORTS / "2021" / "2024-shanghai-stc-converted.txt").read_bytes()
    line = one_line_exit_2(tmp_path, "huge.txt", text * 220)
    assert "超出读取上限：文字共 815,760 个字符，上限 200,000 个" in line
    padded = text.replace(b"\n", b" " * 1_000 + b"\n")
    assert len(padded.decode()) > Limits().max_text_chars
    assert read_bytes(padded).report.get("requests.received.total") is not None
    with pytest.raises(LimitExceeded, match="上限 1,000 个"):
        read_bytes(text, limits=Limits(max_text_chars=1_000))


def test_a_web_page_far_longer_than_any_report_is_refused_before_the_walk() -> None:
    page = (REPORTS / "2021" / "2024-pingtan-page.html").read_bytes()
    end = page.rfind(b"</body>")
    data = page[:end] + "<p>政府信息公开</p>".encode() * 40_000 + page[end:]
    with pytest.raises(LimitExceeded, match=r"网页的文字共 2.+ 个字符，上限 200,000 个"):
        read_bytes(data)


def test_a_table_of_more_rows_than_any_report_is_refused() -> None:
    page = (REPORTS / "2021" / "2024-pingtan-page.html").read_bytes()
    end = page.rfind(b"</body>")
    rows = b"<table>" + b"<tr><td>1</td><td>2</td></tr>" * 1_500 + b"</table>"
    with pytest.raises(LimitExceeded, match="表格多于 1,000 行"):
        read_bytes(page[:end] + rows + page[end:])
    text = (REPORTS / "2021" / "2024-shanghai-stc-converted.txt").read_bytes()
    with pytest.raises(LimitExceeded, match="表格多于 10 行"):
        read_bytes(text, limits=Limits(max_table_rows=10))
    assert read_bytes(text, limits=Limits(max_table_rows=100)).report.get("requests.received.total") == 34


def test_a_table_row_of_more_cells_than_any_report_is_refused() -> None:
    """A 2 MB line of tabs (a repeated slice) made a row of 250,000 cells, read for 19 s."""
    text = (REPORTS / "2021" / "2024-shanghai-stc-converted.txt").read_text(encoding="utf-8")
    tabs = "行政许可" + "\t" * 250_000 + "\n"
    with pytest.raises(LimitExceeded, match="表格的一行有 250,001 个单元格，上限 200 个"):
        read_bytes((text + tabs).encode())
    page = (REPORTS / "2021" / "2024-pingtan-page.html").read_bytes()
    end = page.rfind(b"</body>")
    wide = b"<table><tr>" + b"<td>0</td>" * 50_000 + b"</tr></table>"
    with pytest.raises(LimitExceeded, match="表格的一行有 201 个单元格，上限 200 个"):
        read_bytes(page[:end] + wide + page[end:])
