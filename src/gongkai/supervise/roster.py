"""The roster (``spec/supervision.md`` §1, §3 item 1): which reports a supervisor expects for a year, which
are missing, and which came late and by how many days.

Lateness is counted in **calendar days** after the statutory date (Regulation Art. 49 sets a date, 31 January
or 31 March, not a number of working days): a report published on the deadline is on time, one published the
next day is 1 day late. Deadlines come from :func:`gongkai.clock.report_deadline` (a region passes its own
table as ``deadlines``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.clock.reporting import DEFAULT_DEADLINES, AgencyKind, report_deadline


class RosterStatus(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # no report received and the deadline has passed (or no ``today`` was given)
    NOT_YET_DUE = "not_yet_due"  # no report received, but ``today`` is on or before the deadline
    UNDATED = "undated"  # received, but no publication date known: neither on time nor late


@dataclass(frozen=True)
class ExpectedAgency:
    """An agency on the roster: the caller's id, its name and its kind (which sets the deadline)."""

    id: str
    name: str
    kind: AgencyKind | str


@dataclass(frozen=True)
class ReceivedReport:
    """A report received for the year: whose (``agency_id``) and when it was published (None: unknown)."""

    agency_id: str
    published: dt.date | None


@dataclass(frozen=True)
class RosterEntry:
    agency: ExpectedAgency
    deadline: dt.date
    status: RosterStatus
    published: dt.date | None = None
    days_late: int = 0  # calendar days after the deadline (LATE only)


@dataclass(frozen=True)
class Roster:
    """One entry per expected agency, in the order given; ``unexpected``: ids of received reports whose agency
    is not on the roster (never matched to one silently)."""

    year: int
    entries: tuple[RosterEntry, ...]
    unexpected: tuple[str, ...]

    def counts(self) -> dict[RosterStatus, int]:
        return {s: sum(e.status is s for e in self.entries) for s in RosterStatus}


def check_roster(
    year: int,
    expected: Iterable[ExpectedAgency],
    received: Iterable[ReceivedReport],
    *,
    deadlines: Mapping[AgencyKind, tuple[int, int]] = DEFAULT_DEADLINES,
    today: dt.date | None = None,
) -> Roster:
    """Each expected agency's report on ``year``: on time, late by N calendar days, undated, missing, or (with
    ``today``) not yet due. Of several reports of one agency (versions) the earliest dated one counts."""
    agencies = list(expected)
    known = {a.id for a in agencies}
    dates: dict[str, list[dt.date | None]] = {}
    for r in received:
        dates.setdefault(r.agency_id, []).append(r.published)
    entries = []
    for agency in agencies:
        deadline = report_deadline(year, agency.kind, deadlines)
        if agency.id not in dates:
            due = today is not None and today <= deadline
            entries.append(
                RosterEntry(agency, deadline, RosterStatus.NOT_YET_DUE if due else RosterStatus.MISSING)
            )
            continue
        known_dates = [d for d in dates[agency.id] if d is not None]
        if not known_dates:
            entries.append(RosterEntry(agency, deadline, RosterStatus.UNDATED))
            continue
        published = min(known_dates)
        late = (published - deadline).days
        status = RosterStatus.LATE if late > 0 else RosterStatus.ON_TIME
        entries.append(RosterEntry(agency, deadline, status, published, max(late, 0)))
    unexpected = tuple(sorted(k for k in dates if k not in known))
    return Roster(year, tuple(entries), unexpected)
