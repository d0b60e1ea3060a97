"""A city for the 汇总 tests: 测试市人民政府 with four departments (three with real fixture reports for 2024,
one of them in the superseded 2019 layout, one with none) and a county with its own department; a supervisor
there, and the supervisor of another region."""

from __future__ import annotations

from typing import Any

import pytest
from summaries_data import collect, fixture_data

from gongkai_web.agencies.models import Agency, Role, User
from web.factories import AgencyFactory, UserFactory


@pytest.fixture
def city(db: None, django_capture_on_commit_callbacks: Any) -> dict[str, Agency]:
    gov = AgencyFactory(name="测试市人民政府", code="CS00", kind="government")
    finance = AgencyFactory(name="测试市财政局", code="CS01", parent=gov)
    science = AgencyFactory(name="测试市科学技术局", code="CS02", parent=gov)
    education = AgencyFactory(name="测试市教育局", code="CS03", parent=gov)
    emergency = AgencyFactory(name="测试市应急管理局", code="CS04", parent=gov)
    county = AgencyFactory(name="某县人民政府", code="CS10", kind="government", parent=gov)
    county_finance = AgencyFactory(name="某县财政局", code="CS11", parent=county)
    other = AgencyFactory(name="洪泽区人民政府", code="HZ00", kind="government")
    with django_capture_on_commit_callbacks(execute=True):  # the cells and findings, written after filing
        collect(finance, 2024, fixture_data("2024-pingtan-crawled"))  # 一 218; （六）1–3: 1, 0, 2
        collect(science, 2024, fixture_data("2024-shanghai-stc-converted"))  # 一 34; （六）1–3: 10, 0, 4
        collect(emergency, 2024, fixture_data("2020-pinghu-emergency", 2024))  # the 2019 layout: 一 0
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
