"""The indicator rows behind the analysis pages: computed by ``gongkai.supervise`` from a collected report's
latest version, stored once (:class:`IndicatorRow`), read back as ``Indicator`` objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from gongkai.supervise import (
    INDICATOR_KEYS,
    RATE_KEYS,
    Distribution,
    Indicator,
    IndicatorConfig,
    Ranking,
    compute_indicators,
    outcome_mix,
    quartile_outliers,
    rank,
    region_distribution,
    report_outliers,
)
from gongkai_web.agencies.models import Agency
from gongkai_web.analysis import versions
from gongkai_web.analysis.models import IndicatorRow
from gongkai_web.common.bulk import update_rows
from gongkai_web.common.memo import Recent
from gongkai_web.supervision.models import CollectedReport, CollectedVersion

CHUNK = 500


def _payload(agency: str, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {key: ind.to_json() for key, ind in compute_indicators(data).items()}
    flags = [{"code": o.code, "key": o.key, "message": o.message} for o in report_outliers(agency, data)]
    return {"values": values, "outcomes": outcome_mix(data), "flags": flags}


def store_indicators(version: CollectedVersion, *, latest: bool = False) -> None:
    """Compute and keep the indicators of ``version`` if it is its report's latest (``latest``: known to be,
    as a version just created is): :func:`store_rows` of one."""
    report = version.report
    if not latest and report.versions.filter(number__gt=version.number).exists():
        return
    store_rows([(version, report.agency.name)])


FIELDS = ("version", "agency", "year", "values", "outcomes", "flags", "seq")


def refresh(reports: QuerySet[CollectedReport]) -> int:
    """Fill in the rows of ``reports`` that are missing or older than their report's latest version (reports
    filed in bulk, without the signal); the number of rows (re)computed."""
    latest = CollectedVersion.objects.filter(report=OuterRef("pk")).order_by("-number").values("pk")[:1]
    stale = list(
        reports.annotate(newest=Subquery(latest))  # not `latest`: bulk filing leaves that field unset
        .filter(newest__isnull=False)
        .filter(Q(indicators__isnull=True) | ~Q(indicators__version_id=F("newest")))
        .values_list("newest", flat=True)
    )
    for start in range(0, len(stale), CHUNK):
        found = CollectedVersion.objects.filter(pk__in=stale[start : start + CHUNK])
        store_rows([(v, v.report.agency.name) for v in found.select_related("report__agency")])
    return len(stale)


def store_rows(filed: Sequence[tuple[CollectedVersion, str]]) -> None:
    """Compute and keep the indicator rows of the versions ``filed`` — each its report's latest, with its
    agency's name — in one transaction, as a new data version of their years."""
    rows = [
        IndicatorRow(
            report_id=v.report_id,
            version_id=v.pk,
            agency_id=v.report.agency_id,
            year=v.report.year,
            **_payload(name, v.data),
        )
        for v, name in filed
    ]
    if not rows:
        return
    with transaction.atomic():
        seqs = versions.bump({r.year for r in rows})
        existing = dict(
            IndicatorRow.objects.filter(report_id__in=[r.report_id for r in rows]).values_list(
                "report_id", "pk"
            )
        )
        for row in rows:
            row.seq = seqs[row.year]
            row.pk = existing.get(row.report_id)
        update_rows([r for r in rows if r.pk is not None], FIELDS)
        IndicatorRow.objects.bulk_create([r for r in rows if r.pk is None])


def indicators_of(values: Mapping[str, list[Any]]) -> dict[str, Indicator]:
    return {key: Indicator.from_json(key, values[key]) for key in INDICATOR_KEYS if key in values}


def region_reports(region: Agency) -> QuerySet[CollectedReport]:
    return CollectedReport.objects.filter(agency__path__under=region.path)


def region_years(region: Agency) -> list[int]:
    """The years the region has reports of, newest first (kept per data version of all years)."""
    number = versions.current(versions.ALL)[0]
    held = _YEARS.get(region.path)
    if held is not None and held[0] == number:
        return held[1]
    found = sorted(region_reports(region).order_by().values_list("year", flat=True).distinct(), reverse=True)
    _YEARS.put(region.path, (number, found))
    return found


_YEARS: Recent[str, tuple[int, list[int]]] = Recent(64)


def region_agencies(region: Agency) -> list[tuple[int, str]]:
    """``(id, name)`` of the region's agencies that have a collected report, in the tree's order (kept per
    data version of all years, as :func:`region_years`)."""
    number = versions.current(versions.ALL)[0]
    held = _AGENCIES.get(region.path)
    if held is not None and held[0] == number:
        return held[1]
    reported = CollectedReport.objects.values("agency_id")
    found = list(
        Agency.objects.filter(path__under=region.path, pk__in=reported)
        .order_by("path")
        .values_list("pk", "name")
    )
    _AGENCIES.put(region.path, (number, found))
    return found


_AGENCIES: Recent[str, tuple[int, list[tuple[int, str]]]] = Recent(16)


@dataclass
class AgencyYear:
    year: int
    indicators: dict[str, Indicator]
    outcomes: dict[str, Any]
    flags: list[dict[str, str]]


def agency_years(agency: Agency) -> list[AgencyYear]:
    """The agency's indicators for each year it has a collected report, oldest first."""
    refresh(CollectedReport.objects.filter(agency=agency))
    rows = IndicatorRow.objects.filter(agency=agency).order_by("year")
    return [AgencyYear(r.year, indicators_of(r.values), r.outcomes, r.flags) for r in rows]


@dataclass
class Region:
    """One year of a region: each agency's indicator values by key (agency id as text, as the core's functions
    take them), the names, each rate's distribution, and every outlier flag (the reports' own and the quartile
    ones) as ``(agency id, indicator key, message)``; ``number``: the year's data version it is as of."""

    region_id: int
    year: int
    values: dict[str, dict[str, list[Any]]] = field(default_factory=dict)  # key → agency → [v, n, d]
    names: dict[str, str] = field(default_factory=dict)
    distributions: dict[str, Distribution | None] = field(default_factory=dict)
    flags: list[tuple[str, str, str]] = field(default_factory=list)
    rankings: dict[str, Ranking] = field(default_factory=dict)
    number: int = 0
    # what a newer version is patched into: agency → its rates, its report's own flags, its path (the order)
    rows: dict[str, dict[str, Indicator]] = field(default_factory=dict)
    own: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)

    def rows_of(self, key: str) -> dict[str, dict[str, Indicator]]:
        """Agency → {key: its indicator}, the shape :func:`gongkai.supervise.rank` takes."""
        return {a: {key: Indicator.from_json(key, v)} for a, v in self.values.get(key, {}).items()}

    def ranking(self, key: str, config: IndicatorConfig) -> Ranking:
        """The ranking of ``key`` (computed once per region's year and key)."""
        found = self.rankings.get(key)
        if found is None:
            # a rate: the agencies' indicators are already built (``rows``); a count: built from its values
            rows = {a: r for a, r in self.rows.items() if key in r} if key in RATE_KEYS else self.rows_of(key)
            found = self.rankings[key] = rank(rows, key, config)
        return found

    def put(self, agency_id: int, path: str, name: str, values: Mapping[str, Any], flags: list[Any]) -> None:
        """Set one agency's stored row (its report's latest version)."""
        agency = str(agency_id)
        self.paths[agency], self.names[agency] = path, name
        for key, by_agency in self.values.items():
            if key in values:
                by_agency[agency] = values[key]
            else:
                by_agency.pop(agency, None)
        self.rows[agency] = {k: Indicator.from_json(k, values[k]) for k in RATE_KEYS if k in values}
        self.own[agency] = [(agency, f["key"], f["message"]) for f in flags]

    def finish(self, config: IndicatorConfig) -> None:
        """The distributions and the flags over the agencies' rows (the rankings: on demand)."""
        self.distributions = {k: region_distribution(self.rows, k, config) for k in RATE_KEYS}
        self.flags = [f for flags in self.own.values() for f in flags]
        found = quartile_outliers(self.rows, config, self.distributions)
        self.flags.extend((o.agency, o.key, o.message) for o in found)
        self.rankings = {}

    def copy(self, number: int) -> Region:
        return Region(
            self.region_id,
            self.year,
            {k: dict(v) for k, v in self.values.items()},
            dict(self.names),
            number=number,
            rows=dict(self.rows),
            own=dict(self.own),
            paths=dict(self.paths),
        )


