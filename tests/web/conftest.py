"""Web tests: pytest-django with ``gongkai_web.config.settings.test`` (SQLite in memory, or PostgreSQL when
``GONGKAI_TEST_DATABASE_URL`` is set). Time is frozen wherever a deadline is computed."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from gongkai_web.agencies.models import Agency, Role, User
from web.factories import AgencyFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2024, 10, 8)  # the Tuesday after the 2024 National Day holiday


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The rate limits count in Django's cache: every test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(dt.datetime(2024, 10, 8, 10, 0, tzinfo=SHANGHAI), tick=False) as t:
        yield t


@pytest.fixture
def agency(db: None) -> Agency:
    return AgencyFactory(name="测试市自然资源局", code="ZR01")


@pytest.fixture
def staff(agency: Agency) -> dict[str, User]:
    """One user per role in ``agency`` (admin without an agency)."""
    people = {
        role: UserFactory(username=role, agency=agency, role=role)
        for role in (Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.REVIEWER, Role.SUPERVISOR)
    }
    people[Role.ADMIN] = UserFactory(
        username="admin", agency=None, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    return people


@pytest.fixture
def registrar(staff: dict[str, User]) -> User:
    return staff[Role.REGISTRAR]


@pytest.fixture
def handler(staff: dict[str, User]) -> User:
    return staff[Role.HANDLER]


@pytest.fixture
def approver(staff: dict[str, User]) -> User:
    return staff[Role.APPROVER]


@pytest.fixture
def reviewer(staff: dict[str, User]) -> User:
    return staff[Role.REVIEWER]


@pytest.fixture
def supervisor(staff: dict[str, User]) -> User:
    return staff[Role.SUPERVISOR]


@pytest.fixture
def demo(live_server: Any) -> Any:
    """The demonstration government loaded behind the live server (for the browser tests: loaded before the
    browser starts, so no ORM call runs inside its event loop)."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server
