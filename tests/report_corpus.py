"""Many report files of mixed formats for the queue tests and ``bench/supervision.py``: the hand-checked
fixture reports (``*.expected.json``) with varied numbers and agency names, rendered by
:func:`gongkai.render_report` into every format the renderers write, plus the real fixture files.

The numbers vary together so every sum the checker verifies still holds: ``k`` more requests received from
natural persons, all granted and handled; ``j`` more licensing decisions. File ``i`` is the same on every
run (its variation comes from ``i``)."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gongkai

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
FORMATS = ("docx", "xlsx", "pdf", "html", "txt", "md")
_SUFFIX = {"txt": "txt", "md": "md"}


def base_reports() -> list[dict[str, Any]]:
    """The hand-checked reports that have 表三 (the variation adds requests)."""
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REPORTS.rglob("*.expected.json"))]
    return [r for r in reports if r.get("requests", {}).get("received")]


def real_files() -> list[tuple[str, bytes]]:
    return [
        (p.name, p.read_bytes())
        for p in sorted(REPORTS.rglob("*"))
        if p.suffix in (".txt", ".html", ".pdf") and p.is_file()
    ]


def vary(data: dict[str, Any], i: int, agency: str) -> gongkai.Report:
    keys = ("schema", "template", "agency", "year", "title", "sections", "proactive", "requests", "appeals")
    d = copy.deepcopy({k: v for k, v in data.items() if k in keys})
    d["agency"], d["title"] = agency, None
    k = 1 + i % 97
    for row in ("received", "granted", "total_handled"):
        cells = d["requests"][row]
        cells["natural_person"] = (cells.get("natural_person") or 0) + k
        cells["total"] = (cells.get("total") or 0) + k
    licensing = d.get("proactive", {}).get("licensing")
    if licensing is not None:
        licensing["decisions"] = (licensing.get("decisions") or 0) + i
    return gongkai.report_from_dict(d)


def make_files(
    n: int, agencies: Sequence[str], *, formats: Sequence[str] = FORMATS, with_real: bool = True
) -> list[tuple[str, bytes]]:
    """``n`` files: the real fixtures first (when ``with_real``), then rendered variations."""
    files = real_files()[:n] if with_real else []
    bases = base_reports()
    i = 0
    while len(files) < n:
        base = bases[i % len(bases)]
        fmt = formats[i % len(formats)]
        agency = agencies[i % len(agencies)]
        report = vary(base, i, agency)
        files.append(
            (f"{i:05d}-{report.year}-{fmt}.{_SUFFIX.get(fmt, fmt)}", gongkai.render_report(report, fmt))
        )
        i += 1
    return files
