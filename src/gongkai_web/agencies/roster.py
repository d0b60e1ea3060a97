"""The roster of a region for a year (``spec/supervision.md`` §1): which agencies must publish an annual
report, by when, and whether they did — :func:`gongkai.supervise.check_roster` on the reports received.

Who is expected and the deadline come from the nearest :class:`DeadlineRule` at or above the agency for its
kind; without one, Art. 49: governments by 31 March, departments by 31 January
(:func:`gongkai.clock.report_deadline`), townships and other bodies not expected. That rule has one
definition, :func:`rule_cases`: SQL ``CASE`` expressions built from the applicable rules (nearest first) and
the Art. 49 table, which :func:`rules_for` evaluates for a list of agencies and :func:`roster_queryset`
inlines in the query of a whole region.

:func:`roster_queryset` is the roster in SQL — deadline, received, earliest publication date, status and days
late as annotations of one query — for pages that filter, sort, count and page thousands of agencies in the
database (the compliance dashboard). :func:`roster` is the same roster as Python objects through
:func:`gongkai.supervise.check_roster` (the core's roster check, for the roster page and a single report's
page); a test holds the two equal on varied data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncDate
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
    rows = Agency.objects.filter(path__under=region.path).values_list(
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


def applicable_rules(agencies: Iterable[Agency | Member]) -> list[DeadlineRule]:
    """The rules that may apply to ``agencies``: those of every agency's chain (the rules in the subtrees of
    the topmost agencies, and above them), nearest first — a deeper region has a longer path. One query
    whatever the number of agencies (a region has thousands)."""
    agencies = list(agencies)
    if not agencies:
        return []
    chains = {a.pk: [int(p) for p in a.path.strip("/").split("/") if p] for a in agencies}
    ids = set(chains)
    tops = [a for a in agencies if not (set(chains[a.pk][:-1]) & ids)]
    where = Q(region_id__in={pk for a in tops for pk in chains[a.pk]})
    for a in tops:
        where |= Q(region__path__under=a.path)
    rules = DeadlineRule.objects.filter(where).select_related("region")
    return sorted(rules, key=lambda r: (-len(r.region.path), r.region.path, r.kind))


def rule_cases(rules: Iterable[DeadlineRule], year: int | None = None) -> dict[str, Case]:
    """The one definition of "the rule that applies to an agency", as SQL over the agency's columns ``kind``
    and ``path``: the first of ``rules`` (nearest first, :func:`applicable_rules`) for the agency's kind at or
    above it, else Art. 49 for its kind. ``expected``, ``month``, ``day`` and ``source`` (the rule's region
    id; NULL: Art. 49); with ``year``, also the ``deadline`` of that year's report (a date constant per
    branch: no date arithmetic per row)."""
    rules = list(rules)
    matches = [Q(kind=r.kind, path__under=r.region.path) for r in rules]
    kinds = [Q(kind=k.value) for k in AgencyKind]

    def case(from_rule: Any, from_law: Any, output: Any) -> Case:
        whens = [When(m, then=Value(from_rule(r))) for m, r in zip(matches, rules, strict=True)]
        whens += [When(q, then=Value(from_law(k))) for q, k in zip(kinds, AgencyKind, strict=True)]
        return Case(*whens, default=Value(None), output_field=output)

    return {
        "expected": case(lambda r: r.expected, lambda k: k in EXPECTED_BY_DEFAULT, BooleanField()),
        "month": case(lambda r: r.month, lambda k: DEFAULT_DEADLINES[k][0], IntegerField()),
        "day": case(lambda r: r.day, lambda k: DEFAULT_DEADLINES[k][1], IntegerField()),
        "source": case(lambda r: r.region_id, lambda k: None, IntegerField()),
    } | (
        {}
        if year is None
        else {
            "deadline": case(
                lambda r: report_deadline(year, r.kind, {AgencyKind(r.kind): (r.month, r.day)}),
                lambda k: report_deadline(year, k),
                DateField(),
            )
        }
    )


def rules_for(agencies: Iterable[Agency | Member]) -> dict[int, Rule]:
    """Each agency's rule: the nearest region's rule for its kind (the agency itself counts as its region),
    evaluated by the database from :func:`rule_cases`."""
    agencies = list(agencies)
    if not agencies:
        return {}
    rules = applicable_rules(agencies)
    regions = {r.region_id: r.region for r in rules}
    cases = rule_cases(rules)
    rows = (
        Agency.objects.filter(pk__in=[a.pk for a in agencies])
        .annotate(**{f"rule_{k}": v for k, v in cases.items()})
        .values_list("pk", "rule_expected", "rule_month", "rule_day", "rule_source")
    )
    return {
        pk: Rule(bool(expected), (month, day), regions.get(source))
        for pk, expected, month, day, source in rows
    }


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
    return _received(year, {"agency__path__under": region.path})


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


class DaysBetween(Func):
    """``later`` − ``earlier`` in days (two date expressions)."""

    output_field = IntegerField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # PostgreSQL: date − date
        return self.as_sql_template(compiler, "(%s - %s)")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql_template(compiler, "CAST(julianday(%s) - julianday(%s) AS INTEGER)")

    def as_sql_template(self, compiler: Any, template: str) -> Any:
        later, earlier = (compiler.compile(e) for e in self.get_source_expressions())
        return template % (later[0], earlier[0]), [*later[1], *earlier[1]]


#: the collected report of the roster's year joined to each agency (see :func:`roster_queryset`)
COLLECTED = "collected"


def roster_queryset(region: Agency, year: int, *, today: dt.date | None = None) -> QuerySet[Agency]:
    """:func:`roster` in SQL: the expected agencies of ``region`` (itself and everything below), each
    annotated with ``deadline``, ``received``, ``published`` (the earliest known date of its reports of
    ``year``), ``status`` (a :class:`RosterStatus` value), ``days_late`` and the rule's ``rule_source``, and
    joined to its collected report of the year as ``collected`` (received ones only:
    ``collected__latest__errors``…).

    What counts as received is :func:`received_reports`: the agency's published report versions, and its
    collected report when it has a version; the earliest date wins, and a report without a date makes the
    agency ``undated`` only when no report has one."""
    from gongkai_web.reports.models import ReportVersion

    today = today or timezone.localdate()
    cases = rule_cases(applicable_rules([region]), year)
    published_own = ReportVersion.objects.filter(year=year, published_at__isnull=False)
    earliest_own = (
        published_own.filter(agency=OuterRef("pk"))
        .annotate(on=TruncDate("published_at"))
        .order_by("on")
        .values("on")[:1]
    )
    # the earliest own date, looked up only for the agencies that have one: the status refers to it several
    # times, and a set of ids (one uncorrelated subquery: the database builds it once and hashes it) is far
    # cheaper per agency than a lookup each time
    own = Case(
        When(pk__in=published_own.values("agency_id"), then=Subquery(earliest_own)),
        default=Value(None),
        output_field=DateField(),
    )
    collected_on = F(f"{COLLECTED}__published_on")
    earliest = Least(Coalesce("own_published", collected_on), Coalesce(collected_on, "own_published"))
    late = Q(published__gt=F("deadline"))
    return (
        Agency.objects.filter(path__under=region.path)
        .annotate(
            **{
                COLLECTED: FilteredRelation(
                    "collected_reports",
                    condition=Q(collected_reports__year=year, collected_reports__version_count__gt=0),
                )
            }
        )
        .alias(rule_expected=cases["expected"])
        .filter(rule_expected=True)
        .annotate(
            rule_source=cases["source"],
            deadline=cases["deadline"],
            own_published=own,
            received=ExpressionWrapper(
                Q(own_published__isnull=False) | Q(**{f"{COLLECTED}__pk__isnull": False}),
                output_field=BooleanField(),
            ),
            published=earliest,
            status=Case(
                When(Q(received=False, deadline__gte=today), then=Value(RosterStatus.NOT_YET_DUE.value)),
                When(received=False, then=Value(RosterStatus.MISSING.value)),
                When(published__isnull=True, then=Value(RosterStatus.UNDATED.value)),
                When(late, then=Value(RosterStatus.LATE.value)),
                default=Value(RosterStatus.ON_TIME.value),
                output_field=CharField(),
            ),
            days_late=Case(
                When(late, then=DaysBetween("published", "deadline")),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
    )


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
