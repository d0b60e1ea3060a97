"""Benchmark of the indicators and the chart pages at 5,000 agencies × 5 years (25,000 collected reports).

    uv run python bench/analysis.py                      # SQLite (a temporary file)
    uv run python bench/analysis.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Generated data (bench/_collected.py). Prints, in one run:

1. the core, in process: ``compute_indicators`` of all 25,000 reports, then for each year the ranking of every
   rate, its distribution and the quartile flags over 5,000 agencies; the baseline is a plain loop that
   reads and adds the same 表三/表四 cells of the same 25,000 reports (the floor of touching the data);
2. storing the indicators of all reports (``refresh``: the cache rows the pages read);
3. the chart pages through Django's test client, p50 / p95 over ``--repeats`` requests (target p95 < 300 ms),
   beside the raw SQL fetch of the same indicator rows (``× SQL``): the region's year kept in the process
   (warm: one data-version query, one ranking, the template);
4. the region page right after a version is filed (the new row patched into the kept year: the distributions
   and flags computed again over the kept rows) and with nothing kept (a process's first request: every row
   of the year read and computed).

With ``--postgres`` the script creates (and afterwards drops) a database ``gongkai_bench_analysis``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from _collected import (  # bench/ is first on sys.path
    YEARS,
    analyze,
    database,
    drop,
    make_region,
    percentiles,
    setup,
    timed,
)
from _sql import time_sql

NAME = "gongkai_bench_analysis"
CELLS = ("received", "carried_over", "granted", "partially_granted", "total_handled", "carried_forward")


def core(reports: list[dict[str, Any]], years: list[int]) -> tuple[float, float, float]:
    from gongkai.supervise import RATE_KEYS, IndicatorConfig, compute_indicators, quartile_outliers, rank

    t0 = time.perf_counter()
    rows = [compute_indicators(r) for r in reports]
    t_ind = time.perf_counter() - t0
    config = IndicatorConfig.default()
    t0 = time.perf_counter()
    for year in set(years):
        region = {str(i): row for i, (row, y) in enumerate(zip(rows, years, strict=True)) if y == year}
        for key in RATE_KEYS:
            rank(region, key, config)
        quartile_outliers(region, config)  # (computes each rate's distribution)
    t_rank = time.perf_counter() - t0
    t0 = time.perf_counter()
    total = 0
    for r in reports:
        requests, appeals = r["requests"], r["appeals"]
        for row in requests.values():
            total += row["total"] or 0
        for group in appeals.values():
            total += (group["total"] or 0) + (group["corrected"] or 0) + (group["pending"] or 0)
    t_base = time.perf_counter() - t0
    return t_ind, t_rank, t_base


def run(db_url: str, agencies: int, repeats: int) -> None:
    setup(db_url)
    from django.db import connection
    from django.test import Client

    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.analysis import services
    from gongkai_web.analysis.services import refresh
    from gongkai_web.supervision.models import CollectedReport, CollectedVersion

    root = make_region(agencies)
    pairs = list(CollectedVersion.objects.values_list("data", "report__year"))
    t_ind, t_rank, t_base = core([d for d, _ in pairs], [y for _, y in pairs])
    n = len(pairs)
    del pairs  # (25,000 reports' JSON: a web process holds none of it; kept, every full GC would walk it)
    gc.collect()
    print(
        f"  core: indicators of {n:,} reports {t_ind * 1000:.0f} ms; rankings + distributions + flags of "
        f"{len(YEARS)} years {t_rank * 1000:.0f} ms; baseline (add the same cells) {t_base * 1000:.0f} ms;"
        f" ratio {(t_ind + t_rank) / t_base:.1f}×"
    )
    t0 = time.perf_counter()
    stored = refresh(CollectedReport.objects.all())
    print(f"  indicator rows stored: {stored:,} in {time.perf_counter() - t0:.1f} s (once, then per version)")
    analyze()

    chief = User.objects.create(username="bench", role=Role.SUPERVISOR, agency=root)
    client = Client()
    client.force_login(chief)
    one = Agency.objects.filter(code="BA00042").get()
    year = YEARS[-1]
    pages = {
        f"region {year} ({agencies:,} agencies)": f"/analysis/?region={root.pk}&year={year}",
        f"region {year}, 结转率": f"/analysis/?region={root.pk}&year={year}&indicator=carry_forward_rate",
        "agency across years": f"/analysis/agency/{one.pk}/",
        "small multiples p.1": f"/analysis/multiples/?region={root.pk}",
        "small multiples p.50": f"/analysis/multiples/?region={root.pk}&page=50",
    }
    table = "analysis_indicatorrow"
    region_sql = [
        (
            f'SELECT r.agency_id, a.name, r."values", r.flags FROM {table} r JOIN agencies_agency a ON a.id ='
            " r.agency_id WHERE r.year = %s AND a.path LIKE %s ORDER BY a.path",
            [year, f"{root.path}%"],
        )
    ]
    baselines = {
        next(iter(pages)): region_sql,
        list(pages)[1]: region_sql,
        "agency across years": [(f"SELECT * FROM {table} WHERE agency_id = %s ORDER BY year", [one.pk])],
        "small multiples p.1": [(f"SELECT * FROM {table} WHERE agency_id IN (SELECT id FROM agencies_agency"
                                 " WHERE path LIKE %s ORDER BY path LIMIT 36)", [f"{root.path}%"])],
        "small multiples p.50": [(f"SELECT * FROM {table} WHERE agency_id IN (SELECT id FROM agencies_agency"
                                  " WHERE path LIKE %s ORDER BY path LIMIT 36 OFFSET 1764)",
                                  [f"{root.path}%"])],
    }  # fmt: skip
    print(f"  {'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'SQL ms':>9}{'× SQL':>8}")
    worst = 0.0
    for name, url in pages.items():

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        p50, p95 = timed(get, repeats)
        sql = time_sql(baselines[name], 5)
        worst = max(worst, p95)
        print(f"  {name:<34}{p50:>9.1f}{p95:>9.1f}{sql:>9.1f}{p50 / sql:>8.1f}")
    print(f"  worst p95 (warm): {worst:.1f} ms ({'under' if worst < 300 else 'OVER'} the 300 ms target)")
    region_url = next(iter(pages.values()))
    sql = time_sql(region_sql, 5)
    base = CollectedVersion.objects.filter(report__agency=one, report__year=year).get().data
    victims = list(CollectedReport.objects.filter(year=year).order_by("?")[: repeats + 1])
    filed = iter(victims)

    def after_filing() -> None:
        report = next(filed)
        data = {**base, "agency": f"基准机构{report.agency_id}"}  # (a new content: a new version)
        CollectedVersion.objects.create(
            report=report, number=2, content_hash=f"bench-{report.pk}", template="2021", data=data
        )  # the signal stores its indicator row, as the filing service does
        t0 = time.perf_counter()
        response = client.get(region_url)
        took.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200

    def cold() -> None:
        services._RECENT.clear()
        assert client.get(region_url).status_code == 200

    took: list[float] = []
    timed(after_filing, repeats)
    p50, p95 = percentiles(took[1:])
    print(f"  {'region, first request after a filing':<34}{p50:>9.1f}{p95:>9.1f}{sql:>9.1f}{p50 / sql:>8.1f}")
    p50, p95 = timed(cold, max(5, repeats // 4))
    print(f"  {'region, nothing kept (cold)':<34}{p50:>9.1f}{p95:>9.1f}{sql:>9.1f}{p50 / sql:>8.1f}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--postgres", help=f"admin URL of a PostgreSQL server (creates database {NAME})")
    args = parser.parse_args()
    db_url, engine = database(args.postgres, NAME)
    print(f"{engine}: {args.agencies:,} agencies × {len(YEARS)} years, {args.repeats} requests per page")
    try:
        run(db_url, args.agencies, args.repeats)
    finally:
        drop(args.postgres, NAME)


if __name__ == "__main__":
    main()
