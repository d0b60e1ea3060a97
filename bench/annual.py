"""Benchmark: computing one agency's annual report (表三, 表四, 表二, fees) over 100,000 applications.

Fills one agency (plus a second agency with 20,000 applications the queries must skip) with ``--count``
applications spread over three years (``bulk_create``: every applicant column and every 表三 outcome, 5 %
still open, some withdrawn or closed for no correction / no payment), a few hundred appeals, catalogue entries
and fee events, then times :func:`gongkai_web.reports.tables.compute_report` for the middle year and prints
the best and median of ``--repeats`` runs, the SQL query count, and checks the 表三 identities. The baseline,
timed in the same process: one raw SQL pass that groups the agency's applications of the year by applicant
column and outcome (the least any 表三 needs); ``× SQL`` is compute_report's median over the baseline's.

    uv run python bench/annual.py                                   # SQLite (a temporary file)
    uv run python bench/annual.py --postgres postgres://postgres@127.0.0.1:5432/postgres

With ``--postgres`` the script creates (and afterwards drops) a database ``gongkai_bench_annual``.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from _sql import time_sql  # bench/ is the script's folder, first on sys.path

YEAR = 2024


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def _baseline(table: str, agency_id: int) -> list[tuple[str, list[Any]]]:
    """表三 in one grouped pass: the applications received by 31 December and not ended before 1 January."""
    ended = "COALESCE(decided_on, closed_on)"
    sql = (
        f"SELECT applicant_type, outcome, COUNT(*) FROM {table} WHERE agency_id = %s AND received_on <= %s"
        f" AND ({ended} IS NULL OR {ended} >= %s) GROUP BY applicant_type, outcome"
    )
    return [(sql, [agency_id, dt.date(YEAR, 12, 31), dt.date(YEAR, 1, 1)])]


def fill(count: int) -> Any:
    """Migrate and fill the database (Django set up): the agency (returned) with ``count`` applications,
    a second agency with ``count // 5``, appeals, fee events and catalogue entries. Fixed data."""
    from django.core.management import call_command

    from gongkai.model import APPLICANT_COLUMNS
    from gongkai_web.agencies.models import Agency
    from gongkai_web.appeals.models import Appeal
    from gongkai_web.applications.choices import outcome_choices
    from gongkai_web.applications.models import Application, ApplicationEvent
    from gongkai_web.disclosures.models import Category, Disclosure

    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(name="基准测试局", code="BENCH")
    other = Agency.objects.create(name="另一局", code="OTHER")
    outcomes = [k for k, _ in outcome_choices()]
    cols = list(APPLICANT_COLUMNS)

    def make(owner: Agency, n: int, prefix: str) -> None:
        batch: list[Application] = []
        for i in range(n):
            received = dt.date(YEAR - 1, 1, 1) + dt.timedelta(days=i % 1095)  # 2023-01-01 … 2025-12-31
            open_ = i % 20 == 0
            outcome = "" if open_ else outcomes[i % len(outcomes)]
            ended = received + dt.timedelta(days=(i % 45) + 1)
            closing = outcome in ("other_no_correction", "other_unpaid_fee", "other_misc")
            batch.append(
                Application(
                    agency=owner,
                    tracking_code=f"{prefix}{i:08d}",
                    applicant_type=cols[i % len(cols)],
                    applicant_name=f"申请人{i}",
                    content="申请公开某地块的土地出让合同",
                    channel="in-person",
                    receipt_basis="in-person",
                    received_on=received,
                    status="open" if open_ else ("closed" if closing else "decided"),
                    outcome=outcome,
                    decided_on=None if open_ or closing else ended,
                    closed_on=ended if closing else None,
                )
            )
            if len(batch) == 5000:
                Application.objects.bulk_create(batch)
                batch = []
        Application.objects.bulk_create(batch)

    make(agency, count, "BN")
    make(other, count // 5, "OT")
    apps = list(Application.objects.filter(agency=agency).values_list("id", flat=True)[:600])
    events = []
    for n, app_id in enumerate(apps[:400]):
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=n % 360)
        events.append(ApplicationEvent(application_id=app_id, kind="fee_notice", date=day, amount=100 + n))
        if n % 3:
            events.append(
                ApplicationEvent(application_id=app_id, kind="fee_paid", date=day + dt.timedelta(days=3))
            )
    ApplicationEvent.objects.bulk_create(events)
    kinds = ["review", "suit_direct", "suit_after_review"]
    results = ["upheld", "corrected", "other", "pending"]
    Appeal.objects.bulk_create(
        Appeal(
            application_id=app_id,
            agency=agency,
            kind=kinds[n % 3],
            body="测试市人民政府",
            filed_on=dt.date(YEAR - 1, 6, 1) + dt.timedelta(days=n),
            outcome=results[n % 4],
            stage="decided" if results[n % 4] != "pending" else "hearing",
            decided_on=None
            if results[n % 4] == "pending"
            else dt.date(YEAR - 1, 6, 1) + dt.timedelta(days=n + 60),
        )
        for n, app_id in enumerate(apps)
    )
    category = Category.objects.first() or Category.objects.create(code="law", name="法规文件")
    Disclosure.objects.bulk_create(
        Disclosure(
            agency=agency,
            index_number=f"BENCH/{n}",
            year=YEAR,
            sequence=n + 1,
            title=f"文件{n}",
            category=category,
            publisher="基准测试局",
            issued_on=dt.date(YEAR - 2, 1, 1) + dt.timedelta(days=n % 1000),
            is_rule=n % 7 == 0,
            is_normative=n % 7 != 0 and n % 2 == 0,
        )
        for n in range(2000)
    )
    return agency


