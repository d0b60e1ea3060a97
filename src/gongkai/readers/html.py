"""Web pages as government sites publish them: the report inside a page full of navigation, several tables,
``rowspan``/``colspan`` header grids, ``&nbsp;`` blanks, Word-exported markup, GBK/GB2312/UTF-8 with or
without a meta charset, and HTML held inside a JavaScript string."""

from __future__ import annotations

import json
import re

import lxml.html
from lxml import etree

from gongkai.errors import UnreadableFile
from gongkai.readers.decode import declared_charset, decode_text, looks_binary
from gongkai.readers.layout import Block, Cell, Layout, Paragraph, Row, Table

NAME = "html"

_TAG = re.compile(rb"<\s*(html|body|table|p|div|td|tr|span|br|h[1-6])\b", re.I)
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.){200,})"|\'((?:[^\'\\\n]|\\.){200,})\'', re.S)
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer main blockquote pre center "
    "tr td th tbody thead tfoot caption form body html".split()
)
_SKIP_TAGS = frozenset("script style noscript template iframe object embed svg head select option button".split())


def sniff(data: bytes) -> bool:
    return len(_TAG.findall(data[:200_000])) >= 3


def _unwrap_js(text: str) -> str:
    """If the markup sits inside a JavaScript/JSON string literal (escaped quotes, \\u003c), return it."""
    if "<table" in text.lower() and '\\"' not in text and "\\u003c" not in text.lower():
        return text
    best = ""
    for m in _JS_STRING.finditer(text):
        literal = m.group(1) if m.group(1) is not None else m.group(2)
        if "<" not in literal and "\\u003c" not in literal.lower():
            continue
        if len(literal) > len(best):
            best = literal
    if not best:
        return text
    try:
        return str(json.loads('"' + best.replace("\\'", "'").replace('"', '\\"').replace('\\\\"', '\\"') + '"'))
    except json.JSONDecodeError:
        return best.encode("utf-8").decode("unicode_escape", errors="replace")


def read(data: bytes) -> Layout:
    if looks_binary(data):
        raise UnreadableFile("网页文件含有二进制内容")
    text = decode_text(data, charset=declared_charset(data))
    return read_html(_unwrap_js(text))


def read_html(text: str) -> Layout:
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, recover=True
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"网页无法解析（{exc}）") from None
    title_el = root.find(".//title")
    layout = Layout(reader=NAME, title_hint=(title_el.text_content().strip() if title_el is not None else None))
    body = root.find("body")
    _walk(body if body is not None else root, layout.blocks, [0])
    return layout


def _text_of(el: lxml.html.HtmlElement) -> str:
    parts: list[str] = []
    for node in el.iter():
        if node is not el and isinstance(node.tag, str) and node.tag in _SKIP_TAGS:
            continue
        if node.tag == "br":
            parts.append("\n")
        if isinstance(node.tag, str) and node.tag not in _SKIP_TAGS and node.text:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _walk(el: lxml.html.HtmlElement, blocks: list[Block], counter: list[int]) -> None:
    """Emit paragraphs and tables in document order."""
    inline: list[str] = [el.text or ""]

    def flush() -> None:
        text = "".join(inline)
        for piece in text.split("\n"):
            piece = piece.replace("\xa0", " ").strip()
            if piece:
                blocks.append(Paragraph(text=piece))
        inline.clear()

    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP_TAGS:
            inline.append(child.tail or "")
            continue
        if tag == "table":
            flush()
            if child.find(".//table") is not None:
                _walk(child, blocks, counter)  # a layout table around the real ones
            else:
                counter[0] += 1
                blocks.append(_grid(child, counter[0]))
        elif tag in _BLOCK_TAGS:
            flush()
            if any(isinstance(d.tag, str) and (d.tag in _BLOCK_TAGS or d.tag == "table") for d in child.iter()
                   if d is not child):
                _walk(child, blocks, counter)
            else:
                inline.append(_text_of(child))
                flush()
        elif tag == "br":
            inline.append("\n")
        else:
            inline.append(_text_of(child))
        inline.append(child.tail or "")
    flush()


def _cell_text(td: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", _text_of(td).replace("\xa0", " ")).strip()


def _grid(table: lxml.html.HtmlElement, index: int) -> Table:
    """Expand rowspan/colspan into a grid; cells spanned from above are kept as ``spanned`` copies."""
    rows: list[Row] = []
    pending: dict[int, tuple[Cell, int]] = {}  # col -> (cell, rows left)
    for tr in table.iter("tr"):
        cells: list[Cell] = []
        col = 0

        def take_pending() -> None:
            nonlocal col
            while col in pending:
                cell, left = pending[col]
                cells.append(Cell(text=cell.text, col=col, colspan=cell.colspan, spanned=True))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (cell, left - 1)
                col += cell.colspan

        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            take_pending()
            colspan = _span(td.get("colspan"))
            rowspan = _span(td.get("rowspan"))
            cell = Cell(text=_cell_text(td), col=col, colspan=colspan, rowspan=rowspan)
            cells.append(cell)
            if rowspan > 1:
                pending[col] = (cell, rowspan - 1)
            col += colspan
        take_pending()
        if cells:
            rows.append(Row(cells=cells))
    return Table(rows=rows, index=index)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1
