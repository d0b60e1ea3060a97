"""Scanned reports read by OCR: image-only PDFs and page images made from the real PDF fixture (tests/readers/
scans.py), compared cell by cell with the read of the same report's text layer.

Every scan is read once per session (OCR costs seconds a page)."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from scans import HONGZE, HONGZE_TABLE_PAGES, image_pdf, png, render, scan

from gongkai.errors import InputError, NoReportFound, ScannedPdf, UnreadableFile, UnsupportedFormat
from gongkai.readers import ReadResult, ocr, read_bytes, read_report
from gongkai.readers.ocrengine import engine

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
