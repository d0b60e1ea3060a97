"""Which agencies a 汇总 covers, their latest collected reports, and the 汇总 itself, summed by the database
over the stored cells (:class:`~gongkai_web.summaries.models.VersionCell`) with the figures defined once in
the core (:func:`gongkai.supervise.sum_cell`; the core's :func:`~gongkai.supervise.sum_reports` sums the same
way in Python); the dataset of a region's collected reports."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.expressions import RawSQL

from gongkai import Finding, check_report, report_from_dict
from gongkai.clock import AgencyKind
from gongkai.layout import template_for_year
from gongkai.supervise import (
    CellParts,
    Contribution,
    Entry,
    Summary,
    SummedCell,
    assemble_summary,
    contribution,
    derived_keys,
    is_derived,
    sum_cell,
    summed_paths,
    tally,
)
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.register import tree_order
from gongkai_web.agencies.roster import rules_for
from gongkai_web.summaries.cells import store_cells
from gongkai_web.summaries.models import VersionCell
from gongkai_web.supervision.models import CollectedVersion

#: The selections a supervisor chooses from; ``departments`` is the default (spec supervision.md §2).
SCOPES = {
    "departments": "政府部门",
    "region": "全域",
    "chosen": "所选单位",
}
TABLES = ("proactive", "requests", "appeals")
_LEVELS = "省市区县州旗盟"
_GOVERNMENT = "人民政府"


@dataclass(frozen=True)
class Selection:
    region: Agency
    scope: str  # a key of SCOPES
    agencies: list[Agency]

    @property
    def place(self) -> str:
        """The region as a 汇总's title names it: 测试市 for 测试市人民政府."""
        return self.region.name.removesuffix(_GOVERNMENT) or self.region.name

    @property
    def label(self) -> str:
        """The scope as the title names it: 市政府部门, 全市, 所选单位."""
        level = self.place[-1] if self.place[-1:] in _LEVELS else ""
        if self.scope == "departments":
            return f"{level}政府部门"
        if self.scope == "region":
            return f"全{level}" if level else "全域"
        return SCOPES["chosen"]


def candidates(region: Agency) -> list[Agency]:
    """The agencies below ``region`` that report (by the roster's rules), parents first."""
    below = list(
        Agency.objects.filter(path__under=region.path).exclude(pk=region.pk).select_related("parent")
    )
    rules = rules_for([region, *below])  # the region first: one subtree to look up, not one per department
    return tree_order([a for a in below if rules[a.pk].expected])


def select(region: Agency, scope: str, chosen: Iterable[int] = ()) -> Selection:
    """``departments``: the government's own departments (its direct children that are departments);
    ``region``: every reporting agency below it (never the government's own 本级 report); ``chosen``: those
    of ``chosen`` among them."""
    agencies = candidates(region)
    if scope == "departments":
        agencies = [a for a in agencies if a.parent_id == region.pk and a.kind == AgencyKind.DEPARTMENT.value]
    elif scope == "chosen":
        ids = set(chosen)
        agencies = [a for a in agencies if a.pk in ids]
    return Selection(region, scope, agencies)


def id_set(ids: Iterable[int]) -> RawSQL:
    """``ids`` as a subquery of one parameter, for ``field__in=`` whatever their number: a region's thousands
    of agencies as an ``IN`` list of as many parameters are slow to plan, and SQLite limits them."""
    ids = sorted(set(ids))
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def latest_versions(
    agencies: Iterable[Agency], year: int | None = None
) -> dict[tuple[int, int], CollectedVersion]:
    """The latest collected version of each (agency id, year) of ``agencies`` (of ``year`` when given),
    without its report's JSON."""
    qs = (
        CollectedVersion.objects.filter(report__agency_id__in=id_set(a.pk for a in agencies))
        .select_related("report")
        .only("report__agency_id", "report__year", "number", "template", "source_name")
    )
    if year is not None:
        qs = qs.filter(report__year=year)
    out: dict[tuple[int, int], CollectedVersion] = {}
    for v in qs.order_by("report_id", "number"):
        out[(v.report.agency_id, v.report.year)] = v
    return out


def display_names(agencies: Iterable[Agency]) -> dict[int, str]:
    """A unique name per agency: its name, with its parent's where two agencies share a name."""
    agencies = list(agencies)
    seen: dict[str, int] = {}
    for a in agencies:
        seen[a.name] = seen.get(a.name, 0) + 1
    return {
        a.pk: a.name if seen[a.name] == 1 or a.parent is None else f"{a.name}（{a.parent.name}）"
        for a in agencies
    }


