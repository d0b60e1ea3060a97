"""OCR speed: seconds per page reading an image-only copy of the real 洪泽区 2023 PDF (5 pages, made as the
tests make it: tests/scans.py), and the ratio to reading the same report's text layer, both in this process.

    uv run python bench/ocr.py [--dpi 300 150] [--repeat 1]

The models load once per process (reported apart). onnxruntime uses every core it is given; the load average
is printed because other work on the machine slows OCR directly.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gongkai.read import read_bytes  # noqa: E402
from gongkai.readers.ocrengine import engine  # noqa: E402
from scans import HONGZE, image_pdf, render  # noqa: E402


def timed(fn: object, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (all threads of this process) per call."""
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[300, 150])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")
    t = time.perf_counter()
    engine()
    print(f"model load: {time.perf_counter() - t:.2f} s (once per process)")
    text = HONGZE.read_bytes()
    read_bytes(text)  # warm the catalog and caches
    baseline, baseline_cpu = timed(lambda: read_bytes(text), max(args.repeat, 5))
    pages = 5
    print(
        f"text layer: {baseline * 1000:.0f} ms ({baseline_cpu * 1000:.0f} ms CPU) for {pages} pages"
        f" ({HONGZE.name})"
    )
    for dpi in args.dpi:
        scan = image_pdf(render(HONGZE, dpi), dpi)
        wall, cpu = timed(lambda scan=scan: read_bytes(scan), args.repeat)
        print(
            f"OCR {dpi} dpi: {wall:.1f} s ({cpu:.1f} s CPU) for {pages} pages = {wall / pages:.2f} s/page "
            f"({cpu / pages:.2f} s CPU/page); {wall / baseline:.0f}× the text layer"
            f" ({cpu / baseline_cpu:.0f}× in CPU)"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
