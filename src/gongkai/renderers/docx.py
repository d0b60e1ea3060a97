"""Word (.docx) in the official layout: A4, the title, the six section headings, the narrative, and the three
tables with exactly the merged cells of the official blank template (``w:gridSpan`` / ``w:vMerge``).

Fonts are the conventional ones of government documents — 方正小标宋简体 (title), 黑体 (headings),
仿宋_GB2312 (text), 宋体 (tables) — set as the East-Asian font (``w:eastAsia``); the font table names Noto
CJK as each one's ``w:altName``, the substitute where the official font is not installed. The footer
holds a PAGE field; the header rows of 表三 and 表四 repeat on each page (``w:tblHeader``), and no row
breaks across pages.

python-docx builds the package once (styles, page setup, footer, font table); each report then only writes its
``word/document.xml`` body into a copy of that package, which keeps rendering fast.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from gongkai.model.report import Report
from gongkai.renderers.grid import GridTable, build_document

NAME = "docx"

# (official East-Asian font, Noto CJK substitute)
FONT_TITLE = ("方正小标宋简体", "Noto Serif CJK SC")
FONT_HEADING = ("黑体", "Noto Sans CJK SC")
FONT_BODY = ("仿宋_GB2312", "Noto Serif CJK SC")
FONT_TABLE = ("宋体", "Noto Serif CJK SC")
LATIN = "Times New Roman"

TEXT_WIDTH = 9746  # twips: A4 (11906) less 2 × 1080 margins — the width of the template's tables
_PLACEHOLDER = "GONGKAI-BODY"


def _style(
    document: docx.document.Document,
    name: str,
    font: tuple[str, str],
    size: float,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    outline: int | None = None,
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.name = LATIN
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font[0])
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if align is not None:
        pf.alignment = align
    if outline is not None:
        style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'))


def _build_base() -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    section.left_margin = section.right_margin = Mm(19.05)  # 1080 twips
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY[0])
    _style(document, "GkTitle", FONT_TITLE, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(document, "GkHeading", FONT_HEADING, 16, outline=0)
    document.styles["GkHeading"].paragraph_format.keep_with_next = True
    _style(document, "GkBody", FONT_BODY, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(document, "GkCell", FONT_TABLE, 10, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(document, "GkFooter", FONT_TABLE, 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    body = document.styles["GkBody"].element.get_or_add_pPr()
    body.append(parse_xml(f'<w:ind {nsdecls("w")} w:firstLineChars="200" w:firstLine="640"/>'))
    for name in ("GkBody", "GkHeading"):
        ppr = document.styles[name].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:line="560" w:lineRule="exact"/>'))
    title = document.styles["GkTitle"].element.get_or_add_pPr()
    title.append(
        parse_xml(f'<w:spacing {nsdecls("w")} w:before="240" w:after="480" w:line="700" w:lineRule="exact"/>')
    )
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["GkFooter"]
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">— </w:t></w:r>'))
    for fld in (
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        footer._p.append(parse_xml(f"<w:r {nsdecls('w')}>{fld}</w:r>"))
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> —</w:t></w:r>'))
    document.core_properties.author = "gongkai"
    document.add_paragraph(_PLACEHOLDER)
    out = io.BytesIO()
    document.save(out)
    return _with_font_table(out.getvalue())


def _with_font_table(package: bytes) -> bytes:
    """Add the official fonts to ``word/fontTable.xml``, each with its Noto CJK substitute (``w:altName``)."""
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"swiss" if "Sans" in alt else "roman"}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in dict([FONT_TITLE, FONT_HEADING, FONT_BODY, FONT_TABLE]).items()
    )
    src = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/fontTable.xml":
                data = data.replace(b"</w:fonts>", fonts.encode("utf-8") + b"</w:fonts>")
            dst.writestr(info, data)
    return out.getvalue()


@cache
def _base() -> tuple[list[tuple[zipfile.ZipInfo, bytes]], str, str]:
    """The base package's parts (all but document.xml) and document.xml split around the body placeholder."""
    src = zipfile.ZipFile(io.BytesIO(_build_base()))
    parts = [(i, src.read(i.filename)) for i in src.infolist() if i.filename != "word/document.xml"]
    xml = src.read("word/document.xml").decode("utf-8")
    m = re.search(r"<w:p>(?:(?!<w:p>).)*?" + _PLACEHOLDER + r".*?</w:p>", xml, re.S)
    assert m is not None
    return parts, xml[: m.start()], xml[m.end() :]


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""


def _para(style: str, text: str, extra: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{_run(text)}</w:p>'


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def table_xml(table: GridTable) -> str:
    scale = TEXT_WIDTH / sum(table.widths)
    widths = [round(w * scale) for w in table.widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    cover = table.cell_map()
    rows: list[str] = []
    n_rows = max(c.row + c.rowspan for row in table.rows for c in row)
    for r in range(n_rows):
        # keep the header rows with the first data row, and 表二 (short) on one page
        keep = r < table.header_rows or (table.key == "proactive" and r < n_rows - 1)
        tcs: list[str] = []
        col = 0
        while col < table.n_cols:
            cell = cover[r, col]
            width = sum(widths[cell.col : cell.col + cell.colspan])
            props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if cell.colspan > 1:
                props += f'<w:gridSpan w:val="{cell.colspan}"/>'
            origin = cell.row == r
            if cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if origin else "<w:vMerge/>"
            props += '<w:vAlign w:val="center"/>'
            align = '<w:jc w:val="left"/>' if cell.kind == "label" else ""
            if keep:
                align = "<w:keepNext/>" + align
            text = cell.text if origin else ""
            tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_para('GkCell', text, align)}</w:tc>")
            col += cell.colspan
        header = "<w:tblHeader/>" if r < table.header_rows else ""
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(tcs)}</w:tr>")
    props = (
        f'<w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/><w:tblCaption w:val="{escape(table.caption)}"/></w:tblPr>'
    )
    return f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def body_xml(report: Report) -> str:
    doc = build_document(report)
    parts = [_para("GkTitle", doc.title)]
    for block in doc.blocks:
        if block[0] == "heading":
            parts.append(_para("GkHeading", block[1]))
        elif block[0] == "text":
            parts.append(_para("GkBody", block[1]))
        else:
            parts.append(table_xml(block[1]))
            parts.append(_para("GkBody", ""))  # Word needs a paragraph between a table and what follows
    return "".join(parts)


def render_docx(report: Report) -> bytes:
    parts, head, tail = _base()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info, data in parts:
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        dst.writestr(
            "word/document.xml",
            head + body_xml(report) + tail,
            compress_type=zipfile.ZIP_DEFLATED,
            compresslevel=1,
        )
    return out.getvalue()
