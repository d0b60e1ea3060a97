"""Robustness figures: the worst-case time over a fixed fuzz corpus, and the peak memory reading a 20 MB web
page and a 20 MB text, each with the ratio to a baseline run the same way.

    uv run python bench/robust.py [--cases 300] [--mb 20]

* time: ``--cases`` mutated fixture reports (``tests/fuzzing.py``, seed 0) read and checked; the slowest and
  the median, against plain Python reading the same bytes (decode and split into lines) in this process;
* large inputs: a real text report and a real web page's body repeated to just under the readers' limits
  (``Limits.max_text_chars``, ``max_html_elements``: the largest input read at all), and to 1 and 2 MB (far
  beyond any report: refused with the one-line error), each read (best of three) against the same baselines
  (decode + split lines; lxml parsing the page);
* memory: each read in its own process (peak RSS, ``VmHWM``): a real report page with its body
  repeated to ``--mb`` MB, against lxml parsing the same bytes; a real text report repeated to ``--mb`` MB,
  against reading it with plain Python (decode, split into lines). Both are refused by the limits; the figure
  is what refusing them costs.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import mutate, run_case  # noqa: E402

PAGE = ROOT / "tests" / "fixtures" / "reports" / "2021" / "2024-pingtan-page.html"
TEXT = ROOT / "tests" / "fixtures" / "reports" / "2021" / "2024-shanghai-stc-converted.txt"

# the peak resident memory of this process image: VmHWM starts afresh at exec (getrusage's ru_maxrss would
# carry this benchmark's own peak over into the child)
_PEAK = "print([int(x.split()[1]) // 1024 for x in open('/proc/self/status') if x.startswith('VmHWM')][0])"
_READ = """
import sys, time
from gongkai.errors import InputError
from gongkai.readers import read_report
started = time.perf_counter()
try:
    read_report(sys.argv[1])
except InputError as exc:
    print(exc.line(), file=sys.stderr)
print(time.perf_counter() - started)
"""
CHILD = {
    "gongkai": _READ + _PEAK,
    "lxml": "import sys; from lxml import etree; etree.fromstring(open(sys.argv[1], 'rb').read(), "
    "etree.HTMLParser(recover=True)); " + _PEAK,
    "python": "import sys; open(sys.argv[1], 'rb').read().decode('utf-8').splitlines(); " + _PEAK,
}


def big_html(mb: float, copies: int | None = None) -> bytes:
    page = PAGE.read_bytes()
    start, end = page.find(b"<body"), page.rfind(b"</body>")
    body = page[start:end]
    return page[:end] + body * (copies or int(mb * 1_000_000 // len(body))) + page[end:]


def big_text(mb: float, copies: int | None = None) -> bytes:
    text = TEXT.read_bytes()
    return text * (copies or int(mb * 1_000_000 // len(text) + 1))


def at_limit(make: Any) -> bytes:
    """The most copies ``make`` can hold that the default limits still read (doubling, then halving)."""
    from gongkai.errors import LimitExceeded
    from gongkai.readers import read_bytes

    def fits(copies: int) -> bool:
        try:
            read_bytes(make(0, copies))
        except LimitExceeded:
            return False
        return True

    low, high = 1, 2
    while fits(high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return bytes(make(0, low))


def _outcome(data: bytes) -> str:
    from gongkai.errors import InputError
    from gongkai.readers import read_bytes

    try:
        read_bytes(data)
    except InputError as exc:
        return f"refused ({exc.detail})"
    return "read"


def peak_mb(kind: str, path: Path) -> tuple[int, float, str]:
    """Peak memory of reading ``path`` in a process of its own, the read's seconds (the process's, for a
    baseline) and what it printed on stderr (the one-line error of a refused input)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD[kind], str(path)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    out = done.stdout.split()
    if done.returncode or not out:
        raise SystemExit(f"{kind} on {path} failed: {done.stderr}")
    return int(out[-1]), float(out[-2]) if len(out) > 1 else seconds, done.stderr.strip()


def baseline_seconds(data: bytes) -> float:
    started = time.perf_counter()
    data.decode("utf-8", "replace").splitlines()
    return time.perf_counter() - started


def lxml_seconds(data: bytes) -> float:
    from lxml import etree

    started = time.perf_counter()
    etree.fromstring(data, etree.HTMLParser(recover=True))
    return time.perf_counter() - started


def _quiet(read: Any) -> Any:
    """``read``, an input error (a limit) being one of its outcomes."""
    from gongkai.errors import InputError

    def run(data: bytes) -> None:
        with contextlib.suppress(InputError):
            read(data)

    return run


def _timed(read: Any, data: bytes) -> float:
    started = time.perf_counter()
    read(data)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--no-memory", action="store_true", help="skip the 20 MB peak-memory reads")
    args = parser.parse_args()

    rng = random.Random(0)
    times: list[tuple[float, float, str]] = []
    for _ in range(args.cases):
        name, data = mutate(rng)
        outcome = run_case(data, name)
        times.append((outcome.seconds, baseline_seconds(data), f"{name} ({outcome.kind}, {len(data)} bytes)"))
    worst = max(times)
    base_worst = max(b for _, b, _ in times)
    print(f"fuzz corpus: {args.cases} cases (seed 0), read and checked")
    print(f"  worst case {worst[0]:.2f} s: {worst[2]}")
    print(f"  median {statistics.median(t for t, _, _ in times) * 1000:.1f} ms")
    ratio = worst[0] / base_worst
    print(f"  baseline (decode + split lines) worst {base_worst * 1000:.2f} ms; ratio {ratio:.0f}×")

    from gongkai.read import read_bytes

    print("large inputs: read (best of 3), against the baseline in this process")
    for label, data, base in (
        ("text at the limits", at_limit(big_text), baseline_seconds),
        ("text 1 MB", big_text(1), baseline_seconds),
        ("text 2 MB", big_text(2), baseline_seconds),
        ("web page at the limits", at_limit(big_html), lxml_seconds),
        ("web page 2 MB", big_html(2), lxml_seconds),
    ):
        ours = min(_timed(_quiet(read_bytes), data) for _ in range(3))
        theirs = min(base(data) for _ in range(3))
        size = f"{len(data) / 1e6:.2f} MB"
        print(
            f"  {label} ({size}): {ours:.2f} s, {_outcome(data)}; baseline {theirs:.3f} s; "
            f"ratio {ours / theirs:.1f}×"
        )
    if args.no_memory:
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        for label, data, name, baseline in (
            ("web page", big_html(args.mb), "big.html", "lxml"),
            ("text", big_text(args.mb), "big.txt", "python"),
        ):
            path = Path(tmp) / name
            path.write_bytes(data)
            ours, seconds, said = peak_mb("gongkai", path)
            base, _, _ = peak_mb(baseline, path)
            print(
                f"{label} of {len(data) / 1e6:.1f} MB: peak {ours} MB, read in {seconds:.2f} s"
                f"{'; ' + said.split('：', 1)[-1] if said else ''}; {baseline} alone {base} MB; "
                f"ratio {ours / base:.1f}×"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
