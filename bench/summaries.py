"""Benchmark of a region's 汇总 and of the researchers' Parquet export (issue 15).

1. 汇总 of ``--agencies`` departments' reports (default 5,000) on SQLite (a temporary file) and on PostgreSQL
   (``--engine``; each in a process of its own): the time of ``gongkai_web.summaries.services.summarise``
   (select the departments by the roster's rules, find each one's latest collected version, sum the stored
   cells in the database, check the sum), median of ``--repeats`` runs; and of one cell's drill-down
   (``cell_parts``: every agency's part of 一、本年新收 总计). Baseline, timed in the same process on the same
   database: one plain SQL aggregate over the same cells (``SUM``/``COUNT`` per key over
   ``summaries_versioncell`` of those versions, joined through their reports and agencies) — the physical
   floor of the query. ``× SQL`` is the ratio.
2. Export of ``--reports`` reports (default 25,000: 5,000 agencies × 5 years) to Parquet with
   ``gongkai.supervise.write_dataset`` (cells, findings and the indicators, as the web and ``gongkai
   export`` write it), against writing the very same table with pyarrow alone (``pa.table`` +
   ``pq.write_table``, same compression) from columns already in memory. Findings are computed once per base
   report (the checker's own cost is not the export's) and written with each variant.

Inputs are fixed: the hand-checked fixture reports of 2021–2025, varied by index as ``tests/report_corpus``
does (every identity still holds), so every run sums and writes the same numbers.

    uv run python bench/summaries.py                      # both engines, then the Parquet export
    uv run python bench/summaries.py --quick              # 300 agencies, 1,000 reports
    uv run python bench/summaries.py --engine sqlite --skip-parquet

On PostgreSQL (``--postgres``: an admin URL) the script creates (and afterwards drops) a database
``gongkai_bench_summaries``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
from _sql import time_sql  # noqa: E402  (bench/ is the script's folder, first on sys.path)

BENCH_DB = "gongkai_bench_summaries"
YEAR = 2024


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def _bases(template: str = "2021") -> list[dict[str, Any]]:
    from report_corpus import base_reports

    return [b for b in base_reports() if b.get("template") == template]


def _report(bases: list[dict[str, Any]], i: int, agency: str, year: int) -> Any:
    from report_corpus import vary

    report = vary(bases[i % len(bases)], i, agency)
    report.year = year
    return report


def bench_summary(db_url: str, agencies: int, repeats: int) -> tuple[float, float, float, int]:
    os.environ["GONGKAI_TEST_DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai_web.agencies.models import Agency
    from gongkai_web.summaries.cells import store_cells
    from gongkai_web.summaries.models import VersionCell
    from gongkai_web.summaries.services import cell_parts, select, summarise
    from gongkai_web.supervision.models import CollectedReport, CollectedVersion

    call_command("migrate", verbosity=0)
    gov = Agency.objects.create(name="基准市人民政府", code="BENCH", kind="government")
    gov.refresh_from_db()
    departments = Agency.objects.bulk_create(
        [Agency(name=f"基准市第{i}局", code=f"B{i:05d}", parent=gov, path="") for i in range(agencies)]
    )
    Agency.objects.filter(parent=gov).update(path=gov.path)  # then each its own id below
    for a in departments:
        a.path = f"{gov.path}{a.pk}/"
    Agency.objects.bulk_update(departments, ["path"], batch_size=1000)
    reports = CollectedReport.objects.bulk_create(
        [CollectedReport(agency=a, year=YEAR) for a in departments], batch_size=1000
    )
    bases = _bases()
    versions = CollectedVersion.objects.bulk_create(
        [
            CollectedVersion(
                report=r,
                number=1,
                content_hash=f"{i:064d}",
                template="2021",
                data=_report(bases, i, r.agency.name, YEAR).to_json_dict(),
                source_name=f"{i}.html",
            )
            for i, r in enumerate(reports)
        ],
        batch_size=500,
    )
    store_cells(versions)  # bulk_create sends no post_save: fill the cells as filing does
    cells = VersionCell.objects.count()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = summarise(select(gov, "departments"), YEAR)
        times.append(time.perf_counter() - t0)
        assert len(result.summary.included) == agencies and not result.summary.missing
    drill = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        parts = cell_parts(result, "requests.received.total")
        drill.append(time.perf_counter() - t0)
        assert len(parts.contributions) == agencies
    table = VersionCell._meta.db_table
    vtable = CollectedVersion._meta.db_table
    rtable = CollectedReport._meta.db_table
    atable = Agency._meta.db_table
    sql = (
        f"SELECT c.key, SUM(c.value), COUNT(c.value), COUNT(*) FROM {table} c "
        f"JOIN {vtable} v ON v.id = c.version_id JOIN {rtable} r ON r.id = v.report_id "
        f"JOIN {atable} a ON a.id = r.agency_id WHERE r.year = %s AND a.parent_id = %s GROUP BY c.key"
    )
    floor = time_sql([(sql, [YEAR, gov.pk])], repeats) / 1000
    with connection.cursor() as cursor:  # the floor sums the same cells to the same figures
        cursor.execute(sql, [YEAR, gov.pk])
        sums = {key: total for key, total, _n, _all in cursor.fetchall()}
    assert sums["requests.received.total"] == result.summary.report.get("requests.received.total")
    return statistics.median(times), statistics.median(drill), floor, cells


def bench_parquet(count: int, years: int = 5) -> tuple[float, float, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from gongkai import check_report
    from gongkai.supervise import Entry, indicator_records, iter_chunks, write_dataset
    from gongkai.supervise.dataset import _arrow_schema

    bases = _bases()
    findings = [
        [f for f in check_report(_report(bases, i, "x", YEAR)) if not f.accepted] for i in range(len(bases))
    ]
    agencies = count // years
    entries = []
    for i in range(agencies):
        for y in range(years):
            report = _report(bases, i * years + y, f"第{i}局", 2021 + y)
            entries.append(
                Entry(report, f"第{i}局", 2021 + y, findings[(i * years + y) % len(bases)], region="基准市")
            )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.parquet"
        t0 = time.perf_counter()
        rows = write_dataset(entries, out, "parquet", extra=[indicator_records])
        export = time.perf_counter() - t0
        # the same table, columns already in memory, written by pyarrow alone
        schema = _arrow_schema()
        chunks = list(iter_chunks(entries, [indicator_records]))
        columns = {c: [v for ch in chunks for v in ch[c]] for c in schema.names}
        t0 = time.perf_counter()
        table = pa.table(
            {c: pa.array(columns[c], type=schema.field(c).type) for c in schema.names}, schema=schema
        )
        pq.write_table(table, Path(tmp) / "alone.parquet", compression="zstd")
        alone = time.perf_counter() - t0
        assert pq.read_table(out).num_rows == table.num_rows == rows
    return export, alone, rows


def run_engine(engine: str, args: argparse.Namespace) -> None:
    if engine == "postgresql":
        _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _pg_admin(args.postgres, f"CREATE DATABASE {BENCH_DB}")
        db_url, name = args.postgres.rsplit("/", 1)[0] + f"/{BENCH_DB}", "PostgreSQL"
    else:
        db_url, name = f"sqlite:///{tempfile.mkdtemp(prefix='gongkai-bench-')}/bench.sqlite3", "SQLite"
    try:
        summary, drill, floor, cells = bench_summary(db_url, args.agencies, args.repeats)
    finally:
        if engine == "postgresql":
            from django.db import connections

            connections.close_all()
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    print(f"汇总 on {name}: {args.agencies:,} departments' reports, {cells:,} stored cells")
    print(f"  summarise (select, versions, SQL sums, check): {summary:8.3f} s   × SQL {summary / floor:6.1f}")
    print(f"  one SQL aggregate over the same cells (floor): {floor:8.3f} s")
    print(f"  drill-down of one cell ({args.agencies:,} parts): {drill:8.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--reports", type=int, default=25_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="300 agencies, 1,000 reports")
    parser.add_argument("--engine", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="admin URL of a PostgreSQL server (a scratch database is created and dropped)",
    )
    parser.add_argument("--skip-parquet", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.agencies, args.reports = 300, 1000
    if args.engine == "both":  # Django is set up once per process: one process per engine
        for engine in ("sqlite", "postgresql"):
            argv = [sys.executable, __file__, "--engine", engine, "--skip-parquet"]
            argv += [
                "--agencies",
                str(args.agencies),
                "--repeats",
                str(args.repeats),
                "--postgres",
                args.postgres,
            ]
            subprocess.run(argv, check=True)
    else:
        run_engine(args.engine, args)
    if not args.skip_parquet:
        export, alone, rows = bench_parquet(args.reports)
        print(f"Parquet export: {args.reports:,} reports, {rows:,} rows (cells, findings, indicators)")
        print(
            f"  write_dataset (reports → table → Parquet): {export:8.2f} s   × pyarrow {export / alone:6.1f}"
        )
        print(f"  pyarrow alone (same table, in memory):    {alone:8.2f} s")


if __name__ == "__main__":
    main()
