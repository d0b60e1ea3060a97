"""Benchmark of the annual-report workspace page (``/reports/<agency>/<year>/``) at 70,000 applications.

Fills the database as ``bench/annual.py`` does (one agency with ``--count`` applications over three years, a
second agency with a fifth as many, appeals, fee events, catalogue entries: fixed data), then requests the
workspace of the middle year through Django's test client as the agency's 审核 and prints p50 / p95 and the
number of SQL queries per request (which must not change from one request to the next). With ``--queries``
it also prints the slowest SQL statements of one request. It prints each request's CPU time too (SQLite runs
in the process, so that is the page's whole work): on a shared machine under load the wall-clock figures
include the time other jobs held the cores, the CPU time much less. Like a server, the client renders
templates without the test runner's instrumentation (``setup_test_environment``), which costs a request tens
of milliseconds.

The baseline, timed in the same process: the one raw SQL pass that groups the agency's applications of the
year by applicant column and outcome (the least a 表三 needs); ``× SQL`` is the page's p50 over it.

    uv run python bench/workspace.py                      # SQLite (a temporary file), 70,000 applications
    uv run python bench/workspace.py --queries            # and the slowest statements of one request
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from _sql import time_sql  # bench/ is the script's folder, first on sys.path
from annual import YEAR, _baseline, fill

TARGET_P95_MS = 150


def run(
    db_url: str, count: int, repeats: int, show_queries: bool
) -> tuple[float, float, float, float, int, float]:
    os.environ["GONGKAI_TEST_DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.test"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai_web.agencies.models import Role, User
    from gongkai_web.applications.models import Application

    started = time.perf_counter()
    agency = fill(count)
    print(f"  filled {count:,} + {count // 5:,} applications in {time.perf_counter() - started:.1f} s")
    user = User.objects.create(username="bench", role=Role.APPROVER, agency=agency)
    client = Client()
    client.force_login(user)
    url = f"/reports/{agency.pk}/{YEAR}/"
    assert client.get(url).status_code == 200  # warm up
    times: list[float] = []
    cpu: list[float] = []
    counts: set[int] = set()
    slowest: list[tuple[float, str]] = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200, response.status_code
        counts.add(len(ctx.captured_queries))
        slowest = sorted(((float(q["time"]), q["sql"]) for q in ctx.captured_queries), reverse=True)
    assert len(counts) == 1, f"query count varies {counts}"
    if show_queries:
        print("  slowest statements of the last request:")
        for seconds, sql in slowest[:8]:
            print(f"    {seconds * 1000:7.1f} ms  {sql[:150]}")
    baseline = time_sql(_baseline(Application._meta.db_table, agency.pk), repeats)
    return (
        statistics.median(times),
        statistics.quantiles(times, n=20)[18],
        statistics.median(cpu),
        statistics.quantiles(cpu, n=20)[18],
        counts.pop(),
        baseline,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=70_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--queries", action="store_true", help="print the slowest SQL of one request")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"SQLite: workspace page at {args.count:,} applications, {args.repeats} requests")
        p50, p95, cpu50, cpu95, queries, sql = run(
            f"sqlite:///{tmp}/bench.sqlite3", args.count, args.repeats, args.queries
        )
    verdict = "under" if p95 < TARGET_P95_MS else "OVER"
    print(f"  workspace: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
    print(f"  CPU time per request (SQLite included): p50 {cpu50:.1f} ms, p95 {cpu95:.1f} ms")
    print(f"  baseline (one grouped raw SQL pass): {sql:.2f} ms; page p50 = {p50 / sql:.1f} × SQL")
    print(f"  p95 {p95:.1f} ms is {verdict} the {TARGET_P95_MS} ms target")


if __name__ == "__main__":
    main()
