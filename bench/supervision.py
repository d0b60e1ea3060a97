"""Benchmark of batch intake: reports/s through the task queue, against reading + checking the same files in
one plain process loop, in the same run.

    uv run python bench/supervision.py                 # N = 200 files
    uv run python bench/supervision.py --n 2000        # the issue's figure (about an hour on 2 shared cores)

The files are fixed: the real fixture reports plus the hand-checked ones with varied numbers and agency
names rendered into every format the renderers write (``tests/report_corpus.py``); they are made once and
kept in ``$TMPDIR/gongkai-bench-supervision-N``. Then, one after the other on one SQLite database file:

1. baseline: ``read_bytes`` + ``check_report`` of every file in a loop in this process (before and after);
2. the embedded worker (the web process's thread draining the database queue);
3. Celery on Redis with 1 ``gongkai worker`` process, then with 2 (skipped when Redis is not reachable).

Each queue figure runs from the batch's submission (files already stored) to its last item finished, and
includes what the queue adds to reading and checking: storing the outcome, matching the agency, filing the
version and its diff. Each run files into a region of its own, so no run meets another's reports as
duplicates.

The machine is shared and its load drifts by a factor of two within minutes, so one pass says little. The
runs are **interleaved in rounds** (``--rounds``, default 3): each round runs the plain loop, then each queue
run, then the plain loop again; a run's ratio is its reports/s over the mean of that round's two plain loops,
and the figure reported is the **median over the rounds** (with every round's ratio, and the load average at
the start and the end). Celery workers are started for each run and warmed with a few files first, so a fresh
process's slow first files (lazy imports, the catalog) are not counted against the queue (aim: ratio ≥ 0.8
with one worker).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
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
#: The broker; a session sharing the machine's Redis may pick its own database number.
REDIS_URL = os.environ.get("GONGKAI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def corpus(n: int) -> list[tuple[str, bytes]]:
    folder = Path(tempfile.gettempdir()) / f"gongkai-bench-supervision-{n}"
    if not folder.is_dir() or len(list(folder.iterdir())) != n:
        from report_corpus import make_files

        if not cjk_font():
            print(
                "warning: no CJK font (apt-get install fonts-noto-cjk): the PDFs are laid out without one,"
                " unlike those of the documented figure (smaller files, read at another speed)"
            )
        start = time.perf_counter()
        folder.mkdir(exist_ok=True)
        for name, data in make_files(n, AGENCIES):
            (folder / name).write_bytes(data)
        print(f"made {n} files in {time.perf_counter() - start:.0f} s → {folder}")
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]


def cjk_font() -> bool:
    """Whether fontconfig knows a Chinese font (WeasyPrint embeds one in every PDF it lays out)."""
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30)
    except OSError:
        return False
    return bool(found.stdout.strip())


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


def measure(label: str, run: Callable[[], float]) -> float:
    seconds = run()
    print(f"  {label:<34} {seconds:7.1f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="number of report files (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--workers", default="1,2", help="Celery worker processes per run, comma-separated (default 1,2)"
    )
    parser.add_argument("--no-embedded", action="store_true", help="skip the embedded worker thread")
    args = parser.parse_args()
    files = corpus(args.n)
    kinds = sorted({Path(n).suffix for n, _d in files})
    print(f"{len(files)} files ({', '.join(kinds)}), {sum(len(d) for _n, d in files) / 1e6:.1f} MB")
    load_before = os.getloadavg()

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

    from gongkai_web.supervision import embedded

    counts = [int(c) for c in args.workers.split(",") if c.strip()]
    redis = redis_up()
    if not redis:
        print("Redis not reachable on 127.0.0.1:6379: the Celery runs are skipped")
        counts = []
    env = {**os.environ, "REDIS_URL": REDIS_URL}
    # per run: one reports/s figure and one ratio per round
    rates: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    outcomes: dict[str, dict[str, int]] = {}
    k = 0
    baseline(files[:10])  # warm this process's readers (lazy imports, the catalog) before the first figure
    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}")
        before = measure("plain loop", lambda: baseline(files))
        runs: list[tuple[str, float]] = []
        if not args.no_embedded:
            settings.CELERY_BROKER_URL = ""
            k += 1
            seconds, outcome = run_queue(files, k)
            embedded.stop()
            print(f"  {'embedded worker thread':<34} {seconds:7.1f} s", flush=True)
            runs.append(("embedded worker thread", seconds))
            outcomes["embedded worker thread"] = outcome
        for count in counts:
            settings.CELERY_BROKER_URL = REDIS_URL
            name = f"Celery on Redis, {count} worker process{'es' if count > 1 else ''}"
            workers = start_workers(count, env, data_dir)
            try:
                k += 1
                run_queue(files[: 2 * count], k)  # warm the workers (a fresh process's first files are slow)
                k += 1
                seconds, outcome = run_queue(files, k)
            finally:
                stop_workers(workers)
            print(f"  {name:<34} {seconds:7.1f} s", flush=True)
            runs.append((name, seconds))
            outcomes[name] = outcome
        after = measure("plain loop", lambda: baseline(files))
        plain = (before + after) / 2  # the loop on either side of this round's queue runs
        rates.setdefault("plain loop (this process)", []).extend([len(files) / before, len(files) / after])
        for name, seconds in runs:
            rates.setdefault(name, []).append(len(files) / seconds)
            ratios.setdefault(name, []).append(plain / seconds)

    load_after = os.getloadavg()
    print(
        "\nratio = a run's reports/s ÷ the plain loop's in the same round (mean of the loop before and after)"
    )
    print(f"{'run':<38} {'reports/s (median)':>18} {'ratio median':>13}  ratios by round")
    for name, values in rates.items():
        ratio = ratios.get(name)
        shown = " ".join(f"{x:.2f}" for x in ratio) if ratio else ""
        median = f"{statistics.median(ratio):13.2f}" if ratio else f"{'—':>13}"
        print(f"{name:<38} {statistics.median(values):18.1f} {median}  {shown}")
    for name, outcome in outcomes.items():
        print(f"  outcomes, {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(outcome.items())))
    print(
        f"\n{os.cpu_count()} CPUs; load average {' '.join(f'{x:.2f}' for x in load_before)} at the start,"
        f" {' '.join(f'{x:.2f}' for x in load_after)} at the end; database: SQLite file in {data_dir}"
    )


if __name__ == "__main__":
    main()