def run(db_url: str, count: int, repeats: int) -> tuple[float, float, int, float]:
    os.environ["GONGKAI_TEST_DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.test"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.check import check_report
    from gongkai.model import APPLICANT_COLUMNS
    from gongkai_web.applications.models import Application
    from gongkai_web.reports.tables import compute_report

    started = time.perf_counter()
    agency = fill(count)
    cols = list(APPLICANT_COLUMNS)
    print(f"  filled {count:,} + {count // 5:,} applications in {time.perf_counter() - started:.1f} s")

    times = []
    queries = 0
    report = None
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            report = compute_report(agency, YEAR)
            times.append(time.perf_counter() - t0)
        queries = len(ctx.captured_queries)
    assert report is not None
    req = report.requests
    for col in (*cols, "total"):
        assert getattr(req.received, col) + getattr(req.carried_over, col) == getattr(
            req.total_handled, col
        ) + getattr(req.carried_forward, col), col
    errors = [f.code for f in check_report(report) if f.severity == "error"]
    assert not errors, errors
    print(
        f"  {YEAR}: received {req.received.total:,}, carried over {req.carried_over.total:,}, "
        f"handled {req.total_handled.total:,}, carried forward {req.carried_forward.total:,}; "
        "checker: no error"
    )
    baseline = time_sql(_baseline(Application._meta.db_table, agency.pk), repeats) / 1000
    return min(times), statistics.median(times), queries, baseline


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server URL (creates gongkai_bench_annual)"
    )
    args = parser.parse_args()
    if args.postgres:
        name = "gongkai_bench_annual"
        base = args.postgres.rsplit("/", 1)[0]
        _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {name}")
        _pg_admin(args.postgres, f"CREATE DATABASE {name}")
        try:
            print("PostgreSQL")
            best, median, queries, baseline = run(f"{base}/{name}", args.count, args.repeats)
        finally:
            from django.db import connections

            connections.close_all()
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {name}")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            print("SQLite")
            best, median, queries, baseline = run(f"sqlite:///{tmp}/bench.sqlite3", args.count, args.repeats)
    verdict = "OK" if median < 2 else "TOO SLOW"
    print(
        f"  compute_report: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms, {queries} queries"
        f"  [{verdict} < 2 s]"
    )
    print(
        f"  baseline (one grouped raw SQL pass): {baseline * 1000:.1f} ms;"
        f" compute_report = {median / baseline:.1f} × SQL"
    )


if __name__ == "__main__":
    main()
