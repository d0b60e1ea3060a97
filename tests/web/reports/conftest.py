"""Fixtures of the annual-report tests: the hand-built ledger of :mod:`report_ledger`."""

from __future__ import annotations

from typing import Any

import pytest
from report_ledger import build_ledger

from gongkai_web.agencies.models import Agency


@pytest.fixture
def ledger(agency: Agency) -> dict[str, Any]:
    return build_ledger(agency)
