"""The indicator rows behind the analysis pages: computed by ``gongkai.supervise`` from a collected report's
latest version, stored once (:class:`IndicatorRow`), read back as ``Indicator`` objects."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum

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
from gongkai_web.analysis.models import IndicatorRow
from gongkai_web.supervision.models import CollectedReport, CollectedVersion

CHUNK = 500


def _payload(agency: str, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {key: ind.to_json() for key, ind in compute_indicators(data).items()}
    flags = [{"code": o.code, "key": o.key, "message": o.message} for o in report_outliers(agency, data)]
    return {"values": values, "outcomes": outcome_mix(data), "flags": flags}


def store_indicators(version: CollectedVersion) -> None:
    """Compute and keep the indicators of ``version`` if it is its report's latest."""
    report = version.report
    if report.versions.filter(number__gt=version.number).exists():
        return
    IndicatorRow.objects.update_or_create(
        report=report,
        defaults={
            "version": version,
            "agency_id": report.agency_id,
            "year": report.year,
            **_payload(report.agency.name, version.data),
        },
    )


def refresh(reports: QuerySet[CollectedReport]) -> int:
    """Fill in the rows of ``reports`` that are missing or older than their report's latest version (reports
    filed in bulk, without the signal); the number of rows (re)computed."""
    latest = CollectedVersion.objects.filter(report=OuterRef("pk")).order_by("-number").values("pk")[:1]
    stale = list(
        reports.annotate(newest=Subquery(latest))  # not `latest`: bulk filing leaves that field unset
        .filter(newest__isnull=False)
        .filter(Q(indicators__isnull=True) | ~Q(indicators__version_id=F("newest")))
        .values_list("pk", "newest")
    )
    for start in range(0, len(stale), CHUNK):
        chunk = dict(stale[start : start + CHUNK])
        versions = CollectedVersion.objects.filter(pk__in=chunk.values()).select_related("report__agency")
        rows = [
            IndicatorRow(
                report_id=v.report_id,
                version_id=v.pk,
                agency_id=v.report.agency_id,
                year=v.report.year,
                **_payload(v.report.agency.name, v.data),
            )
            for v in versions
        ]
        with transaction.atomic():
            IndicatorRow.objects.filter(report_id__in=chunk).delete()
            IndicatorRow.objects.bulk_create(rows)
    return len(stale)


def indicators_of(values: Mapping[str, list[Any]]) -> dict[str, Indicator]:
    return {key: Indicator.from_json(key, values[key]) for key in INDICATOR_KEYS if key in values}


def region_reports(region: Agency) -> QuerySet[CollectedReport]:
    return CollectedReport.objects.filter(agency__path__startswith=region.path)


def region_years(region: Agency) -> list[int]:
    return sorted(region_reports(region).order_by().values_list("year", flat=True).distinct(), reverse=True)


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
    ones) as ``(agency id, indicator key, message)``."""

    region_id: int
    year: int
    values: dict[str, dict[str, list[Any]]] = field(default_factory=dict)  # key → agency → [v, n, d]
    names: dict[str, str] = field(default_factory=dict)
    distributions: dict[str, Distribution | None] = field(default_factory=dict)
    flags: list[tuple[str, str, str]] = field(default_factory=list)

    rankings: dict[str, Ranking] = field(default_factory=dict)

    def rows_of(self, key: str) -> dict[str, dict[str, Indicator]]:
        """Agency → {key: its indicator}, the shape :func:`gongkai.supervise.rank` takes."""
        return {a: {key: Indicator.from_json(key, v)} for a, v in self.values.get(key, {}).items()}

    def ranking(self, key: str, config: IndicatorConfig) -> Ranking:
        """The ranking of ``key`` (computed once per region's year and key)."""
        found = self.rankings.get(key)
        if found is None:
            found = self.rankings[key] = rank(self.rows_of(key), key, config)
        return found


def _fingerprint(region: Agency, year: int) -> str:
    """Changes whenever a version is filed or a report leaves or joins the region's year."""
    found = CollectedVersion.objects.filter(
        report__year=year, report__agency__path__startswith=region.path
    ).aggregate(n=Count("id"), v=Max("id"), s=Sum("report__agency_id"))
    return f"{found['n']}-{found['v']}-{found['s']}"


#: Regions' years computed in this process, the most recent last (kept as objects: unpickling 5,000
#: agencies' values from a shared cache costs more than the page may take).
_RECENT: OrderedDict[tuple[object, ...], Region] = OrderedDict()
_RECENT_MAX = 8
_LOCK = threading.Lock()


def region_year(region: Agency, year: int, config: IndicatorConfig) -> Region:
    """The region's year, computed again only when a version in it changed (see :func:`_fingerprint`)."""
    key = (region.pk, region.path, year, config, _fingerprint(region, year))
    with _LOCK:
        if key in _RECENT:
            _RECENT.move_to_end(key)
            return _RECENT[key]
    refresh(region_reports(region).filter(year=year))
    out = Region(region.pk, year, {k: {} for k in INDICATOR_KEYS})
    rows: dict[str, dict[str, Indicator]] = {}
    query = (
        IndicatorRow.objects.filter(year=year, agency__path__startswith=region.path)
        .order_by("agency__path")
        .values_list("agency_id", "agency__name", "values", "flags")
    )
    for agency_id, name, values, flags in query:
        agency = str(agency_id)
        rows[agency] = indicators_of(values)
        out.names[agency] = name
        for k, v in values.items():
            if k in out.values:
                out.values[k][agency] = v
        out.flags.extend((agency, f["key"], f["message"]) for f in flags)
    out.distributions = {k: region_distribution(rows, k, config) for k in RATE_KEYS}
    out.flags.extend((o.agency, o.key, o.message) for o in quartile_outliers(rows, config, out.distributions))
    with _LOCK:
        _RECENT[key] = out
        while len(_RECENT) > _RECENT_MAX:
            _RECENT.popitem(last=False)
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
