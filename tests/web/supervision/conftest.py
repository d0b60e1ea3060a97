"""A region for the supervision tests: 平潭综合实验区管理委员会 with two departments (their real reports are
fixtures), a supervisor there, and a second region (洪泽区) with its own supervisor."""

from __future__ import annotations

import pytest

from gongkai_web.agencies.models import Agency, Role, User
from web.factories import AgencyFactory, UserFactory


@pytest.fixture
def region(db: None) -> dict[str, Agency]:
    city = AgencyFactory(
        name="平潭综合实验区管理委员会", short_name="平潭实验区管委会", code="PT00", kind="government"
    )
    finance = AgencyFactory(name="平潭综合实验区财政金融局", code="PT01", parent=city)
    social = AgencyFactory(name="平潭综合实验区社会事业局", code="PT02", parent=city)
    other = AgencyFactory(name="洪泽区人民政府", code="HZ00", kind="government")
    return {"city": city, "finance": finance, "social": social, "other": other}


@pytest.fixture
def chief(region: dict[str, Agency]) -> User:
    """The supervisor of the 平潭 region."""
    return UserFactory(username="chief", agency=region["city"], role=Role.SUPERVISOR)


@pytest.fixture
def outsider(region: dict[str, Agency]) -> User:
    """A supervisor of another region."""
    return UserFactory(username="outsider", agency=region["other"], role=Role.SUPERVISOR)
