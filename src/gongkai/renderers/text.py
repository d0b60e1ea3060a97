"""Plain text and Markdown.

The text form reads like the reference example (``2020-pinghu-emergency.txt``): the title, the six section
headings, the narrative, and each table as TAB-separated lines on the official grid (a merged cell's text
in its first grid cell, the cells it covers left empty). Markdown prints the same grid as pipe tables, with
setext headings (``===`` / ``---`` underlines) so the heading lines themselves stay the official text.
"""

from __future__ import annotations

from gongkai.model.report import Report
from gongkai.renderers.grid import GridTable, build_document

NAME_TEXT = "txt"
NAME_MARKDOWN = "md"


def grid_lines(table: GridTable) -> list[list[str]]:
    """The table as a full grid of texts: each cell at its top-left position, covered positions empty."""
    n_rows = len(table.rows)
    grid = [[""] * table.n_cols for _ in range(n_rows)]
    for row in table.rows:
        for cell in row:
            grid[cell.row][cell.col] = cell.text
    return grid


def render_text(report: Report) -> bytes:
    doc = build_document(report)
    out: list[str] = [doc.title, ""]
    for block in doc.blocks:
        if block[0] == "table":
            out.extend("\t".join(cells) for cells in grid_lines(block[1]))
        else:
            out.append(block[1])
        out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(report: Report) -> bytes:
    doc = build_document(report)
    out: list[str] = [doc.title, "=" * 3, ""]
    for block in doc.blocks:
        if block[0] == "heading":
            out.extend([block[1], "-" * 3])
        elif block[0] == "text":
            out.append(block[1])
        else:
            grid = grid_lines(block[1])
            out.append("| " + " | ".join(_md_cell(t) for t in grid[0]) + " |")
            out.append("|" + "|".join(["---"] * block[1].n_cols) + "|")
            out.extend("| " + " | ".join(_md_cell(t) for t in cells) + " |" for cells in grid[1:])
        out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")
