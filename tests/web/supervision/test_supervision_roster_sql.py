"""The roster in SQL (``roster.roster_queryset``, which the compliance dashboard pages and counts) equals the
roster in Python (``roster.roster``: ``gongkai.supervise.check_roster`` on the reports received) on varied
data: rules per region and per kind overriding each other and Art. 49, agencies not expected, reports on
time, late, undated, missing and not yet due, the agency's own published report beside a collected one, a
collected report without a version, both templates. Run on SQLite and on PostgreSQL
(``GONGKAI_TEST_DATABASE_URL``): the date arithmetic differs between them."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.model.report import new_report
from gongkai_web.agencies import roster as rst
from gongkai_web.agencies.models import Agency, DeadlineRule
from gongkai_web.supervision.models import CollectedReport, CollectedVersion, PublishedHow
from gongkai_web.supervision.services import dashboard as dash
from web.factories import AgencyFactory
from web.register_data import published_report

pytestmark = pytest.mark.django_db
YEAR = 2024


def _collected(agency: Agency, on: dt.date | None, *, versions: int = 1, template: str = "2021") -> None:
    report = CollectedReport.objects.create(
        agency=agency,
        year=YEAR,
        published_on=on,
        published_how=PublishedHow.REPORT if on else PublishedHow.UNKNOWN,
    )
    latest = None
    for number in range(1, versions + 1):
        latest = CollectedVersion.objects.create(
            report=report,
            number=number,
            content_hash=f"{report.pk:032d}{number:032d}",
            template=template,
            data=new_report(template).to_json_dict(),
            errors=number % 3,
            warnings=agency.pk % 4,
            template_ok=template == "2021",
            rule_counts={"T303": number % 3} if number % 3 else {},
            source_name="r.txt",
        )
    CollectedReport.objects.filter(pk=report.pk).update(latest=latest, version_count=versions)


@pytest.fixture
def city() -> Agency:
    """A city with its departments, two counties (one with its own rules) with departments, townships and
    another body, and reports of every kind spread over them."""
    city = AgencyFactory(name="测试市人民政府", code="C000", kind="government")
    east = AgencyFactory(name="东县人民政府", code="C100", kind="government", parent=city)
    west = AgencyFactory(name="西县人民政府", code="C200", kind="government", parent=city)
    # the city: departments by 10 January, townships expected by 28 February; the east county: its
    # departments by 20 January (nearer: it wins), its townships not expected, its other bodies expected
    DeadlineRule.objects.create(region=city, kind="department", month=1, day=10)
    DeadlineRule.objects.create(region=city, kind="township", month=2, day=28)
    DeadlineRule.objects.create(region=east, kind="department", month=1, day=20)
    DeadlineRule.objects.create(region=east, kind="township", expected=False, month=1, day=31)
    DeadlineRule.objects.create(region=east, kind="other", month=3, day=1)
    agencies = [city, east, west]
    for parent in (city, east, west):
        for i in range(8):
            agencies.append(
                AgencyFactory(name=f"{parent.name[:2]}第{i}局", code=f"{parent.code}D{i}", parent=parent)
            )
        if parent is not city:
            for i in range(3):
                agencies.append(
                    AgencyFactory(
                        name=f"{parent.name[:2]}第{i}镇",
                        code=f"{parent.code}T{i}",
                        kind="township",
                        parent=parent,
                    )
                )
            agencies.append(
                AgencyFactory(
                    name=f"{parent.name[:2]}某中心", code=f"{parent.code}O", kind="other", parent=parent
                )
            )
    deadline = dt.date(YEAR + 1, 1, 20)
    for n, agency in enumerate(agencies):
        match n % 9:
            case 0:
                pass  # nothing received
            case 1:
                _collected(agency, deadline - dt.timedelta(days=15))
            case 2:
                _collected(agency, deadline + dt.timedelta(days=n), versions=2)
            case 3:
                _collected(agency, None, template="2019")  # received, no date
            case 4:
                published_report(agency, YEAR, deadline + dt.timedelta(days=3))
            case 5:  # both: the earlier date counts
                published_report(agency, YEAR, deadline + dt.timedelta(days=30))
                _collected(agency, deadline - dt.timedelta(days=12), template="2019")
            case 6:  # an undated collected report beside a dated own one: the date counts
                published_report(agency, YEAR, deadline + dt.timedelta(days=40))
                _collected(agency, None)
            case 7:  # a collected report without a version is not received; another year's report neither
                CollectedReport.objects.create(agency=agency, year=YEAR, published_on=deadline)
                published_report(agency, YEAR - 1, deadline)
            case 8:
                _collected(agency, deadline + dt.timedelta(days=45), versions=3)
    return city


@pytest.mark.parametrize("today", [dt.date(2025, 1, 15), dt.date(2025, 2, 20), dt.date(2025, 6, 1)])
def test_the_sql_roster_equals_the_python_roster(city: Agency, today: dt.date) -> None:
    lines = rst.roster(city, YEAR, today=today)
    python = {
        line.agency.pk: (
            str(line.status),
            line.deadline,
            line.published,
            line.days_late,
            line.rule.source.pk if line.rule.source else None,
        )
        for line in lines
    }
    rows = rst.roster_queryset(city, YEAR, today=today).values_list(
        "pk", "status", "deadline", "published", "days_late", "rule_source"
    )
    sql = {
        pk: (status, deadline, published, late, source)
        for pk, status, deadline, published, late, source in rows
    }
    assert sql == python
    # the data is varied enough to mean something: every status, several deadlines, rules and Art. 49
    statuses = {v[0] for v in python.values()}
    assert {"on_time", "late", "undated"} <= statuses and statuses & {"missing", "not_yet_due"}
    assert len({v[1] for v in python.values()}) >= 4 and None in {v[4] for v in python.values()}
    # the dashboard's counts are the roster's
    counts, shown = dash.counts(dash.roster_rows(city, YEAR, today=today), dash.Filters())
    assert {k: counts[k] for k in (*(s.value for s in rst.RosterStatus), "total")} == rst.counts(lines)
    assert shown == counts


def test_rules_for_matches_the_roster_rules(city: Agency) -> None:
    """Who is expected: the east county's townships are not (its rule), the west's are (the city's rule);
    the east's other body is (its rule), the west's is not (Art. 49)."""
    expected = {line.agency.code for line in rst.roster(city, YEAR, today=dt.date(2025, 6, 1))}
    assert "C100T0" not in expected and "C200T0" in expected
    assert "C100O" in expected and "C200O" not in expected
    rules = rst.rules_for(Agency.objects.all())
    by_code = {a.code: rules[a.pk] for a in Agency.objects.all()}
    assert by_code["C100D0"].month_day == (1, 20) and by_code["C200D0"].month_day == (1, 10)
    assert by_code["C000"].month_day == (3, 31) and by_code["C000"].source is None
    assert by_code["C200T1"].source == city


def test_paging_sorting_and_filters_in_sql(city: Agency) -> None:
    rows = dash.roster_rows(city, YEAR, today=dt.date(2025, 6, 1))
    f = dash.Filters(sort="published", descending=True)
    everything = dash.page_rows(rows, f, 0, 1000)
    assert [r.pk for r in dash.page_rows(rows, f, 5, 10)] == [r.pk for r in everything[5:10]]
    dated = [r.published for r in everything if r.published]
    assert dated == sorted(dated, reverse=True) and all(r.published is None for r in everything[len(dated) :])
    late = dash.page_rows(rows, dash.Filters(late=True, sort="late"), 0, 1000)
    assert late and all(r.status is rst.RosterStatus.LATE for r in late)
    assert [r.days_late for r in late] == sorted(r.days_late for r in late)
    counts, shown = dash.counts(rows, dash.Filters(late=True))
    assert shown["total"] == len(late) == counts["late"]
    assert shown["errors"] == sum(r.errors for r in late)
    wrong = dash.page_rows(rows, dash.Filters(template_wrong=True), 0, 1000)
    assert wrong and all(r.template == "2019" and r.template_ok is False for r in wrong)
    totals = dash.rule_totals(rows, dash.Filters())
    every = dash.page_rows(rows, dash.Filters(), 0, 1000)
    assert totals == [
        ("T303", sum(r.rules.get("T303", 0) for r in every), sum("T303" in r.rules for r in every))
    ]
