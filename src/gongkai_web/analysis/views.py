"""The comparison pages: an agency across years, a region's agencies in one year, small multiples of many
agencies. Each chart is drawn in the browser by the vendored ECharts from an option built here, and has a
table view (the page without JavaScript shows only tables) and downloads: PNG/SVG of the chart in the browser,
CSV/XLSX of its table from here (``?download=csv|xlsx&table=…``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.supervise import (
    INDICATOR_KEYS,
    OUTCOME_KEYS,
    RATE_KEYS,
    IndicatorConfig,
    Ranked,
    compare_years,
    format_value,
    indicator_definition,
    indicator_label,
    is_rate,
    outcome_label,
)
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import ACTIONS, can
from gongkai_web.analysis import charts, services
from gongkai_web.analysis.tables import Cell, Table, download
from gongkai_web.common.views import staff_required
from gongkai_web.supervision.models import CollectedReport

PAGE = 50  # rows of a ranking per page
SHOWN = 50  # flags and agencies left out shown on the page (the download has all)
MULTIPLES = 36  # small charts per page
DOWNLOADS = ("csv", "xlsx")
#: the rates drawn by default on an agency's line chart (the applicant shares are one click away)
MAIN_RATES = tuple(k for k in RATE_KEYS if not k.endswith("_share") or k == "natural_person_share")


def config() -> IndicatorConfig:
    return IndicatorConfig.default()


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _region(request: HttpRequest, pk: object = None) -> Agency:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in ACTIONS["analyse"]:
        raise PermissionDenied
    pk = pk or request.GET.get("region") or user.agency_id
    if pk is None:
        region = Agency.objects.filter(parent__isnull=True).first()
        if region is None:
            raise Http404
        return region
    region = get_object_or_404(Agency, pk=_int(pk, 0))
    if not can(user, "analyse", region):
        raise Http404
    return region


def _regions(user: User) -> list[Agency]:
    qs = Agency.objects.filter(children__isnull=False).distinct()
    if user.agency is not None:
        qs = qs.filter(path__under=user.agency.path)
    return sorted({*qs, *([user.agency] if user.agency else [])}, key=lambda a: a.path)


def _indicator(request: HttpRequest, default: str) -> str:
    key = request.GET.get("indicator", default)
    return key if key in INDICATOR_KEYS else default


def _wants(request: HttpRequest) -> tuple[str, str] | None:
    kind, table = request.GET.get("download"), request.GET.get("table", "")
    return (kind, table) if kind in DOWNLOADS else None


def _indicator_choices() -> list[tuple[str, str]]:
    return [(k, indicator_label(k)) for k in INDICATOR_KEYS]


# ---- an agency across years -------------------------------------------------------------------------


@staff_required
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(Agency, pk=pk)
    if not can(request.user, "view", subject):  # type: ignore[arg-type]
        raise Http404
    years = services.agency_years(subject)
    by_year = {y.year: y for y in years}
    outcomes = Table(
        f"{subject.name}_办理结果构成",
        ["年度", "一、本年新收", *(outcome_label(k) for k in OUTCOME_KEYS)],
        [
            [
                Cell(str(y.year), y.year),
                Cell.of(y.indicators.get("applications"), "applications"),
                *(Cell.count(y.outcomes.get(k)) for k in OUTCOME_KEYS),
            ]
            for y in years
        ],
    )
    header = ["指标"]
    for y in years:
        header += [f"{y.year}年", f"{y.year}年较上年"]
    indicators = Table(f"{subject.name}_指标", header, note="“—”表示空白或分母为0（比率无定义）。")
    comparisons = {
        y.year: {c.key: c for c in compare_years(y.indicators, _previous(by_year, y.year))} for y in years
    }
    for key in INDICATOR_KEYS:
        row = [Cell(indicator_label(key))]
        for y in years:
            c = comparisons[y.year].get(key)
            row += [Cell.of(y.indicators.get(key), key), Cell.change(key, None if c is None else c.change)]
        indicators.rows.append(row)
    tables = {"outcomes": outcomes, "indicators": indicators}
    wanted = _wants(request)
    if wanted:
        if wanted[1] not in tables:
            raise Http404
        return download(tables[wanted[1]], wanted[0], subject.name)
    context = {
        "subject": subject,
        "years": years,
        "outcomes": outcomes,
        "indicators": indicators,
        "definitions": [(indicator_label(k), indicator_definition(k)) for k in INDICATOR_KEYS],
        "mix_chart": charts.outcome_bars(subject.name, years),
        "rate_chart": charts.rate_lines(subject.name, years, MAIN_RATES),
        "flags": [(y.year, f["message"]) for y in years for f in y.flags],
    }
    return render(request, "analysis/agency.html", context)


def _previous(by_year: dict[int, services.AgencyYear], year: int) -> Any:
    prev = by_year.get(year - 1)
    return None if prev is None else prev.indicators


# ---- a region in one year ---------------------------------------------------------------------------


@staff_required
def region(request: HttpRequest) -> HttpResponse:
    area = _region(request)
    years = services.region_years(area)
    year = _int(request.GET.get("year"), years[0] if years else 0)
    key = _indicator(request, "disclosure_rate")
    cfg = config()
    data = services.region_year(area, year, cfg)
    ranking = data.ranking(key, cfg)
    label = indicator_label(key)
    stem = f"{area.name}_{year}年"
    names = data.names

    # each table is built for the rows shown (a page) or, for a download, for all of them
    def ranked(items: Sequence[Ranked]) -> Table:
        rows = [
            [
                Cell(str(r.rank), r.rank),
                Cell(names[r.agency]),
                Cell.of(r.indicator, key),
                Cell.count(r.indicator.numerator),
                Cell.count(r.indicator.denominator),
            ]
            for r in items
        ]
        note = f"比率仅在分母达到{cfg.min_sample}件时参与排名。"
        return Table(f"{stem}_{label}_排名", ["名次", "机构", label, "分子", "分母"], rows, note)

    def left_out(items: Sequence[tuple[str, str]]) -> Table:
        rows = [[Cell(names[a]), Cell(reason)] for a, reason in items]
        return Table(f"{stem}_{label}_未排名", ["机构", "未排名原因"], rows)

    def outliers(items: Sequence[tuple[str, str, str]]) -> Table:
        rows = [[Cell(names[a]), Cell(indicator_label(k)), Cell(m)] for a, k, m in items]
        return Table(f"{stem}_异常提示", ["机构", "指标", "说明"], rows)

    dists = [d for d in data.distributions.values() if d is not None]
    distribution = Table(
        f"{stem}_指标分布",
        ["指标", "参与统计机构数", "未参与", "最小值", "下四分位数", "中位数", "上四分位数", "最大值"],
        [
            [
                Cell(indicator_label(d.key)),
                Cell.count(d.n),
                Cell.count(d.left_out),
                *(
                    Cell(format_value(d.key, v), v, True)
                    for v in (d.minimum, d.q1, d.median, d.q3, d.maximum)
                ),
            ]
            for d in dists
        ],
        note=f"比率仅统计分母达到{cfg.min_sample}件的机构；四分位数按包含端点法计算。",
    )
    wanted = _wants(request)
    if wanted:
        full = {
            "ranking": lambda: ranked(ranking.ranked),
            "left_out": lambda: left_out(ranking.left_out),
            "distribution": lambda: distribution,
            "outliers": lambda: outliers(data.flags),
        }
        if wanted[1] not in full:
            raise Http404
        return download(full[wanted[1]](), wanted[0], f"{year}年{label}")
    page = Paginator(ranking.ranked, PAGE).get_page(request.GET.get("page"))
    context = {
        "area": area,
        "regions": _regions(request.user),  # type: ignore[arg-type]
        "years": years,
        "year": year,
        "key": key,
        "label": label,
        "definition": indicator_definition(key),
        "choices": _indicator_choices(),
        "cfg": cfg,
        "count": len(names),
        "ranked": ranked(page.object_list),
        "page": page,
        "left_out": left_out(ranking.left_out[:SHOWN]),
        "left_out_count": len(ranking.left_out),
        "distribution": distribution,
        "outliers": outliers(data.flags[:SHOWN]),
        "outlier_count": len(data.flags),
        "rank_chart": charts.ranked_bars(key, ranking, names),
        "box_chart": charts.box_plots(dists),
    }
    return render(request, "analysis/region.html", context)


# ---- small multiples ----------------------------------------------------------------------------------


@staff_required
def multiples(request: HttpRequest) -> HttpResponse:
    area = _region(request)
    key = _indicator(request, "applications")
    agencies = services.region_agencies(area)
    years = sorted(services.region_years(area))
    wanted = _wants(request)
    chosen = list(agencies) if wanted else None
    page = None
    if chosen is None:
        page = Paginator(agencies, MULTIPLES).get_page(request.GET.get("page"))
        chosen = list(page.object_list)
    ids = [pk for pk, _ in chosen]
    services.refresh(
        CollectedReport.objects.filter(agency_id__in=ids)
    )  # reports filed in bulk get their rows
    values = services.series(area, ids, key)
    table = Table(
        f"{area.name}_{indicator_label(key)}_分机构",
        ["机构", *(f"{y}年" for y in years)],
        [[Cell(name), *(Cell.of(values.get(pk, {}).get(y), key) for y in years)] for pk, name in chosen],
    )
    if wanted:
        if wanted[1] != "multiples":
            raise Http404
        return download(table, wanted[0], indicator_label(key))
    context = {
        "area": area,
        "regions": _regions(request.user),  # type: ignore[arg-type]
        "key": key,
        "label": indicator_label(key),
        "definition": indicator_definition(key),
        "percent": is_rate(key),
        "choices": _indicator_choices(),
        "page": page,
        "table": table,
        "charts": [
            {**c, "cid": f"chart-{i}"} for i, c in enumerate(charts.multiples(key, years, chosen, values))
        ],
        "query": urlencode({"region": area.pk, "indicator": key}),
    }
    return render(request, "analysis/multiples.html", context)
