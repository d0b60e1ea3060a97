"""Benchmark of the agency ledger's busiest pages on 100,000 applications.

Fills one agency with ``--count`` applications (``bulk_create``; 5 % still open, with due dates around
today and events to explain; a receipt with a 文号 for every tenth), then requests the 台账 (first page, a
deep page, a status filter, the searches by applicant, content, 文号 and 查询码, two filter sets) and the
work queue through Django's test client, and prints p50 / p95 per page and the number of SQL queries each
request made (which must not change from one request to the next: no N+1). Like a server, the client renders
templates without the test runner's instrumentation. The baseline, timed in the same process: each page's
rows (its count and its page of 50, or the queue's overdue and due-soon rows) fetched with raw SQL; ``× SQL``
is the page's p50 over the baseline's. On PostgreSQL the searches are timed again after dropping the trigram
indexes, and the ratio printed (target: every search p95 < 50 ms at 100,000 applications).

    uv run python bench/ledger.py                          # SQLite (a temporary file)
    uv run python bench/ledger.py --postgres postgres://postgres@127.0.0.1:5432/postgres

With ``--postgres`` the script creates (and afterwards drops) a database ``gongkai_bench`` (``--database``)
on that server.
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
    "search: content": "/applications/?q=第47115号地块",
    "search: 文号": "/applications/?q=〕4711号",
    "search: 查询码": "/applications/?q=bn00047115",
    "filter: overdue, sorted": "/applications/?overdue=on&sort=due_on",
    "filter: dates, handler": "/applications/?received_from={start}&received_to={end}&handler=none",
    "work queue": "/applications/queue/",
}
SEARCHES = [name for name in PAGES if "search" in name]
TARGET_SEARCH_P95_MS = 50


def _window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The date filter's range: a month of receipts, ending 30 days ago."""
    return today - dt.timedelta(days=60), today - dt.timedelta(days=30)


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
    search = " AND (tracking_code = %s OR content LIKE %s OR applicant_name LIKE %s)"
    due = f"agency_id = %s AND status IN ({active}) AND due_on IS NOT NULL"
    queue_params = [agency_id, *[str(x) for x in ACTIVE_STATUSES]]
    return {
        "list: page 1": page("", []),
        "list: page 1000": page("", [], offset=min(999, (count - 1) // PAGE_SIZE) * PAGE_SIZE),  # or the last
        "list: status filter": page(" AND status = %s", ["open"]),
        "list: search": page(search, ["申请人4711", "%申请人4711%", "%申请人4711%"]),
        "search: content": page(search, ["第47115号地块", "%第47115号地块%", "%第47115号地块%"]),
        "search: 文号": page(search, ["〕4711号", "%〕4711号%", "%〕4711号%"]),
        "search: 查询码": page(search, ["BN00047115", "%bn00047115%", "%bn00047115%"]),
        "filter: overdue, sorted": page(
            f" AND status IN ({active}) AND due_on < %s", [*[str(x) for x in ACTIVE_STATUSES], today]
        ),
        "filter: dates, handler": page(
            " AND received_on >= %s AND received_on <= %s AND handler_id IS NULL",
            [*_window(today)],
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
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from gongkai.clock import default_calendar
    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.applications.models import Application, ApplicationEvent

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
                content=f"申请公开第{i}号地块的土地出让合同及宗地图",
                channel="in-person",
                receipt_basis="in-person",
                received_on=received,
                status=status,
                due_on=due,
                clock_status="running" if active else "answered",
                outcome="" if active else "granted",
                handler=user if i % 3 else None,
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    from gongkai_web.letters.models import Letter

    # a receipt for every tenth application (the 文号 search), without files: only the number is searched
    letters = []
    for n, (pk, received) in enumerate(
        Application.objects.filter(agency=agency).order_by("id").values_list("pk", "received_on")[::10]
    ):
        letters.append(
            Letter(
                application_id=pk, agency=agency, kind="receipt", template_kind="receipt", year=received.year,
                sequence=n + 1, number=f"基准局依申请公开〔{received.year}〕{n + 1}号", issued_on=received,
                title="受理回执", text="", docx=b"", pdf=b"", sha256="",
            )
        )  # fmt: skip
        if len(letters) == 5000:
            Letter.objects.bulk_create(letters)
            letters = []
    Letter.objects.bulk_create(letters)
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
    start, end = _window(today)
    pages = {name: url.format(start=start, end=end) for name, url in PAGES.items()}
    results = {
        name: (*_time_page(client, name, url, repeats), time_sql(baselines[name], repeats))
        for name, url in pages.items()
    }
    if connection.vendor == "postgresql":
        # the same searches without the trigram indexes (migration 0003 / letters 0002): what they save
        with connection.cursor() as cursor:
            for index in ("app_name_trgm", "app_content_trgm", "letter_number_trgm"):
                cursor.execute(f"DROP INDEX {index}")
            cursor.execute("ANALYZE")
        for name in SEARCHES:
            p50, p95, queries = _time_page(client, name, pages[name], repeats)
            results[f"{name} (no trgm)"] = (p50, p95, queries, results[name][3])
    return results


def _time_page(client: Any, name: str, url: str, repeats: int) -> tuple[float, float, int]:
    """p50 and p95 (ms) of ``repeats`` requests of ``url`` after a warm-up, and the queries per request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    times: list[float] = []
    counts: set[int] = set()
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        assert b"BN" in response.content, f"{name}: no rows found"
        counts.add(len(ctx.captured_queries))
    assert len(counts) == 1, f"{name}: query count varies {counts}"
    return statistics.median(times), statistics.quantiles(times, n=20)[18], counts.pop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument(
        "--postgres", help="admin URL of a PostgreSQL server (creates the database --database)"
    )
    parser.add_argument("--database", default="gongkai_bench", help="the scratch database's name")
    args = parser.parse_args()
    name = args.database
    if args.postgres:
        _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {name}")
        _pg_admin(args.postgres, f"CREATE DATABASE {name}")
        db_url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
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
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {name}")
    print(f"  {'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'SQL ms':>9}{'× SQL':>8}")
    for page, (p50, p95, queries, sql) in results.items():
        print(f"  {page:<34}{p50:>9.1f}{p95:>9.1f}{queries:>9}{sql:>9.2f}{p50 / sql:>8.1f}")
    pages = [r for page, r in results.items() if "no trgm" not in page]
    worst = max(p95 for _, p95, _, _ in pages)
    print(f"  worst p95: {worst:.1f} ms ({'under' if worst < 100 else 'OVER'} the 100 ms target)")
    search = max(results[page][1] for page in SEARCHES)
    verdict = "under" if search < TARGET_SEARCH_P95_MS else "OVER"
    print(f"  worst search p95: {search:.1f} ms ({verdict} the {TARGET_SEARCH_P95_MS} ms target)")
    for page in SEARCHES:
        if f"{page} (no trgm)" in results:
            ratio = results[f"{page} (no trgm)"][1] / results[page][1]
            print(f"  {page}: p95 without the trigram index / with it = {ratio:.1f}")


if __name__ == "__main__":
    main()
