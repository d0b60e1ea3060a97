"""What the cross-year rules share: the guard (is ``--previous`` last year's report, in the same template?)
and the tail of a count carried from one year to the next."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.checker.rule import Rule
from gongkai.model.report import Number, Report, Report2019, Report2021

R = TypeVar("R", Report2019, Report2021)


def consecutive(report: Report, previous: Report) -> bool:
    """Whether ``previous`` can be last year's report (years unknown count as yes)."""
    return report.year is None or previous.year is None or previous.year == report.year - 1


def last_year(report: Report, context: CheckContext, template: type[R]) -> R | None:
    """Last year's report, when it and ``report`` are both in ``template`` (a report class) and the years can
    be consecutive; otherwise ``None`` (the rule has nothing to compare)."""
    previous = context.previous
    if isinstance(report, template) and isinstance(previous, template) and consecutive(report, previous):
        return previous
    return None


def unless_carried(
    rule: Rule,
    report: Report,
    paths: Sequence[str],
    now: Number,
    plus: Sequence[Number],
    minus: Sequence[Number] = (),
    /,
    **values: Any,
) -> Iterator[Finding]:
    """The finding of ``now = Σ plus − Σ minus`` (last year's count carried on with this year's changes).
    Nothing to compare while any of the cells is blank (the blank is its own rule's finding)."""
    cells = (now, *plus, *minus)
    if any(v is None for v in cells):
        return
    expected = sum(v for v in plus if v is not None) - sum(v for v in minus if v is not None)
    if now != expected:
        yield rule.finding(report, paths, expected=expected, found=now, **values)
