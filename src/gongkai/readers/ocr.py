"""Scanned reports: image-only PDFs (图片版) and page images (PNG, JPEG), read by OCR.

Each page image is turned upright, deskewed, and read into positioned characters and ruling lines
(:mod:`gongkai.readers.ocrpage`, with the engine of :mod:`gongkai.readers.ocrengine`); from there the layout
is built exactly as for a text-based PDF (:mod:`gongkai.readers.pagelayout`): ruled tables as cell grids, a
table continued across pages joined, the rest as paragraphs. Every digit keeps the model's confidence; an
unsure digit makes its cell a blank with candidates (the assembly reports it; the table's sums may decide it).

The OCR packages are an optional extra (``ocr``, installed by the default development setup); without them a
scan is refused with how to enable it.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TYPE_CHECKING

from gongkai.errors import DamagedFile, LimitExceeded, ScannedPdf, UnreadableFile, UnsupportedFormat
from gongkai.readers.layout import Layout
from gongkai.readers.limits import DEFAULT_LIMITS, Deadline, Limits, extend_time
from gongkai.readers.ocrengine import available, engine

__all__ = ["ENABLE", "NAME", "available", "read_image", "read_pdf", "sniff_image"]
from gongkai.readers.pagelayout import layout_from_pages
from gongkai.readers.pdfpage import PageContent, open_pdf

if TYPE_CHECKING:
    from gongkai.readers.ocrengine import Image

NAME = "ocr"
ENABLE = "安装文字识别组件后可读取：uv sync --extra ocr（或 pip install 'gongkai[ocr]'）"
MAX_DPI = 300.0  # a finer scan is read at this resolution
MIN_DPI = 72.0
MAX_PIXELS = 60_000_000  # one page image
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"))


def sniff_image(data: bytes) -> str | None:
    """``PNG`` or ``JPEG`` for a page image, else None."""
    return next((name for magic, name in _IMAGES if data.startswith(magic)), None)


def require() -> None:
    """Refuse clearly when the OCR packages are missing."""
    if not available():
        raise ScannedPdf("未安装文字识别（OCR）组件", hint=ENABLE)


def _deadline(limits: Limits, pages: int) -> Deadline:
    """OCR takes seconds a page: the time limit holds for each page rather than for the whole file."""
    deadline = Deadline(replace(limits, max_seconds=limits.max_seconds * max(pages, 1)))
    extend_time(deadline)
    return deadline


def _layout(images: list[tuple[Image, float]], limits: Limits) -> Layout:
    from gongkai.readers.ocrpage import read_page

    deadline = _deadline(limits, len(images))
    eng = engine()
    pages: list[PageContent] = []
    for n, (gray, dpi) in enumerate(images, start=1):
        deadline.check(f"文字识别第 {n} 页")
        pages.append(read_page(gray, dpi, n, eng))
    if not any(not c.ch.isspace() for p in pages for c in p.chars):
        raise UnreadableFile("图片中没有识别到文字", hint="请确认图片是报告的页面，且清晰、不过小")
    return layout_from_pages(pages, NAME, deadline)


def read_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    """An image-only PDF: each page rendered at its scan's resolution (at most :data:`MAX_DPI`), then read."""
    import numpy as np

    require()
    images: list[tuple[Image, float]] = []
    with open_pdf(data, limits) as doc:
        deadline = _deadline(limits, len(doc))
        for i in range(len(doc)):
            deadline.check(f"第 {i + 1} 页")
            page = doc[i]
            try:
                dpi = _scan_dpi(page)
                bitmap = page.render(scale=dpi / 72.0, grayscale=True)
                images.append((np.array(bitmap.to_pil().convert("L")), dpi))
            finally:
                page.close()
    return _layout(images, limits)


def _scan_dpi(page: object) -> float:
    """The resolution of the largest image on the page (what the scanner produced), within bounds."""
    import pypdfium2 as pdfium

    best = 0.0
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,)):  # type: ignore[attr-defined]
        x0, _, x1, _ = obj.get_bounds()
        width_px, _ = obj.get_px_size()
        if x1 > x0:
            best = max(best, width_px / ((x1 - x0) / 72.0))
    return min(max(best or 200.0, MIN_DPI), MAX_DPI)


def read_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    """A page image (PNG or JPEG). Its resolution is the one it records, else that of an A4 page it fills."""
    require()
    import numpy as np
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as im:
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise LimitExceeded(f"图片 {w}×{h} 像素，上限 {MAX_PIXELS // 1_000_000} 百万像素")
            recorded = im.info.get("dpi", (0, 0))[0]
            gray = np.array(im.convert("L"))
    except (OSError, ValueError, SyntaxError):
        raise DamagedFile(f"{sniff_image(data)} 图片无法解码") from None
    dpi = float(recorded) if recorded and recorded > MIN_DPI else max(w, h) / 11.69
    if dpi > MAX_DPI:
        import cv2

        scale = MAX_DPI / dpi
        gray = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        dpi = MAX_DPI
    if dpi < MIN_DPI:
        raise UnsupportedFormat(f"图片只有 {w}×{h} 像素，太小，无法识别文字")
    return _layout([(gray, dpi)], limits)
