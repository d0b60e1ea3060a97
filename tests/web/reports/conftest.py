"""Fixtures of the annual-report tests: the hand-built ledger of :mod:`report_ledger`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from report_ledger import build_ledger

from gongkai_web.agencies.models import Agency


@pytest.fixture
def ledger(agency: Agency) -> dict[str, Any]:
    return build_ledger(agency)


@pytest.fixture
def january() -> Iterator[None]:
    """20 January 2025 in Shanghai: the 2024 report is being written."""
    with time_machine.travel(dt.datetime(2025, 1, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield
