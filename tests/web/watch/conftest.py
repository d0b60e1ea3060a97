"""A recorded region for the watch tests: 平潭 and its departments, each agency's 年报 column a recorded site
of one CMS family (served on loopback), the real internet refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gongkai_web.agencies.models import Agency, Role, User
from no_internet import no_internet  # noqa: F401  (a fixture)
from recorded_sites import Published, Site, build, missing_site, serve
from web.factories import AgencyFactory, UserFactory

CITY = "平潭综合实验区管理委员会"
FINANCE = "平潭综合实验区财政金融局"
SOCIAL = "平潭综合实验区社会事业局"
TRANSPORT = "平潭综合实验区交通与建设局"
EDUCATION = "平潭综合实验区教育局"
HEALTH = "平潭综合实验区卫生健康局"


@pytest.fixture
def sites(no_internet: list[Any]) -> Iterator[dict[str, Site]]:  # noqa: F811
    built = {
        CITY: build("trs", Published(CITY, where="page", index=0, published="2025-03-20")),
        FINANCE: build("hanweb", Published(FINANCE, where="both", index=1)),
        SOCIAL: build("gkmlpt", Published(SOCIAL, where="both", differ=True, index=2)),
        TRANSPORT: build("links", Published(TRANSPORT, where="page", index=3, published="2025-02-15")),
        EDUCATION: missing_site(),
        # the health bureau's column carries a report the finance bureau signed: it must wait for a person
        HEALTH: build("trs", Published(FINANCE, where="attachment", index=5, published="2025-01-10")),
    }
    with serve(list(built.values())):
        yield built
    assert no_internet == []  # nothing tried to leave the machine


@pytest.fixture
def region(db: None, sites: dict[str, Site]) -> dict[str, Agency]:
    city = AgencyFactory(
        name=CITY,
        short_name="平潭实验区管委会",
        code="PT00",
        kind="government",
        report_url=sites[CITY].column_url,
    )
    out = {CITY: city}
    for n, name in enumerate([FINANCE, SOCIAL, TRANSPORT, EDUCATION, HEALTH], start=1):
        out[name] = AgencyFactory(name=name, code=f"PT0{n}", parent=city, report_url=sites[name].column_url)
    AgencyFactory(name="平潭综合实验区档案馆", code="PT09", parent=city)  # no column in the register
    return out


@pytest.fixture
def chief(region: dict[str, Agency]) -> User:
    return UserFactory(username="chief", agency=region[CITY], role=Role.SUPERVISOR)
