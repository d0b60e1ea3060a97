"""The differences between two versions of a report: cell by cell, and line by line for the narrative."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from gongkai.layout import printed_label
from gongkai.model import Report
from gongkai_web.reports.services.base import SECTIONS


@dataclass(frozen=True)
class CellChange:
    path: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TextChange:
    key: str
    label: str
    lines: list[tuple[str, str]]  # (" " | "-" | "+", line)


def diff_reports(old: Report, new: Report) -> tuple[list[CellChange], list[TextChange]]:
    """Cell by cell (every table cell whose value differs) and line by line for each narrative section."""
    old_cells = dict(old.iter_cells())
    cells = [
        CellChange(path, printed_label(path), old_cells.get(path), value)
        for path, value in new.iter_cells()
        if old_cells.get(path) != value
    ]
    texts = []
    for key in SECTIONS:
        a = (old.get(f"sections.{key}") or "").splitlines()
        b = (new.get(f"sections.{key}") or "").splitlines()
        if a != b:
            lines = [(ln[0], ln[2:]) for ln in difflib.ndiff(a, b) if ln[:1] in (" ", "-", "+")]
            texts.append(TextChange(key, printed_label(f"sections.{key}"), lines))
    return cells, texts
