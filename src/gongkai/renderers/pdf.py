"""PDF: the HTML page (:mod:`gongkai.renderers.html`) laid out by WeasyPrint on A4, with Noto CJK fonts
embedded (subset) so the Chinese glyphs are real text, not images or missing boxes.

Chosen over LibreOffice converting the DOCX by measurement (see ``docs/render.md``): WeasyPrint needs no
external process and renders a report many times faster, with selectable, searchable text. The font
configuration is built once per process and reused.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from gongkai.model.report import Report
from gongkai.renderers.html import render_html_text

NAME = "pdf"


@cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    # WeasyPrint logs (not warns) about CSS it ignores; keep that out of the user's terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_html_text(report)
    document = HTML(string=html, base_url=None)
    pdf: bytes | None = document.write_pdf(font_config=_font_config())
    assert pdf is not None
    return pdf
