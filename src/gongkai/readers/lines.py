"""Lines of text → the neutral layout: tab-separated cells, Markdown pipe tables, space-aligned columns as
``pdftotext -layout`` prints them, ``label value value`` lines, and labels and values on separate lines. Every
row keeps its line number. Shared by the text reader and the PDF reader (for tables printed without rules).
"""

from __future__ import annotations

import re

from gongkai.readers.layout import Block, Cell, Layout, Paragraph, Row, Table
from gongkai.readers.limits import check_row, check_time

_NUM = r"[+\-－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
_NUM_TOKEN = re.compile(rf"^(?:{_NUM}|[/／—\-－–]+|无)$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Markdown a converter writes around a line of prose: a heading marker (``## 一、总体情况``), bold or
# italics around the whole line (``**二、主动公开政府信息情况**``), a block quote. The text inside is printed.
_MD_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s*)(?P<text>.*?)(?:\s+#+)?\s*$")
_MD_EMPHASIS = re.compile(r"^\s*(?P<mark>\*\*|__|\*|_)(?P<text>[^*_].*?)(?P=mark)\s*$")
_MD_BOLD = re.compile(r"\*\*(?P<text>[^*]+?)\*\*")
_TRAILING_NUMS = re.compile(rf"^(?P<label>.*?[^\s0-9０-９.,+\-－])\s+(?P<nums>(?:{_NUM}\s+)*{_NUM})\s*$")


def markdown_text(line: str) -> str:
    """A line of prose without the Markdown marks a converter put around it (heading, bold, block quote)."""
    text = line.strip()
    for pattern in (_MD_HEADING, _MD_EMPHASIS, _MD_EMPHASIS):
        m = pattern.match(text)
        if m:
            text = m.group("text").strip()
    return _MD_BOLD.sub(r"\g<text>", text) if "**" in text else text


_TOKEN = rf"(?:{_NUM}|[/／—\-－–]+|无)"
# a whole line of number tokens (one regex pass instead of a match per token: this runs on every line)
_NUMBER_LINE = re.compile(rf"\s*{_TOKEN}(?:\s+{_TOKEN})*\s*")
_DIGIT = re.compile(r"[0-9０-９]")
_WIDE_GAP = re.compile(r"\S {2,}\S")
_RUN = re.compile(r"\S+(?: \S+)*")


def _is_number_line(line: str) -> bool:
    return _NUMBER_LINE.fullmatch(line) is not None and _DIGIT.search(line) is not None


def _cells_from_tokens(tokens: list[str]) -> list[Cell]:
    return [
        Cell(text=_MD_BOLD.sub(r"\g<text>", t).strip() if "**" in t else t.strip(), col=i)
        for i, t in enumerate(tokens)
    ]


def _split_line(line: str) -> list[Cell] | None:
    """Cells of a table-like line, or None for prose."""
    if "\t" in line:
        return _cells_from_tokens(line.rstrip("\r\n").split("\t"))
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return _cells_from_tokens(inner.split("|"))
    if _is_number_line(stripped):
        return _aligned_cells(line)
    if _WIDE_GAP.search(stripped):
        cells = _aligned_cells(line)
        if len(cells) >= 2 and any(_NUM_TOKEN.match(c.text) for c in cells[1:]):
            return cells
    m = _TRAILING_NUMS.match(stripped)
    if m and len(m.group("label")) <= 40:
        return [Cell(text=m.group("label").strip(), col=0)] + [
            Cell(text=t, col=i + 1) for i, t in enumerate(m.group("nums").split())
        ]
    return None


def _aligned_cells(line: str) -> list[Cell]:
    """Split a space-aligned line into cells, keeping each cell's right edge for column alignment."""
    out: list[Cell] = []
    for m in _RUN.finditer(line.rstrip()):
        # inside a run, a single space separates two numbers: split them (pdftotext joins narrow columns).
        parts = m.group(0).split(" ") if _is_number_line(m.group(0)) else [m.group(0)]
        pos = m.start()
        for part in parts:
            start = line.index(part, pos)
            pos = start + len(part)
            out.append(Cell(text=part, col=len(out), x=pos))
    return out


def read_lines(text: str, reader: str = "text") -> Layout:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    table: list[Row] = []
    n_tables = 0
    n_rows = 0

    def close_table() -> None:
        nonlocal table, n_tables
        if table:
            n_tables += 1
            blocks.append(Table(rows=table, index=n_tables))
            table = []

    i = 0
    while i < len(lines):
        if i % 512 == 0:
            check_time("逐行读取")
        line = lines[i]
        lineno = i + 1
        if not line.strip():
            i += 1
            continue
        if _MD_SEPARATOR.match(line) and "-" in line:
            i += 1
            continue
        if line.lstrip().startswith(("#", "*", "_", ">")) or ("**" in line and "|" not in line):
            line = markdown_text(line)
        cells = _split_line(line)
        if cells is None and i + 1 < len(lines) and len(line.strip()) <= 60 and _is_number_line(lines[i + 1]):
            # a label on its own line, its values on the following line(s)
            values: list[str] = []
            j = i + 1
            while j < len(lines) and _is_number_line(lines[j]):
                values.extend(lines[j].split())
                j += 1
            cells = [Cell(text=line.strip(), col=0)] + [Cell(text=v, col=k + 1) for k, v in enumerate(values)]
            n_rows += 1
            check_row(len(cells), n_rows)
            table.append(Row(cells=cells, line=lineno))
            i = j
            continue
        if cells is None:
            close_table()
            blocks.append(Paragraph(text=line.strip(), line=lineno))
        else:
            n_rows += 1
            check_row(len(cells), n_rows)
            table.append(Row(cells=cells, line=lineno, loose=line.lstrip().startswith("|")))
        i += 1
    close_table()
    return Layout(blocks=blocks, reader=reader)
