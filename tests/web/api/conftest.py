"""A region with collected reports (web/analysis_data.py) and an API token for its supervisor."""

from __future__ import annotations

import pytest

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.api.models import ApiToken
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
    file(other, 2024, small_report())
    return {"city": city, "stc": stc, "social": social, "other": other}


@pytest.fixture
def chief(area: dict[str, Agency]) -> User:
    return UserFactory(username="chief", agency=area["city"], role=Role.SUPERVISOR)


@pytest.fixture
def token(chief: User) -> str:
    return ApiToken.issue(chief, "测试脚本")[1]
