"""The roster of a region for a year: who is expected (Art. 49 defaults, township rules), by when (the nearest
rule wins), the status from published reports (``gongkai.supervise.check_roster``), and its Excel export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client

from gongkai_web.agencies import register as reg
from gongkai_web.agencies import roster as rst
from gongkai_web.agencies.models import Agency, AuditEntry, DeadlineRule, Role
from gongkai_web.reports.models import ReportVersion
from web.factories import UserFactory
from web.register_data import CITY, DONGHU, XILING, published_report, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> Agency:
    admin = UserFactory(agency=None, role=Role.ADMIN)
    assert reg.apply_import(admin, reg.read_rows(xlsx_bytes(), "r.xlsx"), None).ok
    return Agency.objects.get(code=CITY)


def published(name: str, year: int, on: dt.date, number: int = 1) -> ReportVersion:
    return published_report(Agency.objects.get(name=name), year, on, number)


def by_name(lines: list[rst.Line]) -> dict[str, rst.Line]:
    return {line.agency.name: line for line in lines}


def test_art_49_defaults_expect_governments_and_departments(city: Agency) -> None:
    lines = by_name(rst.roster(city, 2024, today=dt.date(2025, 6, 1)))
    assert "东湖县城关镇人民政府" not in lines and "西岭县石门乡人民政府" not in lines
    assert len(lines) == 10
    assert lines["青山市人民政府"].deadline == dt.date(2025, 3, 31)
    assert lines["东湖县财政局"].deadline == dt.date(2025, 1, 31)
    assert all(line.status is rst.RosterStatus.MISSING for line in lines.values())
    assert lines["青山市财政局"].rule.source is None


def test_the_nearest_rule_wins_and_covers_the_subtree(city: Agency) -> None:
    donghu = Agency.objects.get(code=DONGHU)
    DeadlineRule.objects.create(region=city, kind="department", month=1, day=20)
    DeadlineRule.objects.create(region=donghu, kind="department", month=1, day=25)
    DeadlineRule.objects.create(region=donghu, kind="township", month=2, day=28)
    lines = by_name(rst.roster(city, 2024, today=dt.date(2025, 1, 22)))
    assert lines["青山市财政局"].deadline == dt.date(2025, 1, 20)
    assert lines["西岭县教育局"].deadline == dt.date(2025, 1, 20)  # the city's rule reaches every county
    assert lines["东湖县财政局"].deadline == dt.date(2025, 1, 25)  # the county's own rule is nearer
    assert lines["东湖县财政局"].rule.source == donghu
    assert lines["东湖县城关镇人民政府"].deadline == dt.date(2025, 2, 28)  # townships expected in 东湖 only
    assert "西岭县石门乡人民政府" not in lines
    assert lines["青山市财政局"].status is rst.RosterStatus.MISSING
    assert lines["东湖县财政局"].status is rst.RosterStatus.NOT_YET_DUE
    # a rule can also take a kind off the roster
    DeadlineRule.objects.create(
        region=Agency.objects.get(code=XILING), kind="department", expected=False, month=1, day=31
    )
    assert "西岭县教育局" not in by_name(rst.roster(city, 2024))


def test_status_from_published_reports(city: Agency) -> None:
    published("青山市财政局", 2024, dt.date(2025, 1, 31))
    published("东湖县财政局", 2024, dt.date(2025, 2, 3))
    published("东湖县财政局", 2024, dt.date(2025, 2, 10), number=2)  # a correction: the first date counts
    published("青山市教育局", 2023, dt.date(2024, 1, 5))  # another year
    lines = by_name(rst.roster(city, 2024, today=dt.date(2025, 3, 1)))
    assert lines["青山市财政局"].status is rst.RosterStatus.ON_TIME
    late = lines["东湖县财政局"]
    assert (late.status, late.published, late.days_late) == (rst.RosterStatus.LATE, dt.date(2025, 2, 3), 3)
    assert lines["青山市教育局"].status is rst.RosterStatus.MISSING
    assert lines["青山市人民政府"].status is rst.RosterStatus.NOT_YET_DUE
    counts = rst.counts(lines.values())
    assert counts == {"on_time": 1, "late": 1, "missing": 5, "not_yet_due": 3, "undated": 0, "total": 10}


def test_a_county_roster_holds_only_the_county(city: Agency) -> None:
    lines = rst.roster(Agency.objects.get(code=DONGHU), 2024)
    assert [line.agency.name for line in lines] == ["东湖县人民政府", "东湖县财政局", "东湖县卫生健康局"]


def test_the_roster_page_and_its_excel(client: Client, city: Agency) -> None:
    published("东湖县财政局", 2024, dt.date(2025, 2, 3))
    client.force_login(UserFactory(agency=city, role=Role.SUPERVISOR))
    page = client.get(f"/agencies/roster/?region={city.pk}&year=2024").content.decode()
    assert "青山市人民政府 2024年度报告报送名单" in page and "东湖县财政局" in page and "逾期" in page
    response = client.get(f"/agencies/roster/export.xlsx?region={city.pk}&year=2024")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("机构名称", "代码", "类别") and len(rows) == 11
    row = next(r for r in rows if r[0] == "东湖县财政局")
    assert row[4] == dt.datetime(2025, 1, 31) and row[6] == "逾期" and row[8] == 3


def test_a_supervisor_sets_a_rule_audited(client: Client, city: Agency) -> None:
    client.force_login(UserFactory(agency=city, role=Role.SUPERVISOR))
    donghu = Agency.objects.get(code=DONGHU)
    data = {
        "scope": city.pk,
        "region": donghu.pk,
        "kind": "township",
        "expected": "on",
        "month": 2,
        "day": 28,
    }
    assert client.post("/agencies/deadlines/", data).status_code == 302
    rule = DeadlineRule.objects.get(region=donghu, kind="township")
    assert (rule.month, rule.day) == (2, 28)
    assert AuditEntry.objects.get(action="deadline_rule").after == {"expected": True, "month": 2, "day": 28}
    bad = client.post("/agencies/deadlines/", {**data, "month": 2, "day": 30})
    assert bad.status_code == 400 and "日期无效：2月30日" in bad.content.decode()
    client.force_login(UserFactory(agency=donghu, role=Role.SUPERVISOR))  # a county's supervisor
    xiling = Agency.objects.get(code=XILING)
    outside = client.post("/agencies/deadlines/", {**data, "scope": donghu.pk, "region": xiling.pk})
    assert outside.status_code == 400 and "选择一个有效的选项" in outside.content.decode()
    assert not DeadlineRule.objects.filter(region=xiling).exists()
    assert client.post(f"/agencies/deadlines/{rule.pk}/delete/").status_code == 302
    assert (
        not DeadlineRule.objects.exists()
        and AuditEntry.objects.filter(action="deadline_rule_delete").exists()
    )


# ---- roles and scope: every URL, every role, own region and another region


URLS = [
    ("get", "/agencies/register/?region={r}"),
    ("get", "/agencies/register/export.xlsx?region={r}"),
    ("get", "/agencies/register/export.csv?region={r}"),
    ("post", "/agencies/register/import/"),
    ("get", "/agencies/deadlines/?region={r}"),
    ("post", "/agencies/deadlines/"),
    ("post", "/agencies/deadlines/{rule}/delete/"),
    ("get", "/agencies/roster/?region={r}&year=2024"),
    ("get", "/agencies/roster/export.xlsx?region={r}&year=2024"),
]
ROLES = [Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.SUPERVISOR, Role.ADMIN]


def request(client: Client, method: str, url: str, region: Agency, rule: DeadlineRule) -> int:
    url = url.format(r=region.pk, rule=rule.pk)
    if method == "get":
        return client.get(url).status_code
    data = {"region": region.pk, "scope": region.pk, "kind": "township", "month": 2, "day": 1, "confirm": "1"}
    return client.post(url, data).status_code


@pytest.mark.parametrize(("method", "url"), URLS)
@pytest.mark.parametrize("role", ROLES)
def test_every_url_every_role_own_and_other_region(
    client: Client, city: Agency, method: str, url: str, role: str
) -> None:
    donghu, xiling = Agency.objects.get(code=DONGHU), Agency.objects.get(code=XILING)
    own_rule = DeadlineRule.objects.create(region=donghu, kind="other", month=1, day=31)
    other_rule = DeadlineRule.objects.create(region=xiling, kind="other", month=1, day=31)
    user = UserFactory(agency=None if role == Role.ADMIN else donghu, role=role)
    client.force_login(user)
    own = request(client, method, url, donghu, own_rule)
    other = request(client, method, url, xiling, other_rule)
    if role == Role.ADMIN:
        assert own in (200, 302, 400) and other in (200, 302, 400)
    elif role == Role.SUPERVISOR:
        assert own in (200, 302, 400)  # 400: a form without its file
        assert other == 404  # 西岭县 is not below 东湖县
        assert DeadlineRule.objects.filter(pk=other_rule.pk).exists()
    else:
        assert (own, other) == (403, 403)
    client.logout()
    assert request(client, method, url, donghu, own_rule) == 302  # to the sign-in page


def test_the_navigation_links_the_supervisors_pages(client: Client, city: Agency) -> None:
    client.force_login(UserFactory(agency=city, role=Role.SUPERVISOR))
    page = client.get("/applications/queue/").content.decode()
    assert 'href="/agencies/roster/"' in page
    page = client.get("/agencies/roster/").content.decode()
    assert (
        f'href="/agencies/register/?region={city.pk}"' in page
        and f'href="/agencies/deadlines/?region={city.pk}"' in page
    )
    client.force_login(UserFactory(agency=city, role=Role.HANDLER))
    page = client.get("/applications/queue/").content.decode()
    assert "/agencies/roster/" not in page


def test_a_supervisor_sees_only_their_regions(client: Client, city: Agency) -> None:
    client.force_login(UserFactory(agency=Agency.objects.get(code=DONGHU), role=Role.SUPERVISOR))
    page = client.get("/agencies/register/").content.decode()
    assert "东湖县财政局" in page and "西岭县教育局" not in page and "青山市财政局" not in page
    page = client.get("/agencies/roster/?year=2024").content.decode()
    assert "东湖县财政局" in page and "西岭县" not in page
    assert client.get("/agencies/roster/?region=abc").status_code == 404
    assert client.get("/agencies/roster/?year=1999").status_code == 404
