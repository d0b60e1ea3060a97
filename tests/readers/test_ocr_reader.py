"""Scanned reports read by OCR: image-only PDFs and page images made from the real PDF fixture
(tests/scans.py), compared cell by cell with the read of the same report's text layer.

Every scan is read once per session (OCR costs seconds a page)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gongkai.check import check_report
from gongkai.errors import InputError, NoReportFound, ScannedPdf, UnreadableFile, UnsupportedFormat
from gongkai.layout import cell_label
from gongkai.read import decide_ocr_cells, read_bytes, read_report
from gongkai.readers import ReadResult, ocr, pdf
from gongkai.readers.assemble import assemble
from gongkai.readers.layout import Cell, Layout
from gongkai.readers.ocrengine import engine
from gongkai.readers.pagelayout import MIN_CONFIDENCE, ocr_readings
from gongkai.readers.pdfpage import Char
from scans import HONGZE, HONGZE_TABLE_PAGES, image_pdf, png, render, scan

pytestmark = pytest.mark.slow

_reads: dict[str, ReadResult] = {}


def read_scan(name: str) -> ReadResult:
    if name not in _reads:
        _reads[name] = read_bytes(scan(name), name=f"{name}.pdf")
    return _reads[name]


def cells(result: ReadResult) -> dict[str, Any]:
    data = result.report.model_dump()
    return {
        f"{table}.{row}.{col}": value
        for table in ("proactive", "requests", "appeals")
        for row, cols in data[table].items()
        if isinstance(cols, dict)
        for col, value in cols.items()
    }


@pytest.fixture(scope="module")
def text_layer() -> ReadResult:
    return read_report(HONGZE)


def compare(result: ReadResult, truth: ReadResult) -> tuple[int, list[str], list[str]]:
    """(cells equal, cells left blank, cells read wrong) against the text layer's read."""
    want, got = cells(truth), cells(result)
    equal = sum(1 for k, v in want.items() if got.get(k) == v)
    blank = [k for k, v in want.items() if got.get(k) is None and v is not None]
    wrong = [f"{k}: {got.get(k)} ≠ {v}" for k, v in want.items() if got.get(k) not in (None, v)]
    return equal, blank, wrong


def test_a_300_dpi_scan_reads_every_cell_as_the_text_layer_does(text_layer: ReadResult) -> None:
    result = read_scan("300dpi")
    equal, blank, wrong = compare(result, text_layer)
    assert (wrong, blank) == ([], [])
    assert equal == len(cells(text_layer)) == 207
    assert result.report.source is not None and result.report.source.reader == "ocr"
    for field in ("template", "year", "agency"):
        assert getattr(result.report, field) == getattr(text_layer.report, field)
    assert result.facts.headings and [h.key for h in result.facts.headings] == [
        h.key for h in text_layer.facts.headings
    ]
    # 表三 breaks across pages 3–4 in this report: the OCR'd table is joined as the text layer's is
    assert result.report.cells is not None
    assert result.report.cells["requests.carried_forward.total"].page == 4


def test_ocr_attempts_no_network_access(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    engine.cache_clear()  # load the models under the patch too
    page = render(HONGZE, 150, (HONGZE_TABLE_PAGES[1],))[0]
    result = read_bytes(png(page, 150), name="page3.png")
    assert result.report.requests.received.total == 21


def test_without_the_ocr_packages_a_scan_is_refused_with_how_to_enable_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    page = render(HONGZE, 72, (1,))[0]
    with pytest.raises(ScannedPdf) as scanned:
        read_bytes(image_pdf([page], 72), name="scan.pdf")
    assert "uv sync --extra ocr" in scanned.value.line()
    with pytest.raises(UnsupportedFormat) as image:
        read_bytes(png(page, 72), name="page.png")
    assert "gongkai[ocr]" in image.value.line()


def test_an_image_without_a_report_is_the_clear_input_error() -> None:
    from PIL import Image

    with pytest.raises(UnreadableFile):
        read_bytes(png(Image.new("L", (1240, 1754), 255), 150), name="blank.png")
    last_page = render(HONGZE, 150, (5,))[0]  # prose only: no table, no title
    with pytest.raises(NoReportFound):
        read_bytes(png(last_page, 150), name="page5.png")
    with pytest.raises(InputError):
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="broken.png")


