"""Web pages as government sites publish them: the report inside a page full of navigation, several tables,
``rowspan``/``colspan`` header grids, ``&nbsp;`` blanks, Word-exported markup, GBK/GB2312/UTF-8 with or
without a meta charset, and HTML held inside a JavaScript string."""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from gongkai.errors import LimitExceeded, UnreadableFile
from gongkai.readers.decode import declared_charset, decode_text, looks_binary
from gongkai.readers.layout import Block, Cell, Layout, Paragraph, Row, Table
from gongkai.readers.limits import DEFAULT_LIMITS, Limits, check_row, check_text, check_time, current_limits

NAME = "html"

_TAG = re.compile(rb"<\s*(html|body|table|p|div|td|tr|span|br|h[1-6])\b", re.I)
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.){200,})"|\'((?:[^\'\\\n]|\\.){200,})\'', re.S)
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer main blockquote pre center "  # noqa: SIM905
    "tr td th tbody thead tfoot caption form body html".split()
)
_SKIP_TAGS = frozenset(
    "script style noscript template iframe object embed svg head select option button".split()  # noqa: SIM905
)


def sniff(data: bytes) -> bool:
    """Three or more HTML tags near the start (a page, a fragment, or markup inside a script)."""
    return any(n >= 3 for n, _ in enumerate(_TAG.finditer(data, 0, 200_000), start=1))


def _unwrap_js(text: str) -> str:
    """If the markup sits inside a JavaScript/JSON string literal (escaped quotes, \\u003c), return it."""
    lower = text[:200_000].lower()
    if "<table" in lower and '\\"' not in text and "\\u003c" not in lower:
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
        return str(
            json.loads('"' + best.replace("\\'", "'").replace('"', '\\"').replace('\\\\"', '\\"') + '"')
        )
    except json.JSONDecodeError:
        return best.encode("utf-8").decode("unicode_escape", errors="replace")


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    if looks_binary(data):
        raise UnreadableFile("网页文件含有二进制内容")
    # the parsed tree costs ~200 bytes per element whatever the page's size: count them before parsing
    tags = data.count(b"<") - data.count(b"</")  # start tags (and comments): no copy of the page
    if tags > limits.max_html_elements:
        raise LimitExceeded(f"网页约有 {tags} 个标签，上限 {limits.max_html_elements} 个")
    text = decode_text(data, charset=declared_charset(data))
    return read_html(_unwrap_js(text))


_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, recover=True
)
_STRING = etree.XPath("string()")


def _text_content(el: etree._Element) -> str:
    return str(_STRING(el))


def read_html(text: str) -> Layout:
    try:
        root = etree.fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableFile(f"网页无法解析（{exc}）") from None
    if root is None:
        raise UnreadableFile("网页没有内容")
    title_el = root.find(".//title")
    title = _text_content(title_el).strip() if title_el is not None else None
    etree.strip_elements(root, *_SKIP_TAGS, with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    layout = Layout(reader=NAME, title_hint=title)
    body = root.find("body")
    start = body if body is not None else root
    check_text(_text_content(start), "网页的文字")  # before the walk builds anything
    _walk(start, layout.blocks, [0], _holders(start))
    return layout


def _holders(root: etree._Element) -> tuple[set[etree._Element], set[etree._Element]]:
    """The elements holding a block element (or a table) below them, and those holding a table: found in one
    pass, instead of searching the descendants of every element again (quadratic on deep CMS pages). The
    sets keep the element proxies alive, so lxml hands out the same objects again while walking."""
    blocks: set[etree._Element] = set()
    tables: set[etree._Element] = set()
    for el in root.iter(*_BLOCK_TAGS, "table"):
        is_table = el.tag == "table"
        parent = el.getparent()
        while parent is not None and not (parent in blocks and (not is_table or parent in tables)):
            blocks.add(parent)
            if is_table:
                tables.add(parent)
            if parent is root:
                break
            parent = parent.getparent()
    return blocks, tables


def _walk(
    el: etree._Element,
    blocks: list[Block],
    counter: list[int],
    holders: tuple[set[etree._Element], set[etree._Element]],
) -> None:
    """Emit paragraphs and tables in document order."""
    inline: list[str] = [el.text or ""]

    def flush() -> None:
        text = "".join(inline)
        for piece in text.split("\n"):
            piece = piece.replace("\xa0", " ").strip()
            if piece:
                blocks.append(Paragraph(text=piece))
        inline.clear()

    check_time("网页")
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            flush()
            if child in holders[1]:
                _walk(child, blocks, counter, holders)  # a layout table around the real ones
            else:
                counter[0] += 1
                blocks.append(_grid(child, counter[0]))
        elif tag in _BLOCK_TAGS:
            flush()
            if child in holders[0]:
                _walk(child, blocks, counter, holders)
            else:
                inline.append(_text_content(child))
                flush()
        else:
            inline.append(_text_content(child))
        inline.append(child.tail or "")
    flush()


def _cell_text(td: etree._Element) -> str:
    return " ".join(_text_content(td).split())


def _grid(table: etree._Element, index: int) -> Table:
    """Expand rowspan/colspan into a grid; cells spanned from above are kept as ``spanned`` copies."""
    rows: list[Row] = []
    pending: dict[int, list[Any]] = {}  # col -> [cell, rows left]
    max_cells = current_limits().max_row_cells
    for tr in table.iter("tr"):
        if len(rows) % 256 == 255:
            check_time("网页表格")
        cells: list[Cell] = []
        col = 0
        for td in tr.iterchildren("td", "th"):
            if len(cells) >= max_cells:
                check_row(len(cells) + 1, len(rows))
            while col in pending:
                col = _take_pending(pending, col, cells)
            colspan = _span(td.get("colspan"))
            rowspan = _span(td.get("rowspan"))
            cell = Cell(" ".join(str(_STRING(td)).split()), col, colspan, rowspan)
            cells.append(cell)
            if rowspan > 1:
                pending[col] = [cell, rowspan - 1]
            col += colspan
        while pending and col <= max(pending):
            col = _take_pending(pending, col, cells) if col in pending else col + 1
        if cells:
            rows.append(Row(cells=cells))
            check_row(len(cells), len(rows))
    return Table(rows=rows, index=index)


def _take_pending(pending: dict[int, list[Any]], col: int, cells: list[Cell]) -> int:
    cell, left = pending[col]
    cells.append(Cell(cell.text, col, cell.colspan, 1, True))
    if left <= 1:
        del pending[col]
    else:
        pending[col][1] = left - 1
    return int(col + cell.colspan)


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1
