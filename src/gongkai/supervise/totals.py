"""Parent vs children (``spec/supervision.md`` §2): where a government's report states region-wide totals
(全市/全区/全县…: the sum over its departments and lower governments), each of its 表三 and 表四 cells equals
the sum of its children's cells. A report that covers only 本级 (the government itself) is not compared.

Only 表三 and 表四 are compared: they count applications and cases, which add up across agencies. 表二 mixes
counts that do not (a 规章 is issued once for the region, a 行政许可 may be counted by the delegating and the
delegated agency) and amounts in 万元, so it is left out.

The caller says which scope a report has. :func:`detect_scope` reads it from the text only when the wording is
plain (a 全市/全区/全县 … count of applications and no 本级/本机关 one, or the reverse) and answers
``unknown`` otherwise; :func:`compare_region_totals` compares nothing under an unknown scope.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from gongkai.layout import cell_label
from gongkai.model.report import Number, Report

_COUNT = r"[^。；;]{0,20}?(?:收到|受理|接收|新收|共)[^。；;]{0,20}?申请"
_REGION = re.compile(rf"全(?:省|市|区|县|州|旗|盟){_COUNT}")
_OWN = re.compile(rf"(?:本级|本机关|本单位|本部门){_COUNT}")
TABLES = ("requests", "appeals")


class Scope(enum.StrEnum):
    """What a government's report counts."""

    REGION = "region"  # 全域: the sum over the region's agencies
    OWN = "own"  # 本级: the government (and its office) only
    UNKNOWN = "unknown"  # the caller did not say and the text is not plain


@dataclass(frozen=True)
class ScopeReading:
    scope: Scope
    evidence: str | None = None  # the sentence part the scope was read from


@dataclass(frozen=True)
class ChildValue:
    agency: str
    value: Number


@dataclass(frozen=True)
class CellDifference:
    """A parent cell that is not the sum of its children's: ``difference = parent − children_sum``."""

    path: str
    label: str
    parent: Number
    children_sum: Number
    difference: Number
    children: tuple[ChildValue, ...]


@dataclass(frozen=True)
class RegionTotals:
    """The outcome of :func:`compare_region_totals`. ``compared`` counts the cells compared; ``skipped``
    the paths not compared: the parent's or a child's cell is blank (or a child's template lacks the row);
    a cell blank in every report is neither."""

    scope: Scope
    evidence: str | None
    compared: int
    differences: tuple[CellDifference, ...]
    skipped: tuple[str, ...]

    @property
    def consistent(self) -> bool | None:
        """True/False once compared; None when nothing was compared (本级 or unknown scope)."""
        return None if self.scope is not Scope.REGION else not self.differences


def detect_scope(report: Report) -> ScopeReading:
    """Region-wide or 本级 from section 一's wording about applications; ``unknown`` when neither or both."""
    text = re.sub(r"\s+", "", report.sections.overview or "")
    region, own = _REGION.search(text), _OWN.search(text)
    if region and not own:
        return ScopeReading(Scope.REGION, region.group(0))
    if own and not region:
        return ScopeReading(Scope.OWN, own.group(0))
    return ScopeReading(Scope.UNKNOWN, None)


def _cells(report: Report) -> Iterator[tuple[str, Number]]:
    for path, value in report.iter_cells():
        if path.split(".", 1)[0] in TABLES:
            yield path, value


def _value(report: Report, path: str) -> tuple[bool, Number]:
    try:
        return True, report.get(path)
    except AttributeError:  # a row the child's template does not print
        return False, None


def compare_region_totals(
    parent: Report, children: Mapping[str, Report], *, scope: Scope | str | None = None
) -> RegionTotals:
    """Each 表三/表四 cell of ``parent`` against the sum of the same cell over ``children`` (agency name →
    its report of the same year). ``scope`` is the caller's word (``region``/``own``); ``None`` reads it with
    :func:`detect_scope`. Under ``own`` or ``unknown`` nothing is compared."""
    for name, child in children.items():
        if parent.year is not None and child.year is not None and child.year != parent.year:
            raise ValueError(f"{name}: a {child.year} report cannot be summed into a {parent.year} report")
    reading = detect_scope(parent) if scope is None else ScopeReading(Scope(scope))
    if reading.scope is not Scope.REGION:
        return RegionTotals(reading.scope, reading.evidence, 0, (), ())
    differences: list[CellDifference] = []
    skipped: list[str] = []
    compared = 0
    for path, value in _cells(parent):
        parts = [(name, *_value(child, path)) for name, child in children.items()]
        if value is None and all(v is None for _, _, v in parts):
            continue  # a row no one prints (the 2021 reports' single （六） row): nothing stated
        if value is None or any(not has or v is None for _, has, v in parts):
            skipped.append(path)
            continue
        compared += 1
        total = sum(v for _, _, v in parts if v is not None)
        if total != value:
            differences.append(
                CellDifference(
                    path=path,
                    label=cell_label(path, parent.template),
                    parent=value,
                    children_sum=total,
                    difference=value - total,
                    children=tuple(ChildValue(name, v) for name, _, v in parts),
                )
            )
    return RegionTotals(Scope.REGION, reading.evidence, compared, tuple(differences), tuple(skipped))
