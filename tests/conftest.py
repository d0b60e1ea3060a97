from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPORTS = FIXTURES / "reports"


@pytest.fixture
def reports_dir() -> Path:
    return REPORTS
