"""PDF and Word reading speed on one core: reports/s, pages/s, and the PDF parse time as a multiple of bare
pypdfium2 text extraction (``get_text_range`` on every page) of the same file, measured in this process.

    uv run python bench/pdf.py [--seconds 3]

The DOCX is the official blank template filled with a fixture report's numbers (as the tests build it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from gongkai.readers import pdf, read_bytes

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted((ROOT / "tests" / "fixtures" / "reports").rglob("*.pdf"))


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def per_call(fn: Callable[[], object], seconds: float) -> float:
    """Median seconds per call over batches filling ``seconds``."""
    fn()  # warm caches (catalog, label normalisation)
    times: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(times) < 5:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bare_text(data: bytes) -> None:
    doc = pdfium.PdfDocument(data)
    try:
        for page in doc:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        doc.close()


def filled_docx() -> bytes | None:
    sys.path.insert(0, str(ROOT / "tests" / "readers"))
    try:
        from test_docx_reader import fill_template
    except ImportError:
        return None
    return fill_template()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per case")
    args = parser.parse_args()
    print(pin_one_core())
    for path in PDFS:
        data = path.read_bytes()
        with pdfium.PdfDocument(data) as doc:
            pages = len(doc)
        base = per_call(lambda d=data: bare_text(d), args.seconds)
        reader = per_call(lambda d=data: pdf.read(d), args.seconds)
        full = per_call(lambda d=data, n=path.name: read_bytes(d, name=n), args.seconds)
        print(f"{path.name} ({pages} pages)")
        print(f"  pypdfium2 get_text_range  {base * 1e3:7.1f} ms")
        print(f"  PDF reader (layout)       {reader * 1e3:7.1f} ms  {reader / base:4.1f}×")
        print(
            f"  full parse (model)        {full * 1e3:7.1f} ms  {full / base:4.1f}×   "
            f"{1 / full:6.1f} reports/s  {pages / full:6.1f} pages/s"
        )
    docx = filled_docx()
    if docx is not None:
        full = per_call(lambda: read_bytes(docx, name="filled.docx"), args.seconds)
        print("template-2021 filled (.docx)")
        print(f"  full parse (model)        {full * 1e3:7.1f} ms         {1 / full:6.1f} reports/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
