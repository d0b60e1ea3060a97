from __future__ import annotations

import pytest

from no_internet import no_internet  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _offline(no_internet: list[object]) -> None:  # noqa: F811
    """Every fetch test runs with the real internet refused."""
