"""Blank-aware arithmetic for the sum rules.

A blank cell (``None``) is reported by its own rule (T304, T402, T205). A sum rule must not also fail because
of
it: an equation ``sum(lhs) == sum(rhs)`` with blanks fails only if *no* non-negative filling of the blanks
could
satisfy it. With ``diff = known(lhs) - known(rhs)`` it holds when ``diff == 0``, or ``diff > 0`` and the right
side has a blank, or ``diff < 0`` and the left side has a blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gongkai.model.report import Number

#: Tolerance for money and other decimals read from text.
EPSILON = 1e-6


def known_sum(values: Iterable[Number]) -> int | float:
    """The sum of the non-blank values (0 when all are blank)."""
    total: int | float = 0
    for v in values:
        if v is not None:
            total += v
    return _tidy(total)


def has_blank(values: Iterable[Number]) -> bool:
    return any(v is None for v in values)


def all_blank(values: Iterable[Number]) -> bool:
    return all(v is None for v in values)


def equation_holds(lhs: Sequence[Number], rhs: Sequence[Number]) -> bool:
    """Whether ``sum(lhs) == sum(rhs)`` can hold for some non-negative filling of the blank cells."""
    diff = known_sum(lhs) - known_sum(rhs)
    if abs(diff) < EPSILON:
        return True
    if diff > 0:
        return has_blank(rhs)
    return has_blank(lhs)


def show(value: Number) -> str:
    """A cell value for a message: integers without ``.0``, blanks as ``空``."""
    if value is None:
        return "空"
    return str(_tidy(value))


def show_sum(values: Sequence[Number]) -> str:
    """``a + b + c`` for a message (a single value alone)."""
    return " + ".join(show(v) for v in values)


def _tidy(value: int | float) -> int | float:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return round(value, 6)
    return value
