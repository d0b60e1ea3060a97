"""Benchmark of the compliance dashboard (issue 14 §4) and its Excel export: 5,000 agencies × 5 years.

Fills one region — a city government with 50 counties, each with its government's departments and
townships, 5,000 agencies in all — and, for each of five years, a collected report for about 85 % of them
(one in eight with a second version), each version carrying a real report's JSON and ten of its findings
(the fixture ``2020-pingtan-crawled.txt``, read and checked once) and varied counts, publication dates around
the deadlines, some on the 2019 template. Then requests through Django's test client, as the region's
supervisor:

- the dashboard of one year (first page of 100 rows; every count over all 5,000), plain and filtered
  (has errors, sorted by errors descending; a sub-region);
- the Excel export of the whole year (5,000 rows).

It prints p50 / p95 per request and the number of SQL queries (which must not change between requests). The
baseline, timed in the same process: one plain SQL query reading the same rows (each agency of the region,
its collected report of the year and the latest version's counts); ``× SQL`` is the page's p50 over it.

    uv run python bench/dashboard.py                          # SQLite (a temporary file)
    uv run python bench/dashboard.py --postgres postgres://postgres@127.0.0.1:5432/postgres

With ``--postgres`` the script creates (and afterwards drops) a database ``sup_dashboard_bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from _sql import time_sql  # noqa: E402  (bench/ is the script's folder, first on sys.path

DB_NAME = "sup_dashboard_bench"
YEARS = (2020, 2021, 2022, 2023, 2024)
YEAR = 2023
COUNTIES = 50
FIXTURE = ROOT / "tests" / "fixtures" / "reports" / "2019" / "2020-pingtan-crawled.txt"


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def _real_report() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    import gongkai

    result = gongkai.read_report(FIXTURE)
    findings = gongkai.check_report(result.report, facts=result.facts)
    # the report without its cells' locations, and ten findings: the page never reads either (they are TOASTed
    # out of the row on PostgreSQL), and 30,000 versions of the full JSON would take the run's time to write
    return result.report.to_json_dict(), [f.to_dict() for f in findings][:10]


def fill(agencies: int) -> tuple[Any, Any]:
    """The region and its supervisor; ``agencies`` agencies, five years of collected reports."""
    from django.db import connection

    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.supervision.models import CollectedReport, CollectedVersion, PublishedHow

    started = time.perf_counter()
    city = Agency.objects.create(name="基准市人民政府", code="BM0000", kind="government")
    counties = [
        Agency.objects.create(
            name=f"基准县{c:02d}人民政府", code=f"BM{c:02d}00", kind="government", parent=city
        )
        for c in range(1, COUNTIES + 1)
    ]
    per_county = (agencies - 1 - COUNTIES) // COUNTIES
    children = []
    for c, county in enumerate(counties, 1):
        for i in range(per_county):
            township = i % 5 == 4
            children.append(
                Agency(
                    name=f"基准县{c:02d}{'第' + str(i) + '镇人民政府' if township else '第' + str(i) + '局'}",
                    code=f"BM{c:02d}{i:04d}X",
                    kind="township" if township else "department",
                    parent=county,
                    path="",
                )
            )
    while len(children) + 1 + COUNTIES < agencies:  # the remainder: the city's own departments
        children.append(
            Agency(name=f"基准市第{len(children)}局", code=f"BMC{len(children):05d}", parent=city)
        )
    Agency.objects.bulk_create(children, batch_size=2000)
    made = list(Agency.objects.filter(path="").select_related("parent"))
    for a in made:
        a.path = f"{a.parent.path}{a.pk}/"
    Agency.objects.bulk_update(made, ["path"], batch_size=2000)
    # townships are expected too in this region (a local rule, as many provinces have)
    from gongkai_web.agencies.models import DeadlineRule

    DeadlineRule.objects.create(region=city, kind="township", month=2, day=28)
    user = User.objects.create(username="bench-chief", role=Role.SUPERVISOR, agency=city)
    all_agencies = list(Agency.objects.filter(path__under=city.path).order_by("pk"))

    data, checks = _real_report()
    for year in YEARS:
        reports = []
        for n, a in enumerate(all_agencies):
            if (n * 7 + year) % 20 < 3:  # about 15 % missing
                continue
            base = dt.date(year + 1, 1, 10) + dt.timedelta(days=(n * 13 + year) % 75)
            dated = (n + year) % 9 != 0
            reports.append(
                CollectedReport(
                    agency=a,
                    year=year,
                    published_on=base if dated else None,
                    published_how=PublishedHow.REPORT if dated else PublishedHow.UNKNOWN,
                )
            )
        CollectedReport.objects.bulk_create(reports, batch_size=2000)
        saved = list(CollectedReport.objects.filter(year=year).order_by("pk"))
        versions = []
        for n, r in enumerate(saved):
            for number in (1, 2) if n % 8 == 0 else (1,):
                errors = (n * 3 + number) % 7 if n % 3 == 0 else 0
                warnings = (n + year) % 11
                rules = {"T303": errors} if errors else {}
                if warnings:
                    rules["F107"] = warnings
                versions.append(
                    CollectedVersion(
                        report=r,
                        number=number,
                        content_hash=f"{r.pk:032x}{number:032x}",
                        template="2021" if year >= 2021 and n % 25 else "2019",
                        data={},
                        errors=errors,
                        warnings=warnings,
                        infos=3,
                        rule_counts=rules,
                        template_ok=(year < 2021) or n % 25 != 0,
                        source_name=f"{r.pk}.pdf",
                    )
                )
        CollectedVersion.objects.bulk_create(versions, batch_size=2000)
        # the report's JSON and findings in one statement: the database parses them once (a row each, sent and
        # parsed 6,000 times a year, took most of the half hour the fill used to take)
        CollectedVersion.objects.filter(report__year=year).update(data=data, checks=checks)
        latest = {}
        for pk, report_id, number in CollectedVersion.objects.filter(report__year=year).values_list(
            "pk", "report_id", "number"
        ):
            if number >= latest.get(report_id, (0, 0))[1]:
                latest[report_id] = (pk, number)
        for r in saved:
            r.latest_id, r.version_count = latest[r.pk]
        CollectedReport.objects.bulk_update(saved, ["latest", "version_count"], batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    total = Agency.objects.filter(path__under=city.path).count()
    print(f"  filled {total:,} agencies × {len(YEARS)} years in {time.perf_counter() - started:.1f} s")
    return city, user


def baseline(city: Any) -> list[tuple[str, list[Any]]]:
    """The dashboard's rows as one plain SQL query: each agency of the region, its report and counts."""
    from gongkai_web.agencies.models import Agency
    from gongkai_web.supervision.models import CollectedReport, CollectedVersion

    a, r, v = Agency._meta.db_table, CollectedReport._meta.db_table, CollectedVersion._meta.db_table
    sql = (
        f"SELECT a.id, a.name, a.code, a.kind, a.path, a.parent_id, r.id, r.version_count, r.published_on,"
        f" r.published_how, v.template, v.template_ok, v.errors, v.warnings, v.infos, v.rule_counts"
        f" FROM {a} a LEFT JOIN {r} r ON r.agency_id = a.id AND r.year = %s"
        f" LEFT JOIN {v} v ON v.id = r.latest_id WHERE a.path LIKE %s ORDER BY a.path"
    )
    return [(sql, [YEAR, f"{city.path}%"])]


