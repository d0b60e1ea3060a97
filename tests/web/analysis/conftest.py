"""A region with collected reports for the analysis pages (web/analysis_data.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.analysis import services
from web.analysis_data import file, real, small_report
from web.factories import AgencyFactory, UserFactory


@pytest.fixture
def area(db: None) -> dict[str, Agency]:
    city = AgencyFactory(name="平潭综合实验区管理委员会", code="PT00", kind="government")
    stc = AgencyFactory(name="平潭综合实验区科学技术局", code="PT01", parent=city)
    social = AgencyFactory(name="平潭综合实验区社会事业局", code="PT02", parent=city)
    other = AgencyFactory(name="洪泽区人民政府", code="HZ00", kind="government")
    file(city, 2023, real("2023-pingtan-crawled.txt"))
    file(city, 2024, real("2024-pingtan-crawled.txt"))
    file(stc, 2024, real("2024-shanghai-stc-converted.txt"))
    file(social, 2024, small_report())
    return {"city": city, "stc": stc, "social": social, "other": other}


@pytest.fixture
def chief(area: dict[str, Agency]) -> User:
    return UserFactory(username="chief", agency=area["city"], role=Role.SUPERVISOR)


@pytest.fixture(autouse=True)
def _fresh_regions() -> Iterator[None]:
    """A test's database may reuse the ids of the one before: start with no region's year remembered."""
    services._RECENT.clear()
    services._YEARS.clear()
    services._AGENCIES.clear()
    yield
    services._RECENT.clear()
    services._YEARS.clear()
    services._AGENCIES.clear()
