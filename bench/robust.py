"""Robustness figures: the worst-case time over a fixed fuzz corpus, and the peak memory reading a 20 MB web
page and a 20 MB text, each with the ratio to a baseline run the same way.

    uv run python bench/robust.py [--cases 300] [--mb 20]

* time: ``--cases`` mutated fixture reports (``tests/fuzzing.py``, seed 0) read and checked; the slowest and
  the median, against plain Python reading the same bytes (decode and split into lines) in this process;
* large inputs: a real text report repeated to 1 and 2 MB and a real web page's body repeated to 2 MB, read
  (best of three), against the same baselines (decode + split lines; lxml parsing the page);
* memory: each read in its own process (peak RSS from ``getrusage``): a real report page with its body
  repeated to ``--mb`` MB, against lxml parsing the same bytes; a real text report repeated to ``--mb`` MB,
  against reading it with plain Python (decode, split into lines).
"""

from __future__ import annotations

import argparse
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

_PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
CHILD = {
    "gongkai": "import sys; from gongkai.readers import read_report; read_report(sys.argv[1]); " + _PEAK,
    "lxml": "import sys; from lxml import etree; etree.fromstring(open(sys.argv[1], 'rb').read(), "
    "etree.HTMLParser(recover=True)); " + _PEAK,
    "python": "import sys; open(sys.argv[1], 'rb').read().decode('utf-8').splitlines(); " + _PEAK,
}


def big_html(mb: int) -> bytes:
    page = PAGE.read_bytes()
    start, end = page.find(b"<body"), page.rfind(b"</body>")
    body = page[start:end]
    return page[:end] + body * (mb * 1_000_000 // len(body)) + page[end:]


def big_text(mb: int) -> bytes:
    text = TEXT.read_bytes()
    return text * (mb * 1_000_000 // len(text) + 1)


def peak_mb(kind: str, path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD[kind], str(path)], capture_output=True, text=True, check=True
    ).stdout
    return int(out.split()[-1]), time.perf_counter() - started


def baseline_seconds(data: bytes) -> float:
    started = time.perf_counter()
    data.decode("utf-8", "replace").splitlines()
    return time.perf_counter() - started


def lxml_seconds(data: bytes) -> float:
    from lxml import etree

    started = time.perf_counter()
    etree.fromstring(data, etree.HTMLParser(recover=True))
    return time.perf_counter() - started


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
        ("text 1 MB", big_text(1), baseline_seconds),
        ("text 2 MB", big_text(2), baseline_seconds),
        ("web page 2 MB", big_html(2), lxml_seconds),
    ):
        ours = min(_timed(read_bytes, data) for _ in range(3))
        theirs = min(base(data) for _ in range(3))
        size = f"{len(data) / 1e6:.1f} MB"
        print(f"  {label} ({size}): {ours:.2f} s; baseline {theirs:.3f} s; ratio {ours / theirs:.0f}×")
    if args.no_memory:
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        for label, data, name, baseline in (
            ("web page", big_html(args.mb), "big.html", "lxml"),
            ("text", big_text(args.mb), "big.txt", "python"),
        ):
            path = Path(tmp) / name
            path.write_bytes(data)
            ours, seconds = peak_mb("gongkai", path)
            base, _ = peak_mb(baseline, path)
            print(
                f"{label} of {len(data) / 1e6:.1f} MB: peak {ours} MB in {seconds:.1f} s; "
                f"{baseline} alone {base} MB; ratio {ours / base:.1f}×"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