def _rows(region: Agency, year: int) -> QuerySet[IndicatorRow]:
    return IndicatorRow.objects.filter(year=year, agency__path__under=region.path)


_COLUMNS = ("agency_id", "agency__path", "agency__name", "values", "flags")


def _computed(region: Agency, year: int, config: IndicatorConfig) -> Region:
    """The region's year from its stored rows (filling in those of reports filed in bulk first)."""
    refresh(region_reports(region).filter(year=year))
    number = versions.current(year)[0]
    out = Region(region.pk, year, {k: {} for k in INDICATOR_KEYS}, number=number)
    for agency_id, path, name, values, flags in (
        _rows(region, year).order_by("agency__path").values_list(*_COLUMNS)
    ):
        out.put(agency_id, path, name, values, flags)
    out.finish(config)
    return out


def _patched(held: Region, region: Agency, number: int, config: IndicatorConfig) -> Region:
    """``held`` with the rows stored since its version (a filed version: one row), the distributions and
    flags computed again over the kept rows — no report is read, no row but the new ones fetched."""
    out = held.copy(number)
    new = False
    for agency_id, path, name, values, flags in (
        _rows(region, held.year).filter(seq__gt=held.number).values_list(*_COLUMNS)
    ):
        new = new or str(agency_id) not in out.paths
        out.put(agency_id, path, name, values, flags)
    if new:  # keep the agencies in the tree's order
        order = sorted(out.paths, key=out.paths.__getitem__)
        out.paths = {a: out.paths[a] for a in order}
        out.names = {a: out.names[a] for a in order}
        out.rows = {a: out.rows[a] for a in order}
        out.own = {a: out.own[a] for a in order}
        out.values = {k: {a: v[a] for a in order if a in v} for k, v in out.values.items()}
    out.finish(config)
    return out


#: Regions' years computed in this process, the most recent last (kept as objects: unpickling 5,000
#: agencies' values from a shared cache costs more than the page may take).
_RECENT: Recent[tuple[object, ...], Region] = Recent(8)


def region_year(region: Agency, year: int, config: IndicatorConfig) -> Region:
    """The region's year as of the year's data version (:mod:`.versions`, one small row read per call): kept
    in this process; after a filing patched with the new rows; computed again from the stored rows only when
    rows left the year or the agency tree changed (or the process has not seen it yet)."""
    number, rebuilt = versions.current(year)
    key = (region.pk, region.path, year, config)
    held = _RECENT.get(key)
    if held is not None and held.number == number:
        return held
    if held is not None and held.number >= rebuilt:
        out = _patched(held, region, number, config)
    else:
        out = _computed(region, year, config)
    _RECENT.put(key, out)
    return out


def series(region: Agency, agencies: Iterable[int], key: str) -> dict[int, dict[int, Indicator]]:
    """``key`` of each of ``agencies`` (ids) for every year: agency → year → indicator."""
    out: dict[int, dict[int, Indicator]] = {}
    rows = IndicatorRow.objects.filter(agency_id__in=list(agencies)).values_list(
        "agency_id", "year", "values"
    )
    for agency_id, year, values in rows:
        if key in values:
            out.setdefault(agency_id, {})[year] = Indicator.from_json(key, values[key])
    return out
