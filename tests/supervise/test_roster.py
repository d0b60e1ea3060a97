"""The roster: missing, on time, late by N calendar days, undated, not yet due."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongkai
from gongkai.clock import report_deadline
from gongkai.supervise import ExpectedAgency, ReceivedReport, RosterStatus, check_roster

D = dt.date
AGENCIES = [
    ExpectedAgency("g", "某市人民政府", "government"),
    ExpectedAgency("f", "某市财政局", "department"),
    ExpectedAgency("e", "某市教育局", "department"),
    ExpectedAgency("t", "某镇人民政府", "township"),
    ExpectedAgency("h", "某市卫生健康委员会", "department"),
]


def test_each_agency_gets_its_status() -> None:
    received = [
        ReceivedReport("g", D(2025, 3, 31)),  # the government's deadline day: on time
        ReceivedReport("f", D(2025, 2, 3)),  # 3 days after 31 January
        ReceivedReport("t", None),
        ReceivedReport("x", D(2025, 1, 2)),  # not on the roster
        ReceivedReport("h", D(2025, 1, 20)),
    ]
    roster = check_roster(2024, AGENCIES, received)
    got = {e.agency.id: (e.status, e.days_late, e.deadline) for e in roster.entries}
    assert got == {
        "g": (RosterStatus.ON_TIME, 0, D(2025, 3, 31)),
        "f": (RosterStatus.LATE, 3, D(2025, 1, 31)),
        "e": (RosterStatus.MISSING, 0, D(2025, 1, 31)),
        "t": (RosterStatus.UNDATED, 0, D(2025, 1, 31)),
        "h": (RosterStatus.ON_TIME, 0, D(2025, 1, 31)),
    }
    assert [e.agency.id for e in roster.entries] == ["g", "f", "e", "t", "h"]
    assert roster.unexpected == ("x",)
    assert roster.counts()[RosterStatus.ON_TIME] == 2


def test_lateness_is_in_calendar_days_across_a_holiday() -> None:
    # 31 January 2025 → 10 February 2025 spans the Spring Festival: 10 calendar days, whatever the workdays
    [entry] = check_roster(2024, AGENCIES[1:2], [ReceivedReport("f", D(2025, 2, 10))]).entries
    assert (entry.status, entry.days_late) == (RosterStatus.LATE, 10)


def test_the_earliest_dated_version_counts() -> None:
    received = [
        ReceivedReport("f", D(2025, 3, 1)),
        ReceivedReport("f", None),
        ReceivedReport("f", D(2025, 1, 30)),
    ]
    [entry] = check_roster(2024, AGENCIES[1:2], received).entries
    assert (entry.status, entry.published) == (RosterStatus.ON_TIME, D(2025, 1, 30))


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2025, 1, 31), RosterStatus.NOT_YET_DUE),
        (D(2025, 2, 1), RosterStatus.MISSING),
        (None, RosterStatus.MISSING),
    ],
)
def test_missing_only_after_the_deadline(today: dt.date | None, status: RosterStatus) -> None:
    [entry] = check_roster(2024, AGENCIES[2:3], [], today=today).entries
    assert entry.status is status


def test_a_regions_own_deadlines() -> None:
    from gongkai.clock import AgencyKind

    local = {**gongkai.clock.DEFAULT_DEADLINES, AgencyKind.TOWNSHIP: (2, 28)}
    [entry] = check_roster(
        2024, AGENCIES[3:4], [ReceivedReport("t", D(2025, 2, 20))], deadlines=local
    ).entries
    assert (entry.deadline, entry.status) == (D(2025, 2, 28), RosterStatus.ON_TIME)


@settings(deadline=None)  # a shared machine: no per-example time limit
@given(st.dates(D(2024, 1, 1), D(2026, 12, 31)), st.sampled_from(["government", "department", "township"]))
def test_late_by_exactly_the_days_past_the_deadline(published: dt.date, kind: str) -> None:
    agency = ExpectedAgency("a", "某机关", kind)
    [entry] = gongkai.supervise.check_roster(
        2024, [agency], [gongkai.supervise.ReceivedReport("a", published)]
    ).entries
    deadline = report_deadline(2024, kind)
    assert entry.deadline == deadline
    assert entry.days_late == max((published - deadline).days, 0)
    assert (entry.status is RosterStatus.LATE) == (published > deadline)
