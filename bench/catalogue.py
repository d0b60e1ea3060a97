"""Benchmark of the proactive side at scale (issue 17): the public catalogue search over 200,000 entries, and
section 一 drafted from the records for an agency with 200,000 entries and 100,000 applications.

Fills one agency with ``--items`` published entries (titles, 文号 and summaries made from a fixed vocabulary
with a fixed seed, so the same terms match the same rows every run), ``--applications`` applications, and a
year of interpretations, consultations, channels and messages. Then:

- the public search page ``/disclosures/?q=…`` for a fixed set of terms (rare to common), p50 / p95 through
  Django's test client; the baseline in the same run is the same search as one plain ``LIKE`` scan in raw SQL
  (on PostgreSQL with index scans switched off, so it is the scan the trigram indexes of migration
  ``disclosures.0006`` replace); ``× scan`` is the page's p95 over the scan's p95;
- section 一 drafted: ``year_facts`` + ``prefill`` for the year, median and worst of ``--repeats`` runs.

    uv run python bench/catalogue.py                          # SQLite (a temporary file)
    uv run python bench/catalogue.py --postgres postgres://postgres@127.0.0.1:5432/postgres

With ``--postgres`` the script creates (and afterwards drops) a database ``gongkai_bench_catalogue``.
Targets: search p95 < 100 ms on PostgreSQL; section 一 < 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

DB = "gongkai_bench_catalogue"
YEAR = 2024
PLACES = ["城东", "城西", "江北", "湖滨", "新港", "云岭", "石桥", "清河", "北塘", "南湖"]
SUBJECTS = ["土地出让", "老旧小区改造", "河道整治", "农村公路", "学校建设", "养老服务", "垃圾分类",
            "防汛抗旱", "森林防火", "不动产登记", "耕地保护", "矿产资源", "地质灾害", "测绘成果"]  # fmt: skip
KINDS = ["实施方案", "管理办法", "工作通知", "规划", "批复", "公告", "意见", "工作要点", "验收结果"]
#: Search terms, rare to common: a 文号 sequence, a place + subject, a subject, a kind, a summary-only word.
TERMS = ["〔2024〕1735号", "云岭耕地保护", "地质灾害", "管理办法", "资金绩效", "不存在的词语"]


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def fill(items: int, applications: int) -> int:
    from django.db import connection

    from gongkai_web.agencies.models import Agency, Role, User
    from gongkai_web.applications.models import Application
    from gongkai_web.channels.models import Channel, Kind, Message, MonthlyPosts, Placement
    from gongkai_web.consultations.models import Comment, Consultation
    from gongkai_web.disclosures.defaults import ensure_default_categories
    from gongkai_web.disclosures.models import Category, Disclosure
    from gongkai_web.interpretations.models import Interpretation

    rng = random.Random(17)
    ensure_default_categories(Category)
    cats = list(Category.objects.all())
    agency = Agency.objects.create(name="基准测试局", code="BENCH")
    user = User.objects.create(username="bench", role=Role.HANDLER, agency=agency)
    started = time.perf_counter()
    batch: list[Disclosure] = []
    for i in range(items):
        year = YEAR - (i % 5)
        issued = dt.date(year, 1, 1) + dt.timedelta(days=i % 365)
        place, subject, kind = rng.choice(PLACES), rng.choice(SUBJECTS), rng.choice(KINDS)
        batch.append(
            Disclosure(
                agency=agency,
                year=year,
                sequence=i + 1,
                index_number=f"BENCH/{year}-{i + 1:06d}",
                title=f"关于{place}{subject}的{kind}",
                document_number=f"示{place[:1]}发〔{year}〕{i % 5000}号",
                summary=f"{place}{subject}相关事项。" + ("附资金绩效评价报告。" if i % 997 == 0 else ""),
                category=cats[i % len(cats)],
                publisher="基准测试局",
                issued_on=issued,
                published_at=dt.datetime.combine(issued, dt.time(10), tzinfo=dt.UTC),
                status="published",
                is_policy=i % 50 == 0,
                is_normative=i % 40 == 0,
            )
        )
        if len(batch) == 5000:
            Disclosure.objects.bulk_create(batch)
            batch = []
    Disclosure.objects.bulk_create(batch)
    this_year = list(Disclosure.objects.filter(year=YEAR).values_list("pk", flat=True)[:20000])
    site = Channel.objects.create(agency=agency, kind=Kind.WEBSITE, name="门户网站")
    wechat = Channel.objects.create(agency=agency, kind=Kind.WECHAT, name="微信公众号")
    Placement.objects.bulk_create(Placement(disclosure_id=pk, channel=site) for pk in this_year)
    MonthlyPosts.objects.bulk_create(
        MonthlyPosts(channel=wechat, month=dt.date(YEAR, m, 1), posts=30 + m) for m in range(1, 13)
    )
    Message.objects.bulk_create(
        Message(agency=agency, channel=wechat, subject=f"留言{i}", received_on=dt.date(YEAR, 1 + i % 12, 5))
        for i in range(2000)
    )
    Interpretation.objects.bulk_create(
        Interpretation(disclosure_id=pk, agency=agency, title="解读", body="正文", status="published",
                       published_at=dt.datetime(YEAR, 6, 1, tzinfo=dt.UTC))
        for pk in this_year[:400]
    )  # fmt: skip
    calls = Consultation.objects.bulk_create(
        Consultation(agency=agency, title=f"征求意见{i}", draft="草案", opens_on=dt.date(YEAR, 3, 1),
                     closes_on=dt.date(YEAR, 3, 31), status="answered")
        for i in range(40)
    )  # fmt: skip
    Comment.objects.bulk_create(
        Comment(
            consultation=c, body="意见", moderation="shown", adoption="adopted" if i % 3 else "not_adopted"
        )
        for c in calls
        for i in range(25)
    )
    apps: list[Application] = []
    for i in range(applications):
        received = dt.date(YEAR - (i % 3), 1, 1) + dt.timedelta(days=i % 360)
        apps.append(
            Application(agency=agency, tracking_code=f"BC{i:08d}", applicant_type="natural_person",
                        applicant_name=f"申请人{i}", content="申请公开", channel="in-person",
                        receipt_basis="in-person", received_on=received, status="closed",
                        decided_on=received + dt.timedelta(days=10),
                        closed_on=received + dt.timedelta(days=10),
                        clock_status="answered", outcome="granted", handler=user)
        )  # fmt: skip
        if len(apps) == 5000:
            Application.objects.bulk_create(apps)
            apps = []
    Application.objects.bulk_create(apps)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    took = time.perf_counter() - started
    print(f"  filled {items:,} entries and {applications:,} applications in {took:.1f} s")
    return agency.pk


def scan_ms(term: str, repeats: int) -> list[float]:
    """The search as one plain LIKE scan (raw SQL; on PostgreSQL no index may be used)."""
    from django.db import connection, transaction

    sql = (
        "SELECT COUNT(*) FROM disclosures_disclosure WHERE status = 'published'"
        " AND (UPPER(title) LIKE UPPER(%s) OR UPPER(document_number) LIKE UPPER(%s)"
        " OR UPPER(summary) LIKE UPPER(%s) OR index_number = %s)"
    )
    like = f"%{term}%"
    times = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        for _ in range(repeats):
            t0 = time.perf_counter()
            cursor.execute(sql, [like, like, like, term])
            cursor.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]


def run(db_url: str, items: int, applications: int, repeats: int) -> None:
    os.environ["GONGKAI_TEST_DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai_web.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gongkai_web.agencies.models import Agency
    from gongkai_web.reports import services as svc
    from gongkai_web.reports.tables import compute_report

    setup_test_environment()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.get(pk=fill(items, applications))
    client = Client()
    print(f"  {'search term':<16}{'rows':>8}{'p50 ms':>9}{'p95 ms':>9}{'scan p95':>10}{'× scan':>8}")
    worst = 0.0
    for term in TERMS:
        client.get("/disclosures/", {"q": term})  # warm up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            response = client.get("/disclosures/", {"q": term})
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        rows = response.context["page"].paginator.count
        scan = scan_ms(term, max(5, repeats // 4))
        worst = max(worst, p95(times))
        print(f"  {term:<16}{rows:>8}{statistics.median(times):>9.1f}{p95(times):>9.1f}{p95(scan):>10.1f}"
              f"{p95(times) / p95(scan):>8.2f}")  # fmt: skip
    print(f"  worst search p95: {worst:.1f} ms ({'under' if worst < 100 else 'OVER'} the 100 ms target)")
    drafts = []
    for _ in range(max(3, repeats // 10)):
        t0 = time.perf_counter()
        report = compute_report(agency, YEAR)
        text = svc.prefill(svc.year_facts(agency, YEAR, report, None))
        drafts.append(time.perf_counter() - t0)
    assert "全年通过主动公开目录发布政府信息" in text["overview"]
    worst_draft = max(drafts)
    print(
        f"  section 一 (tables computed + facts + prefill): median {statistics.median(drafts):.2f} s,"
        f" worst {worst_draft:.2f} s ({'under' if worst_draft < 1 else 'OVER'} the 1 s target)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--postgres", help=f"admin URL of a PostgreSQL server (creates database {DB})")
    args = parser.parse_args()
    if args.postgres:
        _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {DB}")
        _pg_admin(args.postgres, f"CREATE DATABASE {DB}")
        db_url, engine = args.postgres.rsplit("/", 1)[0] + f"/{DB}", "PostgreSQL"
    else:
        db_url, engine = f"sqlite:///{tempfile.mkdtemp(prefix='gongkai-bench-')}/bench.sqlite3", "SQLite"
    print(f"{engine}: {args.items:,} catalogue entries, {args.applications:,} applications")
    try:
        run(db_url, args.items, args.applications, args.repeats)
    finally:
        if args.postgres:
            from django.db import connections

            connections.close_all()
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
