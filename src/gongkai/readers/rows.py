"""Rows of a layout as the assembler sees them: a label (the row's text cells) and the value cells after it.

Value cells are fitted to the width a table row must have (7 for 表三, 15 for 表四, …): flattened merged
cells leave extra blanks or a duplicated value at the edges; space-aligned text loses blank cells, which are
put back by column position. A row that cannot be fitted without guessing is reported, never guessed.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass

from gongkai.catalog.normalize import normalize
from gongkai.model.report import Location
from gongkai.readers.layout import Cell, Layout, Paragraph, Table
from gongkai.readers.limits import check_time
from gongkai.readers.values import Value, parse_value

_CAPTION_CHARS = 40


@dataclass(slots=True)
class RowView:
    label: str  # normalised text of the label cells
    raw_label: str
    values: list[tuple[Cell, Value]]
    table: Table
    row_index: int  # 0-based within its table
    order: int  # position in the document
    line: int | None
    page: int | None
    caption: str = ""  # normalised short paragraph right before the row's table (a converter's heading)
    # a converter's Markdown row (see ``Row.loose``), in a document where no such row has an empty cell
    # among its numbers (a converter that keeps empty cells keeps the trailing ones in their columns too)
    loose: bool = False

    def location(self, cell: Cell | None = None) -> Location:
        # built from the reader's own typed values: no validation needed (and ~200 per report)
        return Location.model_construct(
            line=self.line,
            page=self.page,
            table=self.table.index,
            row=self.row_index + 1,
            col=None if cell is None else cell.col + 1,
            text=None if cell is None else cell.text,
            confidence=None if cell is None else cell.confidence,
        )

    @property
    def has_number(self) -> bool:
        return any(v.kind == "number" for _, v in self.values)


def row_views(layout: Layout) -> list[RowView]:
    views: list[RowView] = []
    captions: dict[int, str] = {}
    for before, block in itertools.pairwise(layout.blocks):
        if isinstance(block, Table) and isinstance(before, Paragraph) and len(before.text) <= _CAPTION_CHARS:
            captions[id(block)] = normalize(before.text)
    for table in layout.tables:
        check_time("表格")
        for r, row in enumerate(table.rows):
            parsed = [(c, parse_value(c.text)) for c in row.cells]
            last_label = max((i for i, (_, v) in enumerate(parsed) if v.kind == "text"), default=-1)
            label_cells = [c.text for c, v in parsed[: last_label + 1] if v.kind == "text"]
            # a spanned copy repeats the same text in every row it covers; keep each text once
            raw = " ".join(dict.fromkeys(label_cells))
            values = [(c, v) for c, v in parsed[last_label + 1 :] if not c.spanned]
            if last_label < 0 and _column_numbers(values):
                values = []  # a header of column numbers (1 2 3 4 5), never data
            views.append(
                RowView(
                    label=normalize(raw),
                    raw_label=raw,
                    values=values,
                    table=table,
                    row_index=r,
                    order=len(views),
                    line=row.line,
                    page=row.page or table.page,
                    caption=captions.get(id(table), ""),
                    loose=row.loose,
                )
            )
    if any(v.loose and _empty_among_numbers(v.values) for v in views):
        # this converter keeps a row's empty cells in their columns: its trailing empty cells stand too
        for view in views:
            view.loose = False
    return views


def _empty_among_numbers(values: list[tuple[Cell, Value]]) -> bool:
    kinds = [v.kind for _, v in values]
    numbers = [i for i, k in enumerate(kinds) if k == "number"]
    return bool(numbers) and "blank" in kinds[numbers[0] : numbers[-1]]


Fitted = list[tuple[Cell, Value]]


def _column_numbers(values: list[tuple[Cell, Value]]) -> bool:
    """True for a row printing 1, 2, …, n (n ≥ 4) and nothing else: converters number the columns in a header
    row. It cannot be a row of 表三 or 表四, whose last column (总计) is the sum of the ones before it."""
    numbers = [v.number for _, v in values if v.kind != "blank"]
    return len(numbers) >= 4 and numbers == list(range(1, len(numbers) + 1))


def fit(values: Fitted, width: int) -> Fitted | None:
    """Fit a row's value cells to ``width`` columns, or None when that would need a guess."""
    vals = list(values)
    while len(vals) > width and vals[0][1].kind == "blank":
        vals.pop(0)
    while len(vals) > width and vals[-1][1].kind == "blank":
        vals.pop()
    if len(vals) > width:
        numbers = [v.number for _, v in vals]
        if width == 1 and len(set(numbers)) == 1:
            return vals[:1]  # one merged value printed in each of the columns it spans
        if len(vals) != width + 1:
            return None
        n = [x or 0 for x in numbers]
        if width == 7 and sum(n[1:6]) == n[6] and n[0] + n[6] == n[7]:
            # a non-official 法人或其他组织·小计 column between 其他 and 总计: not a cell of the model
            return vals[:6] + vals[7:]
        if numbers[0] == numbers[1]:
            # a flattened merged label column repeats the first value: the row's own cells are the last ones
            return vals[1:]
        return None
    if len(vals) == width:
        return vals
    if len(vals) < width:
        # an empty cell printed across several columns (法人或其他组织's five as one <td colspan="5">): one
        # blank per column it spans, so the printed numbers keep their columns
        spread = [(c, v) for c, v in vals for _ in range(c.colspan if v.kind == "blank" else 1)]
        if len(spread) == width:
            return spread
    if all(v.kind == "blank" for _, v in vals):
        return [(Cell(text="", col=-1), Value("blank")) for _ in range(width)]
    return None


def align_by_position(row: RowView, reference: list[RowView], width: int) -> Fitted | None:
    """Place the values of a short space-aligned row under the columns of fully printed rows."""
    if not reference or any(c.x is None for c, _ in row.values):
        return None
    fitted_refs = [f for f in (fit(ref.values, width) for ref in reference) if f]
    edges: list[float] = []
    for col in range(width):
        xs = [x for f in fitted_refs if (x := f[col][0].x) is not None]
        if not xs:
            return None
        edges.append(statistics.median(xs))
    out: Fitted = [(Cell(text="", col=-1), Value("blank")) for _ in range(width)]
    used: set[int] = set()
    for cell, value in row.values:
        assert cell.x is not None
        col = min(range(width), key=lambda k: abs(edges[k] - (cell.x or 0)))
        if col in used or abs(edges[col] - cell.x) > 3:
            return None
        used.add(col)
        out[col] = (cell, value)
    return out
