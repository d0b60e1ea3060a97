"""Benchmark of the read API's list endpoints at 25,000 collected reports (5,000 agencies × 5 years).

    uv run python bench/api.py                      # SQLite (a temporary file)
    uv run python bench/api.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Generated data (bench/_collected.py), the indicator rows stored once. Each endpoint is requested ``--repeats``
times through Django's test client with a personal token (the whole stack: authentication, scopes, filters,
pagination, serialisation, ETag); prints p50 / p95 (target p95 < 100 ms) beside the raw SQL of the same page
(its count and its rows) in the same process (``× SQL``). With ``--postgres`` the script creates (and
afterwards drops) a database ``gongkai_bench_api``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

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

NAME = "gongkai_bench_api"


def run(db_url: str, agencies: int, repeats: int) -> None:
    setup(db_url)
    from django.db import connection
    from django.test import Client

    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.analysis.services import refresh
    from gongkai_web.api.models import ApiToken
    from gongkai_web.supervision.models import CollectedReport, CollectedVersion

    root = make_region(agencies)
    refresh(CollectedReport.objects.all())
    analyze()
    chief = User.objects.create(username="bench", role=Role.SUPERVISOR, agency=root)
    token = ApiToken.issue(chief, "bench")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    district = Agency.objects.get(code="BD007")
    year = YEARS[-1]
    like = f"{root.path}%"
    reports = (
        "SELECT r.id, r.agency_id, r.year, a.name, COUNT(v.id) FROM supervision_collectedreport r"
        " JOIN agencies_agency a ON a.id = r.agency_id LEFT JOIN supervision_collectedversion v"
        " ON v.report_id = r.id WHERE a.path LIKE %s{where} GROUP BY r.id, a.path, a.name"
        " ORDER BY a.path, r.year DESC LIMIT 50 OFFSET {offset}"
    )
    count = "SELECT COUNT(*) FROM supervision_collectedreport r JOIN agencies_agency a ON a.id = r.agency_id"
    count += " WHERE a.path LIKE %s{where}"
    endpoints = {
        "/api/reports": (
            "/api/reports",
            [(count.format(where=""), [like]), (reports.format(where="", offset=0), [like])],
        ),
        "/api/reports page 400": (
            "/api/reports?page=400",
            [(count.format(where=""), [like]), (reports.format(where="", offset=19950), [like])],
        ),
        f"/api/reports year={year}": (
            f"/api/reports?year={year}",
            [
                (count.format(where=" AND r.year = %s"), [like, year]),
                (reports.format(where=" AND r.year = %s", offset=0), [like, year]),
            ],
        ),
        "/api/reports region+kind": (
            f"/api/reports?region={district.pk}&kind=department",
            [
                (count.format(where=" AND a.kind = %s"), [f"{district.path}%", "department"]),
                (reports.format(where=" AND a.kind = %s", offset=0), [f"{district.path}%", "department"]),
            ],
        ),
        "/api/agencies": (
            "/api/agencies",
            [
                ("SELECT COUNT(*) FROM agencies_agency WHERE path LIKE %s", [like]),
                ("SELECT * FROM agencies_agency WHERE path LIKE %s ORDER BY path LIMIT 50", [like]),
            ],
        ),
        f"/api/indicators year={year}": (
            f"/api/indicators?year={year}",
            [
                (
                    "SELECT COUNT(*) FROM analysis_indicatorrow i"
                    " JOIN agencies_agency a ON a.id = i.agency_id"
                    " WHERE a.path LIKE %s AND i.year = %s",
                    [like, year],
                ),
                (
                    "SELECT * FROM analysis_indicatorrow i JOIN agencies_agency a ON a.id = i.agency_id"
                    " WHERE a.path LIKE %s AND i.year = %s ORDER BY a.path LIMIT 50",
                    [like, year],
                ),
            ],
        ),
    }
    print(f"  {'endpoint':<34}{'p50 ms':>9}{'p95 ms':>9}{'SQL ms':>9}{'× SQL':>8}")
    worst = 0.0
    for name, (url, sql) in endpoints.items():

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])

        p50, p95 = timed(get, repeats)
        base = time_sql(sql, 5)
        worst = max(worst, p95)
        print(f"  {name:<34}{p50:>9.1f}{p95:>9.1f}{base:>9.1f}{p50 / base:>8.1f}")
    print(f"  worst p95: {worst:.1f} ms ({'under' if worst < 100 else 'OVER'} the 100 ms target)")
    # a filing changes the data version: the next request counts again
    url, sql = endpoints["/api/reports"]
    base = CollectedVersion.objects.filter(report__agency__code="BA00042", report__year=year).get().data
    filed = iter(CollectedReport.objects.filter(year=year).order_by("?")[: repeats + 1])
    took: list[float] = []

    def after_filing() -> None:
        report = next(filed)
        data = {**base, "agency": f"基准机构{report.agency_id}"}  # (a new content: a new version)
        CollectedVersion.objects.create(
            report=report, number=2, content_hash=f"bench-{report.pk}", template="2021", data=data
        )
        t0 = time.perf_counter()
        response = client.get(url)
        took.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200

    timed(after_filing, repeats)
    p50, p95 = percentiles(took[1:])
    base_ms = time_sql(sql, 5)
    print(f"  {'/api/reports after a filing':<34}{p50:>9.1f}{p95:>9.1f}{base_ms:>9.1f}{p50 / base_ms:>8.1f}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--postgres", help=f"admin URL of a PostgreSQL server (creates database {NAME})")
    args = parser.parse_args()
    db_url, engine = database(args.postgres, NAME)
    print(f"{engine}: {args.agencies * len(YEARS):,} reports, {args.repeats} requests per endpoint")
    try:
        run(db_url, args.agencies, args.repeats)
    finally:
        drop(args.postgres, NAME)


if __name__ == "__main__":
    main()
