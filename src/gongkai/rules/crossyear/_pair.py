"""The guard every cross-year rule starts with: is ``--previous`` last year's report in the same template?"""

from __future__ import annotations

from typing import TypeVar

from gongkai.checker.context import CheckContext
from gongkai.model.report import Report, Report2019, Report2021

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
