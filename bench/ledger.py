"""Benchmark of the agency ledger's busiest pages on 100,000 applications.

Fills one agency with ``--count`` applications (``bulk_create``; 5 % still open, with due dates around
today and events to explain), then requests the application list (first page, a deep page, a status filter,
a search) and the work queue through Django's test client, and prints p50 / p95 per page and the number of
SQL queries each request made (which must not change from one request to the next: no N+1). The baseline,
timed in the same process: each page's rows (its count and its page of 50, or the queue's overdue and due-soon
rows) fetched with raw SQL; ``× SQL`` is the page's p50 over the baseline's.

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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from _sql import time_sql  # bench/ is the script's folder, first on sys.path

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


def _baselines(
    table: str, agency_id: int, count: int, today: dt.date, horizon: dt.date
) -> dict[str, list[Any]]:
    """Per page, the same rows as raw SQL: ``(sql, params)`` statements (see ``_sql``)."""
    from gongkai_web.applications.choices import ACTIVE_STATUSES
    from gongkai_web.applications.views import PAGE_SIZE, QUEUE_SIZE

    def page(where: str, params: list[Any], offset: int = 0) -> list[Any]:
        return [
            (f"SELECT COUNT(*) FROM {table} WHERE agency_id = %s{where}", [agency_id, *params]),
            (
                f"SELECT * FROM {table} WHERE agency_id = %s{where} ORDER BY id DESC LIMIT {PAGE_SIZE}"
                f" OFFSET {offset}",
                [agency_id, *params],
            ),
        ]

    active = ", ".join(["%s"] * len(ACTIVE_STATUSES))
    due = f"agency_id = %s AND status IN ({active}) AND due_on IS NOT NULL"
    queue_params = [agency_id, *[str(x) for x in ACTIVE_STATUSES]]
    return {
        "list: page 1": page("", []),
        "list: page 1000": page("", [], offset=min(999, (count - 1) // PAGE_SIZE) * PAGE_SIZE),  # or the last
        "list: status filter": page(" AND status = %s", ["open"]),
        "list: search": page(
            " AND (tracking_code = %s OR applicant_name LIKE %s)", ["申请人4711", "申请人4711%"]
        ),
        "work queue": [
            (f"SELECT * FROM {table} WHERE {due} AND due_on < %s ORDER BY due_on, id LIMIT {QUEUE_SIZE}",
             [*queue_params, today]),
            (f"SELECT * FROM {table} WHERE {due} AND due_on >= %s AND due_on <= %s ORDER BY due_on, id"
             f" LIMIT {QUEUE_SIZE}", [*queue_params, today, horizon]),
            (f"SELECT COUNT(*) FROM {table} WHERE {due} AND due_on < %s", [*queue_params, today]),
            (f"SELECT COUNT(*) FROM {table} WHERE {due} AND due_on >= %s AND due_on <= %s",
             [*queue_params, today, horizon]),
        ],
    }  # fmt: skip


def run(db_url: str, count: int, repeats: int) -> dict[str, tuple[float, float, int, float]]:
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

    from django.conf import settings

    horizon = cal.add_workdays(today, settings.GONGKAI_DUE_SOON_WORKDAYS)
    baselines = _baselines(Application._meta.db_table, agency.pk, count, today, horizon)
    client = Client()
    client.force_login(user)
    results: dict[str, tuple[float, float, int, float]] = {}
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
        results[name] = (statistics.median(times), p95, counts.pop(), time_sql(baselines[name], repeats))
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
    print(f"  {'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'SQL ms':>9}{'× SQL':>8}")
    for name, (p50, p95, queries, sql) in results.items():
        print(f"  {name:<22}{p50:>9.1f}{p95:>9.1f}{queries:>9}{sql:>9.2f}{p50 / sql:>8.1f}")
    worst = max(p95 for _, p95, _, _ in results.values())
    print(f"  worst p95: {worst:.1f} ms ({'under' if worst < 100 else 'OVER'} the 100 ms target)")


if __name__ == "__main__":
    main()
