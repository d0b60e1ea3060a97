"""The neutral layout every reader produces: paragraphs and tables of cells, in document order.

A reader only turns bytes into this; label matching, template detection, number normalisation and building the
model happen once, in :mod:`gongkai.readers.assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    """One table cell. ``col`` is the grid column it starts in; ``spanned`` marks a grid copy of a cell that
    spans down from a row above (``rowspan``), kept so a row's label context is complete."""

    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1
    spanned: bool = False
    x: int | None = None  # right edge in characters, for space-aligned text tables
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in points (PDF), top-down
    confidence: float | None = None  # read by OCR: the lowest confidence of its digits
    candidates: tuple[str, ...] = ()  # read by OCR with an unsure digit: every reading it might be


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    line: int | None = None  # 1-based line in a text file
    page: int | None = None
    # a Markdown row as a converter printed it: a cell it dropped shifts the numbers after it to the left and
    # may leave an empty cell at the end, so a trailing empty cell is not known to stand in its column
    loose: bool = False


@dataclass(slots=True)
class Table:
    rows: list[Row]
    index: int = 0  # 1-based table number in the document
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int | None = None
    page: int | None = None


Block = Paragraph | Table


@dataclass(slots=True)
class Layout:
    blocks: list[Block] = field(default_factory=list)
    reader: str = ""
    title_hint: str | None = None  # e.g. an HTML <title>

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