# ---- confidence, unsure digits, and the identities that decide them --------------------------------------


def test_every_ocr_number_carries_its_confidence_and_the_report_says_it_was_ocr() -> None:
    result = read_scan("300dpi")
    assert result.report.cells is not None
    values = {p: loc for p, loc in result.report.cells.items() if result.report.get(p) is not None}
    confidences = [loc.confidence for loc in values.values()]
    assert confidences and all(c is not None and 0 <= c <= 1 for c in confidences)
    # a value under the threshold is there only because the tables' identities decided it, and the note says so
    notes = " ".join(result.facts.reading_notes)
    low = [p for p, loc in values.items() if (loc.confidence or 0) < MIN_CONFIDENCE]
    assert all(cell_label(p, result.report.template) in notes for p in low), (low, notes)
    assert result.facts.ocr_pages == [1, 2, 3, 4, 5]
    assert result.facts.ocr_confidence == round(min(c for c in confidences if c is not None), 3)
    findings = check_report(result.report, facts=result.facts)
    read_by_ocr = [f for f in findings if f.code == "F113"]
    assert len(read_by_ocr) == 1 and read_by_ocr[0].severity == "info"
    assert "第1–5页由文字识别（OCR）读取" in read_by_ocr[0].message


def test_an_unsure_digit_gives_every_reading_of_its_cell() -> None:
    def char(ch: str, x: float, confidence: float = 0.99, alternatives: str | None = None) -> Char:
        return Char(ch, x, x + 5, 0, 10, confidence, ch if alternatives is None else alternatives)

    assert ocr_readings([char("2", 0), char("1", 6)]) == (0.99, ())
    assert ocr_readings([char("2", 0), char("1", 6, 0.55, "17")]) == (0.55, ("21", "27"))
    assert ocr_readings([char("8", 0, 0.4)]) == (0.4, ("8",))  # one candidate, but too unsure to be a value
    assert ocr_readings([Char("本", 0, 10, 0, 10)]) == (None, ())  # not a digit: text layer or OCR'd label


def _cell(layout: Layout, location: Any) -> Cell:
    row = layout.tables[location.table - 1].rows[location.row - 1]
    return next(c for c in row.cells if c.col + 1 == location.col and not c.spanned)


def test_unsure_cells_are_blanks_with_candidates_unless_the_tables_identities_decide_them() -> None:
    layout = pdf.read(HONGZE.read_bytes())
    report, text_facts = assemble(layout)
    assert report.cells is not None
    layout.reader = "ocr"
    # 自然人 of 一、本年新收 read as 21 or 27: the row's 总计 (21) and 一+二 = 三（七）+四 rule 27 out
    _cell(layout, report.cells["requests.received.natural_person"]).candidates = ("21", "27")
    # 行政处罚 of 表二 read as 4119 or 4179: 表二 has no sums, the cell stays blank
    _cell(layout, report.cells["proactive.penalty.decisions"]).candidates = ("4119", "4179")
    ocr_report, facts = assemble(layout)
    # the reader leaves both blank with their candidates; the pipeline above readers and rules decides
    assert ocr_report.requests.received.natural_person is None
    assert facts.ambiguous_cells["requests.received.natural_person"] == [21.0, 27.0]
    decide_ocr_cells(ocr_report, facts)
    assert ocr_report.requests.received.natural_person == 21
    assert ocr_report.proactive.penalty.decisions is None
    assert facts.ambiguous_cells == {"proactive.penalty.decisions": [4119.0, 4179.0]}
    assert facts.ocr_cells == ["proactive.penalty.decisions"]
    findings = check_report(ocr_report, facts=facts)
    unsure = [f for f in findings if f.code == "F107"]
    assert [f.paths for f in unsure] == [("proactive.penalty.decisions",)]
    assert "文字识别（OCR）" in unsure[0].message and "4119、4179" in unsure[0].message
    notes = [f.message for f in findings if f.code == "F108"]
    assert any("由表内勾稽关系" in n and "T3" in n and "本年新收" in n for n in notes), notes
    errors = [(f.code, f.paths) for f in findings if f.severity == "error"]
    assert errors == [
        (f.code, f.paths) for f in check_report(report, facts=text_facts) if f.severity == "error"
    ]
    # the blank is the reader's, not the report's: no 'blank cell' warning for it
    assert not [f for f in findings if "proactive.penalty.decisions" in f.paths and f.code != "F107"]


