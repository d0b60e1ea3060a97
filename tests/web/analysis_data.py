"""Collected reports for the analysis tests: 平潭 (its real 2023 and 2024 reports), 上海市科学技术委员会
(its real 2024 report, filed under a department of the region for the test) and a small department whose
hand-made 2024 report has too few applications to be ranked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai import check_report, read_report, report_from_dict
from gongkai.model.report import new_report
from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import CollectedReport, CollectedVersion
from gongkai_web.supervision.services.processing import count_findings

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "2021"


def real(name: str) -> dict[str, Any]:
    return read_report(REPORTS / name).report.to_json_dict()


def small_report() -> dict[str, Any]:
    """2024: 本年新收 5 (all 自然人), 予以公开 5, everything else 0 (every rate's denominator is 5 or 0)."""
    report = new_report("2021")
    report.agency, report.year = "平潭综合实验区社会事业局", 2024
    for path, _ in report.iter_cells():
        if path.startswith(("requests.", "appeals.")) and not path.startswith("requests.other."):
            report.set(path, 0)
    for path in ("received", "granted", "total_handled"):
        report.set(f"requests.{path}.natural_person", 5)
        report.set(f"requests.{path}.total", 5)
    return report.to_json_dict()


def file(agency: Agency, year: int, data: dict[str, Any], number: int = 1) -> CollectedVersion:
    report, _ = CollectedReport.objects.get_or_create(agency=agency, year=year)
    found = check_report(report_from_dict(data))  # what the filing service keeps with a version
    counts = count_findings(found)
    return CollectedVersion.objects.create(
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        checks=[f.to_dict() for f in found],
        report=report,
        number=number,
        content_hash=f"{agency.code}-{year}-{number}",
        template=data["template"],
        data=json.loads(json.dumps(data)),
        source_name=f"{year}.json",
    )
