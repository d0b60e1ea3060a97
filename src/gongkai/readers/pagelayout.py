"""Pages of positioned characters and ruling lines → the neutral layout. Shared by the PDF reader (characters
from the text layer) and the OCR reader (characters recognised in page images).

Ruled tables become cell grids with row/column spans (:mod:`gongkai.readers.pdfgrid`); each character goes to
the cell its centre falls in, so a number is never split by a gap heuristic and a label printed one character
per line down a merged cell reads as one label. A table that runs over a page break is joined to its first
part: a repeated header is dropped and a category cell cut by the break (``（四）无法提供``) is carried onto
the new page. Text outside the tables becomes paragraphs, in reading order.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, replace

from gongkai.readers.layout import Block, Cell, Layout, Paragraph, Row, Table
from gongkai.readers.limits import Deadline
from gongkai.readers.lines import read_lines
from gongkai.readers.pdfgrid import Grid, GridCell, find_grids
from gongkai.readers.pdfpage import Char, PageContent
from gongkai.readers.values import parse_value

_NUMERIC = frozenset("0123456789.,+-%")

MIN_CONFIDENCE = 0.6  # an OCR'd digit the model gives less probability than this is a blank, not a value
MAX_READINGS = 64
_PAGE_NUMBER = re.compile(r"^[-－—–\s]*\d{1,4}[-－—–\s]*$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$")


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


def ocr_readings(chars: list[Char]) -> tuple[float | None, tuple[str, ...]]:
    """For a cell read by OCR: the lowest confidence of its digits, and — when a digit is unsure (several
    digits fit, or the model's probability is under :data:`MIN_CONFIDENCE`) — every reading of the cell."""
    digits = [c for c in chars if c.alternatives]
    if not digits:
        return None, ()
    confidence = min(c.confidence for c in digits)
    unsure = [c for c in digits if len(c.alternatives) > 1 or c.confidence < MIN_CONFIDENCE]
    if not unsure:
        return confidence, ()
    if math.prod(len(c.alternatives) for c in unsure) > MAX_READINGS:
        return confidence, (cell_text(chars),)
    readings: dict[str, None] = {}
    for combo in itertools.product(*(c.alternatives for c in unsure)):
        choice = dict(zip(map(id, unsure), combo, strict=True))
        readings[cell_text([replace(c, ch=choice.get(id(c), c.ch)) for c in chars])] = None
    return confidence, tuple(readings)


@dataclass
class _PageTable:
    grid: Grid
    table: Table
    copies: dict[int, list[Cell]]  # grid cell index -> the Cell and its spanned copies
    top: float


def _table_from_grid(grid: Grid, page: int) -> _PageTable:
    texts = [cell_text(gc.chars) for gc in grid.cells]
    readings = [ocr_readings(gc.chars) for gc in grid.cells]
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
                confidence=readings[idx][0],
                candidates=readings[idx][1],
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


def layout_from_pages(pages: list[PageContent], reader: str, deadline: Deadline) -> Layout:
    """The layout of a document's pages, tables continued across page breaks joined."""
    layout = Layout(reader=reader)
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
    paragraphs = [b for b in layout.blocks if isinstance(b, Paragraph)]
    out = read_lines("\n".join(p.text for p in paragraphs), layout.reader)
    page_of = {n: p.page for n, p in enumerate(paragraphs, start=1)}
    for k, block in enumerate(out.blocks):
        if isinstance(block, Table):
            for row in block.rows:
                row.page = page_of.get(row.line or 0)
            block.page = block.rows[0].page if block.rows else None
        else:
            out.blocks[k] = replace(block, page=page_of.get(block.line or 0))
    return out
