"""The roster of a region for a year (``spec/supervision.md`` §1): which agencies must publish an annual
report, by when, and whether they did — :func:`gongkai.supervise.check_roster` on the reports received.

Who is expected and the deadline come from the nearest :class:`DeadlineRule` at or above the agency for its
kind; without one, Art. 49: governments by 31 March, departments by 31 January
(:func:`gongkai.clock.report_deadline`), townships and other bodies not expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from gongkai.clock import DEFAULT_DEADLINES, AgencyKind, report_deadline
from gongkai.supervise import ExpectedAgency, ReceivedReport, RosterStatus, check_roster
from gongkai_web.agencies.models import Agency, DeadlineRule
from gongkai_web.agencies.register import tree_order

# the kinds expected without a rule (Art. 47–49: departments at or above county level and governments)
EXPECTED_BY_DEFAULT = frozenset({AgencyKind.GOVERNMENT, AgencyKind.DEPARTMENT})
STATUS_LABELS = {
    RosterStatus.ON_TIME: "按时",
    RosterStatus.LATE: "逾期",
    RosterStatus.MISSING: "未报送",
    RosterStatus.NOT_YET_DUE: "未到期",
    RosterStatus.UNDATED: "已报送（发布日期不详）",
}


@dataclass(frozen=True)
class Rule:
    """What applies to one agency: expected or not, the (month, day) of the following year, and where it
    came from (the region whose rule it is; None: Art. 49)."""

    expected: bool
    month_day: tuple[int, int]
    source: Agency | None


@dataclass(frozen=True)
class Line:
    agency: Agency
    rule: Rule
    deadline: dt.date
    status: RosterStatus
    published: dt.date | None
    days_late: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def rules_for(agencies: Iterable[Agency]) -> dict[int, Rule]:
    """Each agency's rule: the nearest region's rule for its kind (the agency itself counts as its region)."""
    agencies = list(agencies)
    ancestor_ids = {int(p) for a in agencies for p in a.path.strip("/").split("/") if p}
    rules = {
        (r.region_id, r.kind): r
        for r in DeadlineRule.objects.filter(region_id__in=ancestor_ids).select_related("region")
    }
    out = {}
    for a in agencies:
        chain = [int(p) for p in a.path.strip("/").split("/") if p]
        found = next((rules[(pk, a.kind)] for pk in reversed(chain) if (pk, a.kind) in rules), None)
        kind = AgencyKind(a.kind)
        if found is None:
            out[a.pk] = Rule(kind in EXPECTED_BY_DEFAULT, DEFAULT_DEADLINES[kind], None)
        else:
            out[a.pk] = Rule(found.expected, (found.month, found.day), found.region)
    return out


def received_reports(agencies: Iterable[Agency], year: int) -> list[ReceivedReport]:
    """The reports of ``year`` the office has received from ``agencies``: the one place that says so.

    Two sources, each agency's reports from both: its own published report versions
    (``reports.ReportVersion``, dated by publication), and the reports the supervisors collected by batch
    intake (``supervision.CollectedReport``, dated by the publication date read from the report or corrected
    by hand; undated when neither is known). :func:`gongkai.supervise.check_roster` takes the earliest
    date of an agency's reports."""
    # the reports and supervision apps build on this one: imported here, not at the top
    from gongkai_web.reports.models import ReportVersion
    from gongkai_web.supervision.models import CollectedReport

    ids = [a.pk for a in agencies]
    rows = ReportVersion.objects.filter(agency_id__in=ids, year=year, published_at__isnull=False).values_list(
        "agency_id", "published_at"
    )
    own = [ReceivedReport(str(agency_id), timezone.localdate(at)) for agency_id, at in rows]
    collected = CollectedReport.objects.filter(agency_id__in=ids, year=year, version_count__gt=0).values_list(
        "agency_id", "published_on"
    )
    return own + [ReceivedReport(str(agency_id), on) for agency_id, on in collected]


def roster(region: Agency, year: int, *, today: dt.date | None = None) -> list[Line]:
    """The expected agencies of ``region`` (itself and everything below), in tree order, with status."""
    agencies = tree_order(Agency.objects.filter(path__startswith=region.path).select_related("parent"))
    rules = rules_for(agencies)
    expected = [a for a in agencies if rules[a.pk].expected]
    received = received_reports(expected, year)
    by_id = {str(a.pk): a for a in expected}
    # check_roster takes one deadline table: one call per distinct (kind, date)
    groups: dict[tuple[str, tuple[int, int]], list[Agency]] = {}
    for a in expected:
        groups.setdefault((a.kind, rules[a.pk].month_day), []).append(a)
    lines: dict[int, Line] = {}
    for (kind, month_day), members in groups.items():
        ids = {str(a.pk) for a in members}
        table = {**DEFAULT_DEADLINES, AgencyKind(kind): month_day}
        result = check_roster(
            year,
            [ExpectedAgency(str(a.pk), a.name, a.kind) for a in members],
            [r for r in received if r.agency_id in ids],
            deadlines=table,
            today=today or timezone.localdate(),
        )
        for e in result.entries:
            agency = by_id[e.agency.id]
            lines[agency.pk] = Line(agency, rules[agency.pk], e.deadline, e.status, e.published, e.days_late)
    return [lines[a.pk] for a in expected]


def counts(lines: Iterable[Line]) -> dict[str, int]:
    lines = list(lines)
    return {s.value: sum(line.status is s for line in lines) for s in RosterStatus} | {"total": len(lines)}


def default_deadline(year: int, kind: str) -> dt.date:
    return report_deadline(year, kind)
