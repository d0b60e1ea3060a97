"""The fixture reports filed as collected versions, for the 汇总 tests (a module of its own: test modules
import it by name, which a ``conftest`` cannot be reliably)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai import check_report, report_from_dict
from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import CollectedReport, CollectedVersion

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
KEYS = ("schema", "template", "agency", "year", "title", "sections", "proactive", "requests", "appeals")


def fixture_data(name: str, year: int | None = None) -> dict[str, Any]:
    path = next(REPORTS.glob(f"*/{name}.expected.json"))
    data = {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k in KEYS}
    if year is not None:
        data["year"] = year
    return report_from_dict(data).to_json_dict()


def collect(agency: Agency, year: int, data: dict[str, Any], number: int = 1) -> CollectedVersion:
    report, _ = CollectedReport.objects.get_or_create(agency=agency, year=year)
    return CollectedVersion.objects.create(
        checks=[f.to_dict() for f in check_report(report_from_dict(data))],  # as the intake stores them
        report=report,
        number=number,
        content_hash=f"{agency.code}-{year}-{number}",
        template=data["template"],
        data=data,
        source_name=f"{agency.code}-{year}.html",
    )
