"""A city for the 汇总 tests: 测试市人民政府 with four departments (three with real fixture reports for 2024,
one of them in the superseded 2019 layout, one with none) and a county with its own department; a supervisor
there, and the supervisor of another region."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai import report_from_dict
from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.supervision.models import CollectedReport, CollectedVersion
from web.factories import AgencyFactory, UserFactory

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
        report=report,
        number=number,
        content_hash=f"{agency.code}-{year}-{number}",
        template=data["template"],
        data=data,
        findings={},
        source_name=f"{agency.code}-{year}.html",
    )


@pytest.fixture
def city(db: None) -> dict[str, Agency]:
    gov = AgencyFactory(name="测试市人民政府", code="CS00", kind="government")
    finance = AgencyFactory(name="测试市财政局", code="CS01", parent=gov)
    science = AgencyFactory(name="测试市科学技术局", code="CS02", parent=gov)
    education = AgencyFactory(name="测试市教育局", code="CS03", parent=gov)
    emergency = AgencyFactory(name="测试市应急管理局", code="CS04", parent=gov)
    county = AgencyFactory(name="某县人民政府", code="CS10", kind="government", parent=gov)
    county_finance = AgencyFactory(name="某县财政局", code="CS11", parent=county)
    other = AgencyFactory(name="洪泽区人民政府", code="HZ00", kind="government")
    collect(finance, 2024, fixture_data("2024-pingtan-crawled"))  # 一 218; （六）1–3: 1, 0, 2
    collect(science, 2024, fixture_data("2024-shanghai-stc-converted"))  # 一 34; （六）1–3: 10, 0, 4
    collect(emergency, 2024, fixture_data("2020-pinghu-emergency", 2024))  # the 2019 layout: 一 0; （六） 0
    collect(county_finance, 2024, fixture_data("2024-pingtan-page-blank-orgs"))  # 一 218, orgs blank
    collect(other, 2024, fixture_data("2023-hongze-district", 2024))
    return {
        "gov": gov,
        "finance": finance,
        "science": science,
        "education": education,
        "emergency": emergency,
        "county": county,
        "county_finance": county_finance,
        "other": other,
    }


@pytest.fixture
def chief(city: dict[str, Agency]) -> User:
    return UserFactory(username="chief", agency=city["gov"], role=Role.SUPERVISOR)


@pytest.fixture
def outsider(city: dict[str, Agency]) -> User:
    return UserFactory(username="outsider", agency=city["other"], role=Role.SUPERVISOR)
