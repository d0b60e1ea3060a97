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

from django.db.models import Q
from django.utils import timezone

from gongkai.clock import DEFAULT_DEADLINES, AgencyKind, report_deadline
from gongkai.supervise import ExpectedAgency, ReceivedReport, RosterStatus, check_roster
from gongkai_web.agencies.models import Agency, DeadlineRule

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
class Member:
    """An agency on the roster as one row of one query: a region has thousands, and the roster and the
    compliance dashboard need these fields only (no model instance each)."""

    pk: int
    name: str
    code: str
    kind: str
    path: str
    parent_id: int | None
    parent_name: str

    @property
    def kind_label(self) -> str:
        return AgencyKind(self.kind).label_zh

    @property
    def chain(self) -> tuple[int, ...]:
        """The ids from the root down to this agency (its tree order)."""
        return tuple(int(p) for p in self.path.strip("/").split("/") if p)


def members(region: Agency) -> list[Member]:
    """``region`` and every agency below it, in tree order (parents first, siblings by id)."""
    rows = Agency.objects.filter(path__startswith=region.path).values_list(
        "pk", "name", "code", "kind", "path", "parent_id", "parent__name"
    )
    out = [
        Member(pk, name, code, kind, path, parent, parent_name or "")
        for pk, name, code, kind, path, parent, parent_name in rows
    ]
    return sorted(out, key=lambda m: m.chain)


@dataclass(frozen=True)
class Line:
    agency: Member
    rule: Rule
    deadline: dt.date
    status: RosterStatus
    published: dt.date | None
    days_late: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def rules_for(agencies: Iterable[Agency | Member]) -> dict[int, Rule]:
    """Each agency's rule: the nearest region's rule for its kind (the agency itself counts as its region)."""
    agencies = list(agencies)
    chains = {a.pk: [int(p) for p in a.path.strip("/").split("/") if p] for a in agencies}
    # the rules of every agency's chain: those in the subtrees of the topmost agencies, and above them (one
    # query whatever the number of agencies — a region has thousands)
    ids = set(chains)
    tops = [a for a in agencies if not (set(chains[a.pk][:-1]) & ids)]
    where = Q(region_id__in={pk for a in tops for pk in chains[a.pk]})
    for a in tops:
        where |= Q(region__path__startswith=a.path)
    rules = (
        {(r.region_id, r.kind): r for r in DeadlineRule.objects.filter(where).select_related("region")}
        if agencies
        else {}
    )
    out = {}
    for a in agencies:
        chain = chains[a.pk]
        found = next((rules[(pk, a.kind)] for pk in reversed(chain) if (pk, a.kind) in rules), None)
        kind = AgencyKind(a.kind)
        if found is None:
            out[a.pk] = Rule(kind in EXPECTED_BY_DEFAULT, DEFAULT_DEADLINES[kind], None)
        else:
            out[a.pk] = Rule(found.expected, (found.month, found.day), found.region)
    return out


def received_reports(agencies: Iterable[Agency | Member], year: int) -> list[ReceivedReport]:
    """The reports of ``year`` the office has received from ``agencies``: the one place that says so.

    Two sources, each agency's reports from both: its own published report versions
    (``reports.ReportVersion``, dated by publication), and the reports the supervisors collected by batch
    intake (``supervision.CollectedReport``, dated by the publication date read from the report or corrected
    by hand; undated when neither is known). :func:`gongkai.supervise.check_roster` takes the earliest
    date of an agency's reports."""
    return _received(year, {"agency_id__in": [a.pk for a in agencies]})


def received_in_region(region: Agency, year: int) -> list[ReceivedReport]:
    """:func:`received_reports` of ``region`` and every agency below it (by path: no list of ids)."""
    return _received(year, {"agency__path__startswith": region.path})


def _received(year: int, agencies: dict[str, object]) -> list[ReceivedReport]:
    # the reports and supervision apps build on this one: imported here, not at the top
    from gongkai_web.reports.models import ReportVersion
    from gongkai_web.supervision.models import CollectedReport

    rows = ReportVersion.objects.filter(**agencies, year=year, published_at__isnull=False).values_list(
        "agency_id", "published_at"
    )
    own = [ReceivedReport(str(agency_id), timezone.localdate(at)) for agency_id, at in rows]
    collected = CollectedReport.objects.filter(**agencies, year=year, version_count__gt=0).values_list(
        "agency_id", "published_on"
    )
    return own + [ReceivedReport(str(agency_id), on) for agency_id, on in collected]


def roster(region: Agency, year: int, *, today: dt.date | None = None) -> list[Line]:
    """The expected agencies of ``region`` (itself and everything below), in tree order, with status."""
    agencies = members(region)
    rules = rules_for(agencies)
    expected = [a for a in agencies if rules[a.pk].expected]
    wanted = {str(a.pk) for a in expected}
    received = [r for r in received_in_region(region, year) if r.agency_id in wanted]
    by_id = {str(a.pk): a for a in expected}
    # check_roster takes one deadline table: one call per distinct (kind, date)
    groups: dict[tuple[str, tuple[int, int]], list[Member]] = {}
    for a in expected:
        groups.setdefault((a.kind, rules[a.pk].month_day), []).append(a)
    lines: dict[int, Line] = {}
    for (kind, month_day), group in groups.items():
        ids = {str(a.pk) for a in group}
        table = {**DEFAULT_DEADLINES, AgencyKind(kind): month_day}
        result = check_roster(
            year,
            [ExpectedAgency(str(a.pk), a.name, a.kind) for a in group],
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