# ---- harder scans: lower resolution, skew, noise, pages turned by 90°, page images --------------------------


@pytest.mark.parametrize("name", ["150dpi", "skewed", "noisy", "300dpi-skewed", "300dpi-noisy"])
def test_a_harder_scan_reads_99_percent_of_cells_and_no_wrong_number(
    name: str, text_layer: ReadResult
) -> None:
    result = read_scan(name)
    equal, blank, wrong = compare(result, text_layer)
    assert wrong == []
    assert equal >= 0.99 * len(cells(text_layer)), (equal, blank)
    # a blank the reader left is explained by a finding on that cell, never silent
    findings = check_report(result.report, facts=result.facts)
    assert all(any(path in f.paths for f in findings) for path in blank)


def _page_cells(result: ReadResult, truth: ReadResult) -> dict[str, Any]:
    """The cells a one-page read filled, each checked against the text layer's read."""
    want, got = cells(truth), cells(result)
    filled = {k: v for k, v in got.items() if v is not None}
    assert {k: want[k] for k in filled} == filled
    return filled


def test_a_png_page_image(text_layer: ReadResult) -> None:
    page = render(HONGZE, 200, (3,))[0]
    result = read_bytes(png(page, 200), name="page3.png")
    assert result.report.source is not None and result.report.source.reader == "ocr"
    filled = _page_cells(result, text_layer)
    assert len(filled) == 101  # the end of 表二 (3 cells) and 表三's 14 rows on page 3, 7 cells each
    _reads["png"] = result


@pytest.mark.parametrize("clockwise", [True, False])
def test_a_page_turned_by_90_degrees_is_read_upright(clockwise: bool, text_layer: ReadResult) -> None:
    from PIL import Image

    page = render(HONGZE, 150, (3,))[0].transpose(
        Image.Transpose.ROTATE_270 if clockwise else Image.Transpose.ROTATE_90
    )
    data = png(page, 150) if clockwise else image_pdf([page], 150)
    result = read_bytes(data, name="landscape")
    assert len(_page_cells(result, text_layer)) == 101


def test_a_page_scanned_upside_down_is_read_upright(text_layer: ReadResult) -> None:
    from PIL import Image

    page = render(HONGZE, 150, (3,))[0].transpose(Image.Transpose.ROTATE_180)
    result = read_bytes(png(page, 150), name="upside-down.png")
    assert len(_page_cells(result, text_layer)) == 101


def test_gongkai_works_without_the_ocr_packages_and_refuses_a_scan_with_how_to_enable_ocr(
    tmp_path: Path,
) -> None:
    """A plain ``pip install gongkai`` has no numpy, OpenCV or onnxruntime: reading still works, a scan is the
    clear refusal."""
    page = tmp_path / "scan.pdf"
    page.write_bytes(image_pdf(render(HONGZE, 72, (1,)), 72))
    code = (
        "import sys\n"
        "for m in ('numpy', 'cv2', 'onnxruntime', 'rapidocr_onnxruntime'): sys.modules[m] = None\n"
        "from gongkai.errors import ScannedPdf\n"
        "from gongkai.readers import read_bytes, read_report\n"
        f"assert read_report({str(HONGZE)!r}).report.requests.received.total == 21\n"
        "try:\n"
        f"    read_bytes(open({str(page)!r}, 'rb').read())\n"
        "except ScannedPdf as exc:\n"
        "    print(exc.line())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "扫描件" in done.stdout and "uv sync --extra ocr" in done.stdout
