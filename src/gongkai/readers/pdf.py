"""Text-based PDF reports (Word/WPS exports), read with pdfium: characters with their boxes, and the ruling
lines of the tables from the page's path objects (:mod:`gongkai.readers.pdfpage`); the layout is built from
them by :mod:`gongkai.readers.pagelayout`.

Scans (pages that are only images), encrypted files, truncated or damaged files and oversized files end in one
:class:`gongkai.errors.InputError` each; a scan is read by :mod:`gongkai.readers.ocr` where it is installed.
"""

from __future__ import annotations

from gongkai.errors import ScannedPdf, UnreadableFile
from gongkai.readers.layout import Layout
from gongkai.readers.limits import DEFAULT_LIMITS, Deadline, Limits
from gongkai.readers.pagelayout import layout_from_pages
from gongkai.readers.pdfpage import PageContent, Scratch, open_pdf, page_content

NAME = "pdf"


def sniff(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    deadline = Deadline(limits)
    pages: list[PageContent] = []
    with open_pdf(data, limits) as doc:
        s = Scratch()
        for i in range(len(doc)):
            deadline.check(f"第 {i + 1} 页")
            pages.append(page_content(doc, i, s))
    _refuse_scans(pages)
    return layout_from_pages(pages, NAME, deadline)


def _refuse_scans(pages: list[PageContent]) -> None:
    text_pages = [p for p in pages if sum(1 for c in p.chars if not c.ch.isspace()) >= 20]
    image_only = [p.number for p in pages if p.images and p not in text_pages]
    if len(image_only) * 2 >= len(pages) and len(text_pages) * 2 < len(pages):
        span = f"第 {image_only[0]} 页" if len(image_only) == 1 else f"第 {image_only[0]}–{image_only[-1]} 页"
        raise ScannedPdf(f"{span}只有图片")
    if not any(not c.ch.isspace() for p in pages for c in p.chars):
        raise UnreadableFile("PDF 中没有文字", hint="页面上既没有文字层，也没有扫描的图片")
