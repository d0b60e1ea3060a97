"""Benchmark of the agency ledger's busiest pages on 100,000 applications.

Fills one agency with ``--count`` applications (``bulk_create``; 5 % still open, with due dates around
today and events to explain), then requests the application list (first page, a deep page, a status filter,
a search) and the work queue through Django's test client, and prints p50 / p95 per page and the number of
SQL queries each request made (which must not change from one request to the next: no N+1).

    uv run python bench/ledger.py                          # SQLite (a temporary file)
    uv run python bench/ledger.py --postgres postgres://postgres@127.0.0.1:5432/postgres

With ``--postgres`` the script creates (and afterwards drops) a database ``gongkai_bench`` on that server.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

PAGES = {
    "list: page 1": "/applications/",
    "list: page 1000": "/applications/?page=1000",
    "list: status filter": "/applications/?status=open",
    "list: search": "/applications/?q=申请人4711",
    "work queue": "/applications/queue/",
}


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def run(db_url: str, count: int, repeats: int) -> dict[str, tuple[float, float, int]]:
    os.environ["GONGKAI_TEST_DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from gongkai.clock import default_calendar
    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.applications.models import Application, ApplicationEvent

    setup_test_environment()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(name="基准测试局", code="BENCH")
    user = User.objects.create(username="bench", role=Role.HANDLER, agency=agency)
    today = timezone.localdate()
    cal = default_calendar()
    started = time.perf_counter()
    batch: list[Application] = []
    statuses = ["closed"] * 14 + ["decided"] * 5 + ["open"]
    for i in range(count):
        status = statuses[i % len(statuses)]
        received = today - dt.timedelta(days=(i % 400) + 1)
        active = status == "open"
        due = cal.add_workdays(received, 20)
        batch.append(
            Application(
                agency=agency,
                tracking_code=f"BN{i:08d}",
                applicant_type="natural_person",
                applicant_name=f"申请人{i}",
                content="申请公开某地块的土地出让合同及宗地图",
                channel="in-person",
                receipt_basis="in-person",
                received_on=received,
                status=status,
                due_on=due,
                clock_status="running" if active else "answered",
                outcome="" if active else "granted",
                handler=user,
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    open_ids = list(Application.objects.filter(status="open").values_list("pk", "received_on")[:2000])
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application_id=pk, kind="extension", date=received, days=20)
        for pk, received in open_ids
    )
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk load: statistics, and the visibility map that
        # index-only counts need.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"  filled {count:,} applications in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(user)
    results: dict[str, tuple[float, float, int]] = {}
    for name, url in PAGES.items():
        client.get(url)  # warm up
        times: list[float] = []
        counts: set[int] = set()
        for _ in range(repeats):
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
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument(
        "--postgres", help="admin URL of a PostgreSQL server (creates database gongkai_bench)"
    )
    args = parser.parse_args()
    if args.postgres:
        _pg_admin(args.postgres, "DROP DATABASE IF EXISTS gongkai_bench")
        _pg_admin(args.postgres, "CREATE DATABASE gongkai_bench")
        db_url = args.postgres.rsplit("/", 1)[0] + "/gongkai_bench"
        engine = "PostgreSQL"
    else:
        tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
        db_url = f"sqlite:///{tmp}/bench.sqlite3"
        engine = "SQLite"
    print(f"{engine}: {args.count:,} applications, {args.repeats} requests per page")
    try:
        results = run(db_url, args.count, args.repeats)
    finally:
        if args.postgres:
            from django.db import connections

            connections.close_all()
            _pg_admin(args.postgres, "DROP DATABASE IF EXISTS gongkai_bench")
    print(f"  {'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for name, (p50, p95, queries) in results.items():
        print(f"  {name:<22}{p50:>9.1f}{p95:>9.1f}{queries:>9}")
    worst = max(p95 for _, p95, _ in results.values())
    print(f"  worst p95: {worst:.1f} ms ({'under' if worst < 100 else 'OVER'} the 100 ms target)")


if __name__ == "__main__":
    main()
