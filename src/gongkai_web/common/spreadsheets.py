"""Cells of the CSV and Excel files the application writes, safe to open in a spreadsheet.

Text that people typed (an agency's name, an application's content, a file name, a note) goes into these
files. A spreadsheet reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (and a leading
tab or carriage return can hide one), so such text could run when the file is opened ("CSV injection").
:func:`cell` writes it as text, with an apostrophe in front, as OWASP advises; a number — also a
number written as text, like ``-3``, ``-1.5%`` or ``-6.0个百分点`` — stays as it is. Every export that writes
such text goes through here; :func:`unguard` takes the apostrophe off again where a file written so is read
back."""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as written in a cell, a percentage or a number with a unit in Chinese (``-6.0个百分点``): text like
# this runs nothing.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:%|[\u4e00-\u9fff]+)?")


def cell(value: object) -> object:
    """``value`` as a cell: text that would be read as a formula prefixed with an apostrophe, anything else
    (numbers, dates, None, harmless text) as it is."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def text(value: str) -> str:
    """:func:`cell` for a cell known to be text."""
    guarded = cell(value)
    assert isinstance(guarded, str)
    return guarded


def row(values: Iterable[object]) -> list[object]:
    """A row of cells, each through :func:`cell`."""
    return [cell(v) for v in values]


def unguard(value: str) -> str:
    """Text as it was before :func:`cell` (a file exported here, edited and imported again)."""
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS and cell(value[1:]) == value:
        return value[1:]
    return value