@dataclass(frozen=True)
class Result:
    selection: Selection
    summary: Summary
    findings: list[Finding]
    names: dict[int, str]  # agency id → the name the summary uses
    versions: dict[int, CollectedVersion]  # agency id → the version summed (without its JSON)

    def agency_of(self, name: str) -> Agency | None:
        ids = {v: k for k, v in self.names.items()}
        return next((a for a in self.selection.agencies if a.pk == ids.get(name)), None)


def table_findings(summary: Summary) -> list[Finding]:
    """The table rules' findings on the sum (T…: the identities of 表二, 表三, 表四). The format and
    narrative rules are left out: the 汇总's layout (one （六） row across templates) and its section 一 are
    its own, not a report's."""
    return [f for f in check_report(summary.report) if f.code.startswith("T")]


_OTHER = "requests.other."


def _one_row(versions: dict[int, CollectedVersion]) -> set[int]:
    """The versions that print （六）其他处理 as one row (:func:`gongkai.layout.single_other_row`): the 2019
    template, and the 2021 reports whose （六） row holds a number while its three sub-rows hold none."""
    ids = {v.pk for v in versions.values() if v.template == "2019"}
    newer = [v.pk for v in versions.values() if v.template != "2019"]
    hybrid = (
        VersionCell.objects.filter(version_id__in=id_set(newer), key__startswith="requests.other")
        .values("version_id")
        .annotate(
            one=Count("value", filter=Q(key__startswith=_OTHER)),
            subs=Count("value", filter=~Q(key__startswith=_OTHER)),
        )
        .filter(one__gt=0, subs=0)
        .values_list("version_id", flat=True)
    )
    return ids | set(hybrid)


def _contributions(
    versions: dict[int, CollectedVersion],
    names: dict[int, str],
    one_row: set[int],
    paths: list[str],
) -> dict[str, tuple[list[Contribution], list[str]]]:
    """Each agency's part in the summed cells ``paths`` (their parts and the agencies not comparable), read
    from the stored cells of those keys only (the unit of 采购总金额 from the report's JSON)."""
    keys = sorted({k for p in paths for k in derived_keys(p)})
    cells: dict[int, dict[str, Any]] = {v.pk: {} for v in versions.values()}
    ids = [v.pk for v in versions.values()]
    for version_id, key, value in VersionCell.objects.filter(
        version_id__in=id_set(ids), key__in=keys
    ).values_list("version_id", "key", "value"):
        cells[version_id][key] = _as_number(value)
    if "proactive.procurement.amount_unit" in keys:
        units = CollectedVersion.objects.filter(id__in=id_set(ids), template="2019").values_list(
            "id", "data__proactive__procurement__amount_unit"
        )
        for version_id, unit in units:
            cells[version_id]["proactive.procurement.amount_unit"] = unit
    out: dict[str, tuple[list[Contribution], list[str]]] = {p: ([], []) for p in paths}
    for agency_id, v in versions.items():
        for p in paths:
            c = contribution(names[agency_id], v.template, v.pk in one_row, cells[v.pk], p)
            if c is None:
                out[p][1].append(names[agency_id])
            else:
                out[p][0].append(c)
    return out


def _as_number(value: float | None) -> int | float | None:
    """A stored cell as the report holds it (the table stores floats)."""
    return int(value) if value is not None and value.is_integer() else value


#: A cell every report of either template has: counted, it tells whether every version's cells are stored.
_EVERY_REPORT = "requests.received.total"


def _sums(versions: dict[int, CollectedVersion]) -> dict[str, tuple[float | None, int, int]]:
    """Per key over the stored cells of ``versions``: the sum of the numbers, how many numbers, how many
    cells (blank ones included) — one ``GROUP BY`` aggregate."""
    rows = (
        VersionCell.objects.filter(version_id__in=id_set(v.pk for v in versions.values()))
        .values("key")
        .annotate(total=Sum("value"), given=Count("value"), printed=Count("id"))
        .values_list("key", "total", "given", "printed")
    )
    return {key: (total, given, printed) for key, total, given, printed in rows}


def _store_missing(versions: dict[int, CollectedVersion]) -> None:
    """Write the cells of the versions filed without them (created without ``post_save``: in bulk, or
    before this app existed)."""
    ids = {v.pk for v in versions.values()}
    stored = set(
        VersionCell.objects.filter(version_id__in=id_set(ids), key=_EVERY_REPORT).values_list(
            "version_id", flat=True
        )
    )
    store_cells(CollectedVersion.objects.filter(id__in=id_set(ids - stored)).only("id", "data"))


