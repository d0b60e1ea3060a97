"""A region for the 整改 tests: 平潭综合实验区管理委员会 with two departments, its supervisor, a handler in each
department, a second region (洪泽区) with its own supervisor, and 社会事业局's real 2021 report collected."""

from __future__ import annotations

import pytest
from rectify_data import SOCIAL_2021, collect

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.supervision.models import CollectedReport
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


@pytest.fixture
def social_user(region: dict[str, Agency]) -> User:
    """A handler of 社会事业局 (the agency whose report has problems)."""
    return UserFactory(username="social", agency=region["social"], role=Role.HANDLER)


@pytest.fixture
def finance_user(region: dict[str, Agency]) -> User:
    """A handler of another agency of the same region."""
    return UserFactory(username="finance", agency=region["finance"], role=Role.HANDLER)


@pytest.fixture
def social_report(chief: User, region: dict[str, Agency]) -> CollectedReport:
    collect(chief, SOCIAL_2021)
    return CollectedReport.objects.get(agency=region["social"], year=2021)
