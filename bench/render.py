"""Rendering speed: reports per second for each output format, on one core, with fixed inputs.

    uv run python bench/render.py [--seconds 2] [--libreoffice]

Prints, per format, reports/s and the ratio to a baseline measured in the same process (``json.dumps`` of
the report's JSON form), so figures from different machines can be compared. ``--libreoffice`` also times
the alternative PDF route (LibreOffice converting the DOCX), one process per report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gongkai.model.report import Report  # noqa: E402
from gongkai.readers import read_report  # noqa: E402
from gongkai.renderers import FORMATS, render_report  # noqa: E402
from strategies import fixture_report, valid_report  # noqa: E402


def _inputs() -> list[Report]:
    """Fixed inputs: the reference example as read (with its narrative), four fixtures, two valid reports."""
    reference = read_report(ROOT / "tests/fixtures/reports/2019/2020-pinghu-emergency.txt").report
    names = [
        "2019-pingtan-crawled",
        "2019-shanghai-govoffice",
        "2022-pingtan-crawled",
        "2024-shanghai-stc-converted",
    ]
    return [reference, *(fixture_report(n) for n in names), valid_report("2019"), valid_report("2021")]


def _rate(fn: Callable[[Report], object], reports: list[Report], seconds: float) -> float:
    for r in reports:
        fn(r)  # warm caches (fonts, base package)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for r in reports:
            fn(r)
        done += len(reports)
    return done / (time.perf_counter() - start)


def _libreoffice_rate(report: Report, runs: int = 3) -> float | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.docx"
        src.write_bytes(render_report(report, "docx"))
        profile = f"-env:UserInstallation=file://{tmp}/p"
        cmd = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)]
        subprocess.run(cmd, check=True, capture_output=True)  # first start creates the profile
        start = time.perf_counter()
        for _ in range(runs):
            subprocess.run(cmd, check=True, capture_output=True)
        return runs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--libreoffice", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    reports = _inputs()
    baseline = _rate(lambda r: json.dumps(r.to_json_dict(), ensure_ascii=False), reports, args.seconds)
    print(f"{'format':<8}{'reports/s':>12}{'× baseline':>14}")
    print(f"{'json':<8}{baseline:>12.1f}{1.0:>14.4f}   (baseline: json.dumps of the JSON form)")
    for fmt in FORMATS:
        rate = _rate(lambda r, f=fmt: render_report(r, f), reports, args.seconds)  # type: ignore[misc]
        print(f"{fmt:<8}{rate:>12.1f}{rate / baseline:>14.4f}")
    if args.libreoffice:
        lo = _libreoffice_rate(reports[0])
        print("pdf via LibreOffice:", "soffice not installed" if lo is None else f"{lo:.2f} reports/s")


if __name__ == "__main__":
    main()