def summarise(selection: Selection, year: int) -> Result:
    """The 汇总 of ``year`` over ``selection``: each agency's latest version of the year, its cells summed by
    one ``GROUP BY key`` aggregate (``SUM``, ``COUNT`` of the numbers, ``COUNT`` of the cells) over the
    stored cells, except the few whose parts are made comparable first (:func:`gongkai.supervise.is_derived`:
    those are summed from their agencies' parts). The parts of a cell are loaded by :func:`cell_parts`."""
    names = display_names(selection.agencies)
    versions = {agency_id: v for (agency_id, _y), v in latest_versions(selection.agencies, year).items()}
    template = template_for_year(year)
    one_row = _one_row(versions)
    merged = template == "2019" or bool(one_row)
    paths = list(summed_paths(template, merged))
    derived = [p for p in paths if is_derived(p)]
    sums = _sums(versions)
    if sums.get(_EVERY_REPORT, (None, 0, 0))[2] < len(versions):  # some versions' cells never written
        _store_missing(versions)
        sums = _sums(versions)
    cells: dict[str, SummedCell] = {}
    parts = _contributions(versions, names, one_row, derived) if derived else {}
    for path in paths:
        if path in parts:
            cells[path] = sum_cell(path, template, *tally(parts[path][0]), len(versions))
        else:
            cells[path] = sum_cell(path, template, *sums.get(path, (None, 0, 0)), len(versions))
    included = set(versions)
    summary = assemble_summary(
        cells,
        year,
        region=selection.place,
        scope=selection.label,
        selected=tuple(names[a.pk] for a in selection.agencies),
        missing=tuple(names[a.pk] for a in selection.agencies if a.pk not in included),
        other_template=tuple(
            names[a.pk]
            for a in selection.agencies
            if a.pk in included and versions[a.pk].template != template
        ),
        other_as_one_row=merged and template == "2021",
    )
    return Result(selection, summary, table_findings(summary), names, versions)


def cell_parts(result: Result, path: str) -> SummedCell:
    """The summed cell ``path`` of ``result`` with its parts: every agency's value in the order of the
    selection, and the agencies whose template has no such cell."""
    cell = result.summary.cells[path]
    one_row = _one_row(result.versions) if path.startswith(_OTHER) else set()
    found = _contributions(result.versions, result.names, one_row, [path])[path]
    order = {result.names[a.pk]: i for i, a in enumerate(result.selection.agencies)}
    contributions = sorted(found[0], key=lambda c: order[c.agency])
    not_comparable = sorted(found[1], key=order.__getitem__)
    return replace(cell, parts=CellParts(tuple(contributions), tuple(not_comparable)))


class CheckedFinding(NamedTuple):
    """A finding of a collected version as the intake stored it (``CollectedVersion.checks``, each
    ``gongkai.Finding.to_dict()``), with what the dataset needs of it."""

    code: str
    severity: str
    message: str
    paths: tuple[str, ...]

    @classmethod
    def from_check(cls, check: dict[str, Any]) -> CheckedFinding:
        return cls(check["code"], check["severity"], check["message"], tuple(check.get("paths") or ()))


def version_findings(version: CollectedVersion) -> list[CheckedFinding]:
    """The findings of ``version`` (those a person accepted left out), as the intake found them."""
    return [CheckedFinding.from_check(c) for _i, c in version.counted_checks()]


def dataset_entries(agencies: Iterable[Agency]) -> Iterator[Entry]:
    """Every agency's latest version of every year, in register order, with the findings the intake stored
    on it, for the dataset export. Streams the versions (a region of thousands of reports is never loaded
    at once)."""
    agencies = list(agencies)
    names = display_names(agencies)
    by_id = {a.pk: a for a in agencies}
    versions = (
        CollectedVersion.objects.filter(report__agency_id__in=id_set(by_id))
        .select_related("report")
        .only("data", "checks", "report__agency_id", "report__year", "number")
        .order_by("report__agency__path", "report__year", "-number")
    )
    last = None
    for v in versions.iterator(chunk_size=200):
        if v.report_id == last:  # an older version of the report just taken
            continue
        last = v.report_id
        agency = by_id[v.report.agency_id]
        region = agency.parent.name if agency.parent else ""
        report = report_from_dict(v.data)
        yield Entry(report, names[agency.pk], v.report.year, version_findings(v), region=region)
