"""Art. 49: the annual report's deadline follows the kind of agency, not its name."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.clock import AgencyKind, report_deadline


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        ("government", dt.date(2025, 3, 31)),
        ("department", dt.date(2025, 1, 31)),
        (AgencyKind.TOWNSHIP, dt.date(2025, 1, 31)),
        (AgencyKind.OTHER, dt.date(2025, 1, 31)),
    ],
)
def test_deadline_by_kind(kind: str, due: dt.date) -> None:
    assert report_deadline(2024, kind) == due


def test_a_region_sets_its_own_dates_and_unknown_kinds_are_refused() -> None:
    local = {k: (1, 31) for k in AgencyKind} | {AgencyKind.TOWNSHIP: (2, 28)}
    assert report_deadline(2024, "township", local) == dt.date(2025, 2, 28)
    assert AgencyKind.GOVERNMENT.label_zh == "人民政府"
    with pytest.raises(ValueError):
        report_deadline(2024, "人民政府")
