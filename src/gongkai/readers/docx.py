"""Word reports (.docx, and .doc/.wps after LibreOffice has converted them): the WordprocessingML parts read
with lxml directly, through a parser that resolves no entities and loads no DTD or network resource.

Paragraphs come out in document order; tables become cell grids with ``w:gridSpan`` (columns) and ``w:vMerge``
(rows) spans; tables and paragraphs inside text boxes (``w:txbxContent``) follow the paragraph that anchors
them (the DrawingML choice only: the VML fallback repeats the same box); a table used only to lay out other
tables is opened up. Deleted revisions and field codes are skipped.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from lxml import etree

from gongkai.errors import DamagedFile, UnreadableFile
from gongkai.readers.layout import Block, Cell, Layout, Paragraph, Row, Table
from gongkai.readers.limits import DEFAULT_LIMITS, Limits, check_time, open_zip, read_member, reject_dtd

NAME = "docx"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MAX_DEPTH = 40

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)

# run content that is not visible text
_SKIP = frozenset(
    {
        f"{W}delText",
        f"{W}instrText",
        f"{W}del",
        f"{W}moveFrom",
        f"{MC}Fallback",
        f"{W}rPr",
        f"{W}pPr",
        f"{W}fldData",
        f"{W}footnoteReference",
        f"{W}endnoteReference",
    }
)
_BREAKS = frozenset({f"{W}br", f"{W}cr"})


def sniff_zip(names: set[str]) -> bool:
    return "word/document.xml" in names


def parse_part(data: bytes, name: str) -> etree._Element:
    reject_dtd(data, name)
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise DamagedFile(f"{name} 不是有效的 XML（{exc}）") from None


def read_zip(zf: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> Layout:
    root = parse_part(read_member(zf, "word/document.xml", limits), "word/document.xml")
    body = root.find(f"{W}body")
    if body is None:
        raise UnreadableFile("Word 文档没有正文")
    layout = Layout(reader=NAME)
    _Walker(layout.blocks).walk(body, 0)
    for k, table in enumerate(layout.tables, start=1):
        table.index = k
    return layout


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    zf = open_zip(data, "Word 文档", limits)
    if not sniff_zip(set(zf.namelist())):
        raise UnreadableFile("不是 Word（.docx）文档：缺少 word/document.xml")
    return read_zip(zf, limits)


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                yield from _children(inner, tag)


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(f"{W}val", default)


class _Walker:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks

    def walk(self, el: etree._Element, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise UnreadableFile("Word 文档的表格或文本框嵌套过深")
        check_time("Word 文档")
        for child in el:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child, depth)
            elif tag == f"{W}tbl":
                self.table(child, depth)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content, depth + 1)
            elif tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}txbxContent"):
                self.walk(child, depth + 1)

    def paragraph(self, p: etree._Element, depth: int) -> None:
        pieces: list[str] = []
        boxes: list[etree._Element] = []
        _runs(p, pieces, boxes, 0)
        for line in "".join(pieces).split("\n"):
            text = " ".join(line.replace("\xa0", " ").split())
            if text:
                self.blocks.append(Paragraph(text=text))
        for box in boxes:
            self.walk(box, depth + 1)

    def table(self, tbl: etree._Element, depth: int) -> None:
        if tbl.find(f".//{W}tc//{W}tbl") is not None:
            # a table that only lays out other tables: read what its cells hold, in order
            for tr in _children(tbl, f"{W}tr"):
                for tc in _children(tr, f"{W}tc"):
                    self.walk(tc, depth + 1)
            return
        self.blocks.append(_grid(tbl))


def _runs(el: etree._Element, out: list[str], boxes: list[etree._Element], depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise UnreadableFile("Word 文档结构嵌套过深")
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag == f"{W}tab":
            out.append(" ")
        elif tag in _BREAKS:
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}txbxContent":
            boxes.append(child)
        else:
            _runs(child, out, boxes, depth + 1)


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    boxes: list[etree._Element] = []
    for p in tc.iter(f"{W}p"):
        pieces: list[str] = []
        _runs(p, pieces, boxes, 0)
        lines.append("".join(pieces))
    return " ".join(" ".join(lines).replace("\xa0", " ").split())


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(0, min(int(value or default), 200))
    except ValueError:
        return default


def _grid(tbl: etree._Element) -> Table:
    rows: list[Row] = []
    open_cells: dict[int, Cell] = {}  # grid column -> the cell a vertical merge started in
    for tr in _children(tbl, f"{W}tr"):
        tr_pr = tr.find(f"{W}trPr")
        col = _int(_val(tr_pr.find(f"{W}gridBefore") if tr_pr is not None else None, "0"), 0)
        cells: list[Cell] = []
        for tc in _children(tr, f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = max(1, _int(_val(pr.find(f"{W}gridSpan") if pr is not None else None, "1")))
            vmerge_el = pr.find(f"{W}vMerge") if pr is not None else None
            vmerge = None if vmerge_el is None else _val(vmerge_el, "continue")
            if vmerge == "continue" and col in open_cells:
                origin = open_cells[col]
                origin.rowspan += 1
                cells.append(Cell(origin.text, col, origin.colspan, 1, True))
            else:
                cell = Cell(_cell_text(tc), col, span)
                cells.append(cell)
                if vmerge == "restart":
                    open_cells[col] = cell
                else:
                    open_cells.pop(col, None)
            col += span
        if cells:
            rows.append(Row(cells=cells))
    return Table(rows=rows)
