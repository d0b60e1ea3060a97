"""Benchmark of batch intake: reports/s through the task queue, against reading + checking the same files in
one plain process loop, in the same run.

    uv run python bench/supervision.py                 # N = 200 files
    uv run python bench/supervision.py --n 2000        # the issue's figure (about an hour on 2 shared cores)

The files are fixed: the real fixture reports plus the hand-checked ones with varied numbers and agency
names rendered into every format the renderers write (``tests/report_corpus.py``); they are made once and
kept in ``$TMPDIR/gongkai-bench-supervision-N``. Then, one after the other on one SQLite database file:

1. baseline: ``read_bytes`` + ``check_report`` of every file in a loop in this process (again at the end);
2. the embedded worker (the web process's thread draining the database queue);
3. Celery on Redis with 1 ``gongkai worker`` process, then with 2 (skipped when Redis is not reachable).

Each queue figure runs from the batch's submission (files already stored) to its last item finished, and
includes what the queue adds to reading and checking: storing the outcome, matching the agency, filing the
version and its diff. Each run files into a region of its own, so no run meets another's reports as
duplicates. The plain loop runs first and again last (the machine is shared and its load drifts); the ratio
is a run's reports/s over the mean of the two (aim: ≥ 0.8 with one worker).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

AGENCIES = [
    "平潭综合实验区财政金融局",
    "平潭综合实验区社会事业局",
    "平潭综合实验区教育局",
    "平潭综合实验区自然资源局",
]
REDIS_URL = "redis://127.0.0.1:6379/0"


def corpus(n: int) -> list[tuple[str, bytes]]:
    folder = Path(tempfile.gettempdir()) / f"gongkai-bench-supervision-{n}"
    if not folder.is_dir() or len(list(folder.iterdir())) != n:
        from report_corpus import make_files

        start = time.perf_counter()
        folder.mkdir(exist_ok=True)
        for name, data in make_files(n, AGENCIES):
            (folder / name).write_bytes(data)
        print(f"made {n} files in {time.perf_counter() - start:.0f} s → {folder}")
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]


def baseline(files: list[tuple[str, bytes]]) -> float:
    import gongkai

    start = time.perf_counter()
    for name, data in files:
        try:
            result = gongkai.read_bytes(data, name=name)
            gongkai.check_report(result.report, facts=result.facts)
        except gongkai.InputError:
            pass
    return time.perf_counter() - start


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def region(k: int) -> object:
    from gongkai_web.agencies.models import Agency, Role, User

    city = Agency.objects.create(name="平潭综合实验区管理委员会", code=f"B{k}-00", kind="government")
    for i, name in enumerate(AGENCIES, 1):
        Agency.objects.create(name=name, code=f"B{k}-{i:02d}", parent=city)
    return User.objects.create(username=f"bench{k}", agency=city, role=Role.SUPERVISOR)


def run_queue(files: list[tuple[str, bytes]], k: int) -> tuple[float, dict[str, int]]:
    """Submit a batch and wait for its last item; seconds from submission to finish, and the outcomes."""
    from django.db.models import Count

    from gongkai_web.supervision import queue
    from gongkai_web.supervision.models import Batch, BatchItem, ItemStatus
    from gongkai_web.supervision.services.intake import create_batch

    user = region(k)
    original = queue.dispatch
    queue.dispatch = lambda batch: None  # hold the batch until its files are stored
    try:
        batch = create_batch(user, files=files, name=f"bench {k}")  # type: ignore[arg-type]
    finally:
        queue.dispatch = original
    batch = Batch.objects.get(pk=batch.pk)
    start = time.perf_counter()
    queue.dispatch(batch)
    pending = [ItemStatus.QUEUED, ItemStatus.PROCESSING]
    while BatchItem.objects.filter(batch=batch, status__in=pending).exists():
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    outcomes = dict(batch.items.values_list("status").annotate(n=Count("id")).order_by())
    return seconds, outcomes


def start_workers(count: int, env: dict[str, str], folder: Path) -> list[subprocess.Popen[bytes]]:
    from gongkai_web.config.celery import app

    gongkai = Path(sys.executable).with_name("gongkai")
    workers = [
        subprocess.Popen(
            [str(gongkai), "worker", "--concurrency", "1"],
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=(folder / f"worker{i}.log").open("w"),
        )
        for i in range(count)
    ]
    deadline = time.monotonic() + 60
    while len(app.control.ping(timeout=0.5) or []) < count:
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not answer within 60 s")
    return workers


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for w in workers:
        os.killpg(w.pid, signal.SIGTERM)
    for w in workers:
        w.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="number of report files (default 200)")
    args = parser.parse_args()
    files = corpus(args.n)
    kinds = sorted({Path(n).suffix for n, _d in files})
    print(f"{len(files)} files ({', '.join(kinds)}), {sum(len(d) for _n, d in files) / 1e6:.1f} MB")

    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    queue_name = f"gongkai-bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        {
            "GONGKAI_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "gongkai_web.config.settings.local",
            "GONGKAI_QUEUE_NAME": queue_name,
        }
    )
    os.environ.pop("DATABASE_URL", None)
    for var in ("CELERY_BROKER_URL", "REDIS_URL"):
        os.environ.pop(var, None)
    from gongkai.cli.serve import setup_django

    setup_django("gongkai_web.config.settings.local")
    from django.conf import settings

    rows: list[tuple[str, float, dict[str, int]]] = []
    first = baseline(files)
    print(f"baseline: {len(files) / first:.1f} reports/s")

    from gongkai_web.supervision import embedded

    seconds, outcomes = run_queue(files, 1)
    embedded.stop()
    rows.append(("embedded worker thread", seconds, outcomes))

    if redis_up():
        settings.CELERY_BROKER_URL = REDIS_URL
        env = {**os.environ, "REDIS_URL": REDIS_URL}
        for k, count in ((2, 1), (3, 2)):
            workers = start_workers(count, env, data_dir)
            try:
                seconds, outcomes = run_queue(files, k)
            finally:
                stop_workers(workers)
            rows.append(
                (f"Celery on Redis, {count} worker process{'es' if count > 1 else ''}", seconds, outcomes)
            )
    else:
        print("Redis not reachable on 127.0.0.1:6379: the Celery runs are skipped")

    last = baseline(files)  # again at the end: the machine is shared, its load drifts during a run
    base = (first + last) / 2
    rows.insert(0, ("plain loop (this process), before", first, {}))
    rows.insert(1, ("plain loop (this process), after", last, {}))
    print(f"\nratio = reports/s ÷ the mean of the two plain loops ({len(files) / base:.1f} reports/s)")
    print(f"{'run':<38} {'seconds':>8} {'reports/s':>10} {'ratio':>6}  outcomes")
    for name, secs, outcome in rows:
        rate = len(files) / secs
        shown = ", ".join(f"{k} {v}" for k, v in sorted(outcome.items()))
        print(f"{name:<38} {secs:8.1f} {rate:10.1f} {base / secs:6.2f}  {shown}")
    print(f"\n{os.cpu_count()} CPUs; database: SQLite file in {data_dir}")


if __name__ == "__main__":
    main()