def run(
    db_url: str, agencies: int, repeats: int, reuse: bool = False
) -> tuple[dict[str, tuple[float, float, int]], float]:
    os.environ["GONGKAI_TEST_DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from gongkai_web.agencies.models import Agency

    setup_test_environment()
    call_command("migrate", verbosity=0)
    if reuse:  # a database a previous run filled (and kept): measure only
        from django.db import connection

        from gongkai_web.agencies.models import User

        city, user = Agency.objects.get(code="BM0000"), User.objects.get(username="bench-chief")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    else:
        city, user = fill(agencies)
    county = Agency.objects.get(code="BM0700")
    pages = {
        "dashboard": f"/supervision/dashboard/?year={YEAR}",
        "dashboard: errors, sorted": f"/supervision/dashboard/?year={YEAR}&errors=1&sort=errors&dir=desc",
        "dashboard: sub-region": f"/supervision/dashboard/?year={YEAR}&sub={county.pk}",
        "Excel export (all rows)": f"/supervision/dashboard/export.xlsx?year={YEAR}",
    }
    client = Client()
    client.force_login(user)
    results: dict[str, tuple[float, float, int]] = {}
    for name, url in pages.items():
        client.get(url)  # warm up
        times: list[float] = []
        counts: set[int] = set()
        n = repeats if "export" not in name else max(5, repeats // 4)
        for _ in range(n):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts.add(len(ctx.captured_queries))
        assert len(counts) == 1, f"{name}: query count varies {counts}"
        p95 = statistics.quantiles(times, n=20)[18]
        results[name] = (statistics.median(times), p95, counts.pop())
    return results, time_sql(baseline(city), repeats)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--postgres", help=f"admin URL of a PostgreSQL server (creates database {DB_NAME})")
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"PostgreSQL: keep {DB_NAME} filled, and measure it again if it exists",
    )
    args = parser.parse_args()
    reuse = False
    if args.postgres and args.keep:
        import psycopg

        with psycopg.connect(args.postgres.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            reuse = bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone())
    if args.postgres:
        if not reuse:
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {DB_NAME}")
            _pg_admin(args.postgres, f"CREATE DATABASE {DB_NAME}")
        db_url = args.postgres.rsplit("/", 1)[0] + f"/{DB_NAME}"
        engine = "PostgreSQL"
    else:
        tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
        db_url = f"sqlite:///{tmp}/bench.sqlite3"
        engine = "SQLite"
    print(f"{engine}: {args.agencies:,} agencies × {len(YEARS)} years, {args.repeats} requests per page")
    try:
        results, sql = run(db_url, args.agencies, args.repeats, reuse)
    finally:
        if args.postgres and not args.keep:
            from django.db import connections

            connections.close_all()
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {DB_NAME}")
    print(f"  baseline: one SQL query over the year's rows: {sql:.1f} ms")
    print(f"  {'request':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'× SQL':>8}")
    for name, (p50, p95, queries) in results.items():
        print(f"  {name:<28}{p50:>9.1f}{p95:>9.1f}{queries:>9}{p50 / sql:>8.1f}")
    worst = max(p95 for n, (_p50, p95, _q) in results.items() if "export" not in n)
    print(f"  worst page p95: {worst:.1f} ms ({'under' if worst < 200 else 'OVER'} the 200 ms target)")
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
