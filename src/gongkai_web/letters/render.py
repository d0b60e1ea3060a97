"""A letter as the files an office prints and sends: Word (python-docx) and PDF (WeasyPrint, the engine the
report's PDF uses, with the Noto CJK fonts embedded). Each file is read back — the DOCX with python-docx,
the PDF with pdfplumber — and must give back the 文号 and every paragraph before it is kept."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from django.utils.translation import gettext as _

from gongkai_web.common.errors import WebError

FONT_TITLE = ("方正小标宋简体", "Noto Serif CJK SC")
FONT_BODY = ("仿宋_GB2312", "Noto Serif CJK SC")
CSS_TITLE = '"方正小标宋简体", "Noto Serif CJK SC", serif'
CSS_BODY = '"仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif'


class LetterFileError(WebError):
    """A generated letter file did not read back; nothing was kept."""


@dataclass(frozen=True)
class LetterText:
    agency: str
    title: str
    number: str
    paragraphs: tuple[str, ...]
    date: str  # 2024年10月8日

    @classmethod
    def of(cls, agency: str, title: str, number: str, body: str, date: str) -> LetterText:
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip())
        return cls(agency, title, number, paragraphs, date)

    @property
    def lines(self) -> tuple[str, ...]:
        """Every line the files must carry, in order."""
        return (self.title, self.number, *self.paragraphs, self.agency, self.date)


def _font(run: Any, fonts: tuple[str, str], size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = fonts[1]
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), fonts[0])


def render_docx(letter: LetterText) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def para(text: str, fonts: tuple[str, str], size: float, align: Any = None, indent: bool = False) -> None:
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        p.paragraph_format.space_after = Pt(6)
        _font(p.add_run(text), fonts, size)

    para(letter.title, FONT_TITLE, 22, WD_ALIGN_PARAGRAPH.CENTER)
    para(letter.number, FONT_BODY, 16, WD_ALIGN_PARAGRAPH.CENTER)
    for n, text in enumerate(letter.paragraphs):
        # the salutation (申请人：) stands at the margin, the rest is indented two characters
        para(text, FONT_BODY, 16, indent=not (n == 0 and text.endswith("：")))
    para(letter.agency, FONT_BODY, 16, WD_ALIGN_PARAGRAPH.RIGHT)
    para(letter.date, FONT_BODY, 16, WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_html(letter: LetterText) -> str:
    body = "".join(
        f'<p class="{"salute" if n == 0 and t.endswith("：") else "text"}">{escape(t)}</p>'
        for n, t in enumerate(letter.paragraphs)
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"
        f"html {{ font-family: {CSS_BODY}; font-size: 16pt; line-height: 1.6; }}"
        f"h1 {{ font-family: {CSS_TITLE}; font-size: 22pt; font-weight: normal; text-align: center;"
        " margin: 0 0 6pt; }"
        ".number { text-align: center; margin: 0 0 18pt; } p { margin: 0 0 6pt; }"
        ".text { text-indent: 2em; } .sign { text-align: right; }"
        f"</style></head><body><h1>{escape(letter.title)}</h1>"
        f'<p class="number">{escape(letter.number)}</p>{body}'
        f'<p class="sign">{escape(letter.agency)}</p><p class="sign">{escape(letter.date)}</p>'
        "</body></html>"
    )


@cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(letter: LetterText) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf = HTML(string=render_html(letter), base_url=None).write_pdf(font_config=_font_config())
    assert pdf is not None
    return bytes(pdf)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def read_pdf_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def check_file(letter: LetterText, fmt: str, data: bytes) -> None:
    """Raise :class:`LetterFileError` unless ``data`` reads back with every line of ``letter``."""
    try:
        text = read_docx_text(data) if fmt == "docx" else read_pdf_text(data)
    except Exception as exc:  # any failure to parse our own output is the same refusal
        raise LetterFileError(
            _("生成的%(fmt)s文件无法读回（%(why)s），未出具") % {"fmt": fmt.upper(), "why": exc}
        ) from exc
    found = _squash(text)
    missing = [line for line in letter.lines if _squash(line) not in found]
    if missing:
        raise LetterFileError(
            _("生成的%(fmt)s文件读回后缺少内容（如“%(line)s”），未出具")
            % {"fmt": fmt.upper(), "line": missing[0][:30]}
        )


def render_checked(letter: LetterText) -> tuple[bytes, bytes]:
    """The DOCX and the PDF, each read back (:func:`check_file`)."""
    docx, pdf = render_docx(letter), render_pdf(letter)
    check_file(letter, "docx", docx)
    check_file(letter, "pdf", pdf)
    return docx, pdf
