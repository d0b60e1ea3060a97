"""Generated collected reports for the analysis and API benchmarks: a region of ``agencies`` departments in 50
districts, each with a report for each of ``years`` years (2021 template). Every report is the real 2024 平潭
report (tests/fixtures/reports) with its 表三/表四 counts scaled by a fixed pseudo-random factor per agency
and year, so the indicators vary; made with ``bulk_create`` (no signal), as a bulk import would."""

from __future__ import annotations

import copy
import random
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
YEARS = (2021, 2022, 2023, 2024, 2025)


def base_report() -> dict[str, Any]:
    from gongkai import read_report

    data = read_report(ROOT / "tests/fixtures/reports/2021/2024-pingtan-crawled.txt").report.to_json_dict()
    data["sections"] = {k: "（基准测试生成）" for k in data["sections"]}
    data.pop("source", None)
    return data


def scaled(base: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    data = copy.deepcopy(base)
    factor = rng.choice((0, 0.05, 0.2, 0.5, 1, 1, 2, 3))
    for table in ("requests", "appeals"):
        for row in data[table].values():
            for column, value in row.items():
                if isinstance(value, int | float):
                    row[column] = round(value * factor * rng.uniform(0.6, 1.4))
    return data


def make_region(agencies: int, years: tuple[int, ...] = YEARS) -> Any:
    """The region's root agency, after filling the database; prints what it made and how long it took."""
    from django.db import transaction

    from gongkai_web.agencies.models import Agency
    from gongkai_web.supervision.models import CollectedReport, CollectedVersion

    start = time.perf_counter()
    rng = random.Random(15)
    base = base_report()
    with transaction.atomic():
        root = Agency.objects.create(name="基准市人民政府", code="BENCH", kind="government")
        districts = [
            Agency.objects.create(
                name=f"基准市第{d}区人民政府", code=f"BD{d:03d}", kind="government", parent=root
            )
            for d in range(50)
        ]
        by_pk = {d.pk: d for d in districts}
        rows = [
            Agency(
                name=f"基准市第{i % 50}区第{i}局",
                code=f"BA{i:05d}",
                kind="department",
                parent=districts[i % 50],
            )
            for i in range(agencies - len(districts) - 1)
        ]
        Agency.objects.bulk_create(rows, batch_size=1000)
        made = list(Agency.objects.filter(code__startswith="BA").only("pk", "parent_id"))
        for a in made:  # the path needs the id, which bulk_create leaves to the database
            a.path = f"{by_pk[a.parent_id].path}{a.pk}/"
        Agency.objects.bulk_update(made, ["path"], batch_size=1000)
        everyone = [root, *districts, *made]
        reports = [CollectedReport(agency=a, year=y) for a in everyone for y in years]
        CollectedReport.objects.bulk_create(reports, batch_size=2000)
        versions = []
        for r in CollectedReport.objects.filter(agency__path__under=root.path).only("pk", "year"):
            data = scaled(base, rng)
            data["year"] = r.year
            versions.append(
                CollectedVersion(
                    report_id=r.pk,
                    number=1,
                    content_hash=f"{r.pk:064d}",
                    template="2021",
                    data=data,
                    source_name="bench.json",
                )
            )
        CollectedVersion.objects.bulk_create(versions, batch_size=1000)
    print(
        f"  made {len(everyone):,} agencies × {len(years)} years = {len(versions):,} reports"
        f" in {time.perf_counter() - start:.0f} s"
    )
    return root


def analyze() -> None:
    """Planner statistics after the bulk load, as a live database has them (PostgreSQL's autovacuum gathers
    them some time after a load: measured before it, a page may be planned as if the tables were empty)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def database(postgres: str | None, name: str) -> tuple[str, str]:
    """``(url, engine)``: a fresh PostgreSQL database ``name`` on the ``postgres`` admin URL, else a temporary
    SQLite file. Call :func:`drop` afterwards."""
    import tempfile

    if postgres:
        pg_admin(postgres, f"DROP DATABASE IF EXISTS {name}")
        pg_admin(postgres, f"CREATE DATABASE {name}")
        return postgres.rsplit("/", 1)[0] + f"/{name}", "PostgreSQL"
    return f"sqlite:///{tempfile.mkdtemp(prefix='gongkai-bench-')}/bench.sqlite3", "SQLite"


def drop(postgres: str | None, name: str) -> None:
    if postgres:
        from django.db import connections

        connections.close_all()
        pg_admin(postgres, f"DROP DATABASE IF EXISTS {name}")


def setup(db_url: str) -> None:
    import os

    os.environ["GONGKAI_TEST_DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def timed(fn: Any, repeats: int) -> tuple[float, float]:
    """p50 and p95 milliseconds of ``fn()`` over ``repeats`` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return percentiles(times)


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``times``."""
    import statistics

    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
