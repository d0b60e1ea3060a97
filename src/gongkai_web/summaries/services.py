"""Which agencies a 汇总 covers, their latest collected reports, and the 汇总 itself
(:func:`gongkai.supervise.sum_reports`); the dataset of a region's collected reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from gongkai import Finding, check_report, report_from_dict
from gongkai.clock import AgencyKind
from gongkai.supervise import Entry, Summary, sum_reports
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.register import tree_order
from gongkai_web.agencies.roster import rules_for
from gongkai_web.summaries.models import VersionCell, VersionFinding
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
        Agency.objects.filter(path__startswith=region.path).exclude(pk=region.pk).select_related("parent")
    )
    rules = rules_for(below)
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


def latest_versions(
    agencies: Iterable[Agency], year: int | None = None
) -> dict[tuple[int, int], CollectedVersion]:
    """The latest collected version of each (agency id, year) of ``agencies`` (of ``year`` when given)."""
    qs = CollectedVersion.objects.filter(report__agency__in=list(agencies)).select_related("report")
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
    versions: dict[int, CollectedVersion]  # agency id → the version summed

    def agency_of(self, name: str) -> Agency | None:
        ids = {v: k for k, v in self.names.items()}
        return next((a for a in self.selection.agencies if a.pk == ids.get(name)), None)


def table_findings(summary: Summary) -> list[Finding]:
    """The table rules' findings on the sum (T…: the identities of 表二, 表三, 表四). The format and
    narrative rules are left out: the 汇总's layout (one （六） row across templates) and its section 一 are
    its own, not a report's."""
    return [f for f in check_report(summary.report) if f.code.startswith("T")]


def summarise(selection: Selection, year: int) -> Result:
    names = display_names(selection.agencies)
    versions = {agency_id: v for (agency_id, _y), v in latest_versions(selection.agencies, year).items()}
    reports = {}
    for a in selection.agencies:
        v = versions.get(a.pk)
        reports[names[a.pk]] = None if v is None else report_from_dict(v.data)
    summary = sum_reports(reports, year, region=selection.place, scope=selection.label)
    return Result(selection, summary, table_findings(summary), names, versions)


def dataset_entries(agencies: Iterable[Agency]) -> Iterator[Entry]:
    """Every agency's latest version of every year, in register order, with the checker's findings stored
    when it was filed, for the dataset export. Streams the versions (a region of thousands of reports is
    never loaded at once)."""
    agencies = list(agencies)
    names = display_names(agencies)
    by_id = {a.pk: a for a in agencies}
    versions = (
        CollectedVersion.objects.filter(report__agency__in=agencies)
        .select_related("report")
        .order_by("report__agency__path", "report__year", "-number")
    )
    last = None
    for batch in _batches(versions.iterator(chunk_size=200), 200):
        latest = []
        for v in batch:
            if v.report_id != last:  # else an older version of the report just taken
                latest.append(v)
            last = v.report_id
        stored: dict[int, list[Any]] = {}
        for f in VersionFinding.objects.filter(version__in=latest):
            stored.setdefault(f.version_id, []).append(f)
        with_rows = set(VersionCell.objects.filter(version__in=latest).values_list("version_id", flat=True))
        for v in latest:
            agency = by_id[v.report.agency_id]
            region = agency.parent.name if agency.parent else ""
            report = report_from_dict(v.data)
            if v.pk in with_rows:
                findings = stored.get(v.pk, [])
            else:  # filed, but its rows were never written: check it here
                findings = [f for f in check_report(report) if not f.accepted]
            yield Entry(report, names[agency.pk], v.report.year, findings, region=region)


def _batches(items: Iterator[CollectedVersion], size: int) -> Iterator[list[CollectedVersion]]:
    batch: list[CollectedVersion] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
