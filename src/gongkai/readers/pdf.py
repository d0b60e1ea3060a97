"""Text-based PDF reports (Word/WPS exports), read with pdfium: characters with their boxes, and the ruling
lines of the tables from the page's path objects.

Ruled tables become cell grids with row/column spans (:mod:`gongkai.readers.pdfgrid`); each character goes to
the cell its centre falls in, so a number is never split by a gap heuristic and a label printed one character
per line down a merged cell reads as one label. A table that runs over a page break is joined to its first
part: a repeated header is dropped and a category cell cut by the break (``（四）无法提供``) is carried onto
the new page. Text outside the tables becomes paragraphs, in reading order.

Scans (pages that are only images), encrypted files, truncated or damaged files and oversized files end in one
:class:`gongkai.errors.InputError` each.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as R

from gongkai.errors import DamagedFile, EncryptedFile, LimitExceeded, ScannedPdf, UnreadableFile
from gongkai.readers.layout import Block, Cell, Layout, Paragraph, Row, Table
from gongkai.readers.limits import DEFAULT_LIMITS, Deadline, Limits
from gongkai.readers.pdfgrid import Grid, GridCell, Segment, find_grids
from gongkai.readers.values import parse_value

NAME = "pdf"
_NUMERIC = frozenset("0123456789.,+-%")

THIN = 3.0  # a path this thin (points) in one direction is a ruling line
_PAGE_NUMBER = re.compile(r"^[-－—–\s]*\d{1,4}[-－—–\s]*$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$")


def sniff(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


# ---- pdfium: characters and rulings ---------------------------------------------------------------------


@dataclass(slots=True)
class Char:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, self.x1 - self.x0, 1.0)


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]  # in content order; "\n" marks a line break pdfium found
    horizontal: list[Segment] = field(default_factory=list)
    vertical: list[Segment] = field(default_factory=list)
    images: int = 0


@contextmanager
def open_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Iterator[pdfium.PdfDocument]:
    """The pdfium document, or a clear error: truncated, damaged, encrypted, too many pages."""
    if b"%%EOF" not in data[-4096:]:
        raise DamagedFile("PDF 不完整（缺少文件结尾标记 %%EOF），可能未下载完整")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == R.FPDF_ERR_PASSWORD:
            raise EncryptedFile("PDF 设有打开密码") from None
        if exc.err_code == R.FPDF_ERR_SECURITY:
            raise EncryptedFile("PDF 使用了不支持的加密方式") from None
        raise DamagedFile("PDF 结构无法解析") from None
    try:
        n = len(doc)
        if n == 0:
            raise DamagedFile("PDF 没有任何页面")
        if n > limits.max_pages:
            raise LimitExceeded(f"PDF 共 {n} 页，上限 {limits.max_pages} 页")
        yield doc
    finally:
        doc.close()


def _transform(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m applied first, then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _Scratch:
    """Reusable ctypes out-parameters (allocating them per call dominates the cost of small calls)."""

    def __init__(self) -> None:
        self.l, self.b, self.r, self.t = (
            ctypes.c_float(),
            ctypes.c_float(),
            ctypes.c_float(),
            ctypes.c_float(),
        )
        self.dl, self.dr, self.db, self.dt = (
            ctypes.c_double(),
            ctypes.c_double(),
            ctypes.c_double(),
            ctypes.c_double(),
        )
        self.matrix = R.FS_MATRIX()
        self.fill = ctypes.c_int()
        self.stroke = ctypes.c_int()
        self.x, self.y = ctypes.c_float(), ctypes.c_float()


def _is_axis_rect(path: object, s: _Scratch) -> bool:
    n = R.FPDFPath_CountSegments(path)
    if n not in (4, 5):
        return False
    pts = []
    for i in range(n):
        seg = R.FPDFPath_GetPathSegment(path, i)
        R.FPDFPathSegment_GetPoint(seg, ctypes.byref(s.x), ctypes.byref(s.y))
        pts.append((s.x.value, s.y.value))
    xs = {round(x, 1) for x, _ in pts}
    ys = {round(y, 1) for _, y in pts}
    return len(xs) <= 2 and len(ys) <= 2


def _collect(
    getter: object, count: int, matrix: tuple[float, ...], page: PageContent, s: _Scratch, depth: int = 0
) -> None:
    h = page.height
    for i in range(count):
        obj = getter(i)  # type: ignore[operator]
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            page.images += 1
            continue
        if kind == R.FPDF_PAGEOBJ_FORM and depth < 8:
            R.FPDFPageObj_GetMatrix(obj, ctypes.byref(s.matrix))
            m = s.matrix
            inner = _mul((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
            n = R.FPDFFormObj_CountObjects(obj)
            _collect(lambda k, o=obj: R.FPDFFormObj_GetObject(o, k), n, inner, page, s, depth + 1)
            continue
        if kind != R.FPDF_PAGEOBJ_PATH:
            continue
        if not R.FPDFPageObj_GetBounds(
            obj, ctypes.byref(s.l), ctypes.byref(s.b), ctypes.byref(s.r), ctypes.byref(s.t)
        ):
            continue
        x0, y0 = _transform(matrix, s.l.value, s.b.value)
        x1, y1 = _transform(matrix, s.r.value, s.t.value)
        x0, x1 = min(x0, x1), max(x0, x1)
        top, bottom = h - max(y0, y1), h - min(y0, y1)
        w, ht = x1 - x0, bottom - top
        if ht <= THIN and w > THIN:
            page.horizontal.append(Segment((top + bottom) / 2, x0, x1))
        elif w <= THIN and ht > THIN:
            page.vertical.append(Segment((x0 + x1) / 2, top, bottom))
        elif w > THIN and ht > THIN:
            R.FPDFPath_GetDrawMode(obj, ctypes.byref(s.fill), ctypes.byref(s.stroke))
            if s.stroke.value and _is_axis_rect(obj, s):  # a stroked rectangle: its four edges are rulings
                page.horizontal += [Segment(top, x0, x1), Segment(bottom, x0, x1)]
                page.vertical += [Segment(x0, top, bottom), Segment(x1, top, bottom)]


def page_content(doc: pdfium.PdfDocument, index: int, s: _Scratch | None = None) -> PageContent:
    s = s or _Scratch()
    page = doc[index]
    try:
        width, height = page.get_size()
        content = PageContent(number=index + 1, width=width, height=height, chars=[])
        raw = page.raw
        _collect(lambda k: R.FPDFPage_GetObject(raw, k), R.FPDFPage_CountObjects(raw), _IDENTITY, content, s)
        textpage = page.get_textpage()
        try:
            tp = textpage.raw
            n = R.FPDFText_CountChars(tp)
            chars = content.chars
            # the tight glyph box: the loose box of rotated or oddly scaled CJK fonts can be 20 times too big
            get_box = R.FPDFText_GetCharBox
            get_unicode = R.FPDFText_GetUnicode
            refs = ctypes.byref(s.dl), ctypes.byref(s.dr), ctypes.byref(s.db), ctypes.byref(s.dt)
            dl, dr, db, dt = s.dl, s.dr, s.db, s.dt
            for i in range(n):
                code = get_unicode(tp, i)
                if code in (10, 13):
                    if chars and chars[-1].ch != "\n":
                        chars.append(Char("\n", 0, 0, 0, 0))
                    continue
                if code == 0xFFFE or code == 0:
                    continue
                ch = chr(code) if code < 0x110000 else "\ufffd"
                get_box(tp, i, *refs)
                chars.append(Char(ch, dl.value, dr.value, height - dt.value, height - db.value))
        finally:
            textpage.close()
    finally:
        page.close()
    return content


# ---- cells -----------------------------------------------------------------------------------------------


def _join_char(a: Char, b: Char, h: float) -> str:
    """A space between two glyphs of one line in a cell: only between words of Latin letters. Digits are never
    split (a cell holds one number; letter-spaced or justified numbers have wide gaps)."""
    if a.ch in _NUMERIC and b.ch in _NUMERIC:
        return ""
    if a.ch.isascii() and b.ch.isascii() and b.ch.isalnum() and b.x0 - a.x1 > 0.45 * h:
        return " "
    return ""


def cell_text(chars: list[Char]) -> str:
    """The text of one cell: its characters in lines top to bottom, each line left to right."""
    visible = [c for c in chars if not c.ch.isspace()]
    if not visible:
        return ""
    sizes = sorted(c.size for c in visible)
    h = sizes[len(sizes) // 2]
    visible.sort(key=lambda c: c.top)
    # a line is every glyph overlapping it vertically: quotes sit high, a full stop sits on the baseline
    lines: list[list[Char]] = []
    bottom = -1e9
    for c in visible:
        if lines and min(bottom, c.bottom) - c.top >= max(0.5 * (c.bottom - c.top), 0.01):
            lines[-1].append(c)
            bottom = max(bottom, c.bottom)
        else:
            lines.append([c])
            bottom = c.bottom
    parts: list[str] = []
    prev: Char | None = None
    prev_len = 0
    for line in lines:
        line.sort(key=lambda c: c.x0)
        if prev is not None:
            first = line[0]
            one_per_line = len(line) == 1 and prev_len == 1  # printed vertically
            if prev.ch.isascii() and prev.ch.isalnum() and first.ch.isascii() and first.ch.isalnum():
                parts.append("" if one_per_line else " ")
        for a, b in itertools.pairwise(line):
            parts.append(a.ch)
            parts.append(_join_char(a, b, h))
        parts.append(line[-1].ch)
        prev = line[-1]
        prev_len = len(line)
    return unicodedata.normalize("NFC", "".join(parts))


@dataclass
class _PageTable:
    grid: Grid
    table: Table
    copies: dict[int, list[Cell]]  # grid cell index -> the Cell and its spanned copies
    top: float


def _table_from_grid(grid: Grid, page: int) -> _PageTable:
    texts = [cell_text(gc.chars) for gc in grid.cells]
    rows: list[Row] = []
    copies: dict[int, list[Cell]] = {}
    nr = len(grid.ys) - 1
    for r in range(nr):
        seen: set[int] = set()
        cells: list[Cell] = []
        real = False
        for idx in grid.owner[r]:
            if idx in seen:
                continue
            seen.add(idx)
            gc: GridCell = grid.cells[idx]
            first = gc.row == r
            x0, top, x1, bottom = gc.bbox
            cell = Cell(
                texts[idx],
                gc.col,
                gc.colspan,
                gc.rowspan if first else 1,
                not first,
                bbox=(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)),
            )
            real = real or first
            cells.append(cell)
            copies.setdefault(idx, []).append(cell)
        if real and any(c.text for c in cells):
            rows.append(Row(cells=cells, page=page))
    return _PageTable(grid, Table(rows=rows, page=page), copies, grid.ys[0])


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(c.text for c in row.cells)


def _continue(prev: _PageTable, cur: _PageTable) -> bool:
    """Join ``cur`` (first block of a page) to ``prev`` (last block of the page before) if it continues it."""
    px, cx = prev.grid.xs, cur.grid.xs
    if abs(px[0] - cx[0]) > 3 or abs(px[-1] - cx[-1]) > 3:
        return False
    # the same columns (one part may merge some of them): 表四 after 表三 has the same margins, not columns
    fewer, more = (px, cx) if len(px) <= len(cx) else (cx, px)
    if not all(any(abs(x - y) <= 3 for y in more) for x in fewer):
        return False
    rows = cur.table.rows
    # a repeated header: the first rows printed again
    head = 0
    while head < min(len(rows), len(prev.table.rows), 4) and _row_key(rows[head]) == _row_key(
        prev.table.rows[head]
    ):
        head += 1
    if head and not any(parse_value(c.text).kind == "number" for r in rows[:head] for c in r.cells):
        del rows[:head]
    if rows and prev.table.rows:
        last = prev.table.rows[-1]
        first = rows[0]
        for i, cell in enumerate(first.cells):
            if cell.text or cell.spanned:
                continue
            if not any(c.text and parse_value(c.text).kind == "text" for c in first.cells[i + 1 :]):
                continue
            above = next((c for c in last.cells if c.col == cell.col and c.colspan == cell.colspan), None)
            if above is None or not above.text or parse_value(above.text).kind != "text":
                continue
            idx = next(k for k, cs in cur.copies.items() if cs and cs[0] is cell)
            for copy in cur.copies[idx]:
                copy.text = above.text
                copy.spanned = True  # a copy of the category cell cut by the page break
    prev.table.rows.extend(rows)
    prev.grid = cur.grid
    return True


def _paragraphs(content: PageContent, grids: list[Grid]) -> list[tuple[float, Paragraph]]:
    out: list[tuple[float, Paragraph]] = []
    line: list[Char] = []

    def flush() -> None:
        text = "".join(c.ch for c in line).strip()
        if text and not _PAGE_NUMBER.match(text):
            top = min(c.top for c in line if not c.ch.isspace())
            out.append((top, Paragraph(text=" ".join(text.split()), page=content.number)))
        line.clear()

    for c in content.chars:
        if c.ch == "\n":
            flush()
            continue
        if not c.ch.isspace():
            x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
            if any(g.cell_at(x, y) is not None for g in grids):
                flush()
                continue
        line.append(c)
    flush()
    return out


def page_blocks(content: PageContent) -> tuple[list[tuple[float, Block | _PageTable]], list[Grid]]:
    grids = find_grids(content.horizontal, content.vertical)
    for c in content.chars:
        if c.ch.isspace():
            continue
        x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        for g in grids:
            gc = g.cell_at(x, y)
            if gc is not None:
                gc.chars.append(c)
                break
    items: list[tuple[float, Block | _PageTable]] = list(_paragraphs(content, grids))
    for g in grids:
        pt = _table_from_grid(g, content.number)
        if pt.table.rows:
            items.append((pt.top, pt))
    items.sort(key=lambda it: it[0])
    return items, grids


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    deadline = Deadline(limits)
    layout = Layout(reader=NAME)
    pages: list[PageContent] = []
    with open_pdf(data, limits) as doc:
        s = _Scratch()
        for i in range(len(doc)):
            deadline.check(f"第 {i + 1} 页")
            pages.append(page_content(doc, i, s))
    _refuse_scans(pages)
    last: _PageTable | None = None
    for content in pages:
        deadline.check()
        items, _ = page_blocks(content)
        for n, (_, item) in enumerate(items):
            if isinstance(item, _PageTable):
                if n == 0 and last is not None and _continue(last, item):
                    continue
                layout.blocks.append(item.table)
                last = item
            else:
                layout.blocks.append(item)
                last = None
        if items and not isinstance(items[-1][1], _PageTable):
            last = None
    if not layout.tables:
        layout = _unruled(layout)
    for k, table in enumerate(layout.tables, start=1):
        table.index = k
    return layout


def _unruled(layout: Layout) -> Layout:
    """No ruled table anywhere (tables drawn without borders): read the page text as the text reader reads
    ``label value value`` lines, keeping each line's page."""
    from dataclasses import replace

    from gongkai.readers import text

    paragraphs = [b for b in layout.blocks if isinstance(b, Paragraph)]
    out = text.read_text("\n".join(p.text for p in paragraphs))
    out.reader = NAME
    page_of = {n: p.page for n, p in enumerate(paragraphs, start=1)}
    for k, block in enumerate(out.blocks):
        if isinstance(block, Table):
            for row in block.rows:
                row.page = page_of.get(row.line or 0)
            block.page = block.rows[0].page if block.rows else None
        else:
            out.blocks[k] = replace(block, page=page_of.get(block.line or 0))
    return out


def _refuse_scans(pages: list[PageContent]) -> None:
    text_pages = [p for p in pages if sum(1 for c in p.chars if not c.ch.isspace()) >= 20]
    image_only = [p.number for p in pages if p.images and p not in text_pages]
    if len(image_only) * 2 >= len(pages) and len(text_pages) * 2 < len(pages):
        span = f"第 {image_only[0]} 页" if len(image_only) == 1 else f"第 {image_only[0]}–{image_only[-1]} 页"
        raise ScannedPdf(f"{span}只有图片")
    if not any(not c.ch.isspace() for p in pages for c in p.chars):
        raise UnreadableFile("PDF 中没有文字", hint="如果是扫描件，暂不支持文字识别（OCR）")
