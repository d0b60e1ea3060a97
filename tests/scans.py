"""Scanned copies of the real PDF fixtures, made on the fly (never committed): each page rendered by pdfium to a
grey image, optionally skewed, turned or made noisy (speckles, then JPEG compression), then written back as an
image-only PDF with Pillow, or as a PNG page image. Used by the OCR tests and by ``bench/ocr.py``."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
HONGZE = REPORTS / "2021" / "2023-hongze-district.pdf"
HONGZE_TABLE_PAGES = (2, 3, 4)  # 表二 … 表四


def render(pdf: Path, dpi: int, pages: tuple[int, ...] | None = None) -> list[Image.Image]:
    """Grey page images at ``dpi`` (``pages`` 1-based; all by default)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        numbers = pages or tuple(range(1, len(doc) + 1))
        return [doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in numbers]
    finally:
        doc.close()


def skewed(page: Image.Image, degrees: float) -> Image.Image:
    """Turned by ``degrees`` (counter-clockwise) about its centre, as a page laid askew on a scanner."""
    return page.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)


def noisy(page: Image.Image, seed: int = 0, quality: int = 40) -> Image.Image:
    """Speckled (dark and light dots, about 0.2 % of the pixels) and JPEG-compressed."""
    rng = random.Random(seed)
    out = page.copy()
    w, h = out.size
    px = out.load()
    assert px is not None
    for _ in range(w * h // 500):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.choice((0, 60, 200, 255))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF (no text layer), one page per image."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def png(page: Image.Image, dpi: int) -> bytes:
    buf = io.BytesIO()
    page.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()


VARIANTS = ("300dpi", "150dpi", "skewed", "noisy", "300dpi-skewed", "300dpi-noisy")
SKEWS = (2.5, -3.0, 1.5)  # degrees, one per table page


def scan(name: str) -> bytes:
    """An image-only PDF of the 洪泽区 2023 report. ``300dpi`` is the whole report; the harder variants (150 dpi;
    150 dpi turned by ±1.5–3°; 150 dpi speckled and JPEG-compressed; the same two at 300 dpi, ``300dpi-skewed``
    and ``300dpi-noisy``) hold its table pages only, as OCR costs seconds a page."""
    if name == "300dpi":
        return image_pdf(render(HONGZE, 300), 300)
    dpi = 300 if name.startswith("300dpi-") else 150
    name = name.removeprefix("300dpi-")
    low = render(HONGZE, dpi, HONGZE_TABLE_PAGES)
    if name == "skewed":
        low = [skewed(p, d) for p, d in zip(low, SKEWS, strict=True)]
    elif name == "noisy":
        low = [noisy(p, seed=n) for n, p in enumerate(low)]
    return image_pdf(low, dpi)
