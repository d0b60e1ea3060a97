"""The compliance dashboard of a region and year on real fixture reports taken in by batch intake: status and
lateness against the roster, the publication date read from the report and corrected by hand (audited),
template right or wrong, findings by severity and rule, changed since first seen; filters, sorting, counts,
the Excel export stating its filters; the drill-down from an agency to its report and from a finding to its
cell and source line; every new URL for every role and across regions."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from intake_files import fixture

import gongkai
from gongkai_web.agencies import roster as rst
from gongkai_web.agencies.models import Agency, AuditEntry, DeadlineRule, Role, User
from gongkai_web.supervision import embedded
from gongkai_web.supervision.models import BatchItem, CollectedReport, ItemStatus, PublishedHow
from gongkai_web.supervision.services.assignment import assign_item
from gongkai_web.supervision.services.intake import create_batch
from report_corpus import base_reports, vary
from web.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def collected(chief: User, region: dict[str, Agency]) -> dict[str, CollectedReport]:
    """2020: 财政金融局 twice (text, then its web page: a second version), the 管委会 assigned by hand, the
    社会事业局 as a text file generated from a fixture with 三（一）'s total broken (no date printed), the
    教育局 nothing; 2021: 社会事业局 (a report with the 2019 template's rows, F101)."""
    AgencyFactory(name="平潭综合实验区教育局", code="PT03", parent=region["city"])
    base = next(b for b in base_reports() if b["year"] == 2020 and b["agency"] == "平潭综合实验区")
    broken = vary(base, 1, "平潭综合实验区社会事业局")
    broken.requests.granted.total = (broken.requests.granted.total or 0) + 3
    batch = create_batch(
        chief,
        files=[
            fixture("2020-pingtan-finance-crawled.txt"),
            fixture("2020-pingtan-finance-page.html"),
            fixture("2020-pingtan-crawled.txt"),
            ("2020-social-broken.txt", gongkai.render_report(broken, "txt")),
            fixture("2021-pingtan-social-crawled.txt"),
        ],
    )
    embedded.drain()
    waiting = BatchItem.objects.get(batch=batch, status=ItemStatus.NEEDS_ASSIGNMENT)
    assign_item(chief, waiting, region["city"], None)
    reports = CollectedReport.objects.select_related("agency")
    return {f"{r.agency.code}-{r.year}": r for r in reports}


def _rows(client: Client, **params: str) -> dict[str, list[str]]:
    response = client.get(reverse("supervision:dashboard"), params)
    assert response.status_code == 200
    html = response.content.decode()
    out = {}
    for chunk in html.split('<tr data-code="')[1:]:
        code = chunk.split('"', 1)[0]
        out[code] = chunk.split("</tr>", 1)[0]
    return out


def test_collected_reports_count_as_received_on_the_roster(
    collected: dict[str, CollectedReport], region: dict[str, Agency]
) -> None:
    finance = collected["PT01-2020"]
    assert finance.version_count == 2 and finance.latest.number == 2
    assert finance.published_on == dt.date(2021, 1, 28) and finance.published_how == PublishedHow.REPORT
    lines = {line.agency.code: line for line in rst.roster(region["city"], 2020, today=TODAY)}
    assert lines["PT01"].status is rst.RosterStatus.ON_TIME and lines["PT01"].published == dt.date(
        2021, 1, 28
    )
    assert lines["PT00"].status is rst.RosterStatus.ON_TIME  # the 管委会's report, assigned by hand
    assert lines["PT02"].status is rst.RosterStatus.UNDATED  # received, no date printed
    assert lines["PT03"].status is rst.RosterStatus.MISSING
    # a department deadline of 10 January in the region makes the finance bureau 18 days late
    DeadlineRule.objects.create(region=region["city"], kind="department", month=1, day=10)
    line = next(x for x in rst.roster(region["city"], 2020, today=TODAY) if x.agency.code == "PT01")
    assert (line.status, line.days_late) == (rst.RosterStatus.LATE, 18)


def test_versions_store_their_counts_rules_and_template_fit(collected: dict[str, CollectedReport]) -> None:
    city = collected["PT00-2020"].latest
    assert (city.errors, city.template_ok) == (2, True) and city.rule_counts["T303"] == 2
    assert sum(f["severity"] == "error" for f in city.checks) == 2
    social = collected["PT02-2021"].latest
    assert social.rule_counts.get("F101") and social.template_ok is False
    generated = collected["PT02-2020"].latest
    assert generated.data["cells"]["requests.granted.total"]["line"] > 0  # where each value was read


def test_dashboard_rows_counts_filters_and_sorting(
    chief: User, collected: dict[str, CollectedReport]
) -> None:
    client = _login(chief)
    rows = _rows(client, year="2020")
    assert set(rows) == {"PT00", "PT01", "PT02", "PT03"}
    assert "按时" in rows["PT01"] and "2021-01-28" in rows["PT01"] and "改" in rows["PT01"]
    assert "未报送" in rows["PT03"] and "发布日期不详" in rows["PT02"]
    assert "T303" in rows["PT00"] and "T302" in rows["PT02"]
    page = client.get(reverse("supervision:dashboard"), {"year": "2020"}).content.decode()
    assert 'id="count-total">4<' in page and 'id="count-missing">1<' in page
    assert 'id="count-with_errors">2<' in page and 'id="count-undated">1<' in page

    assert set(_rows(client, year="2020", status="missing")) == {"PT03"}
    assert set(_rows(client, year="2020", errors="1")) == {"PT00", "PT02"}
    assert set(_rows(client, year="2020", changed="1")) == {"PT01"}
    assert set(_rows(client, year="2020", kind="government")) == {"PT00"}
    assert set(_rows(client, year="2021", template="wrong")) == {"PT02"}
    assert not _rows(client, year="2020", late="1")
    by_errors = list(_rows(client, year="2020", sort="errors", dir="desc"))
    assert by_errors[:2] == ["PT02", "PT00"]  # 5 errors (三 sections empty, T302, T303), then 2
    # a filter value that is not one is ignored, never an error
    assert (
        client.get(reverse("supervision:dashboard"), {"status": "x", "kind": "y", "sub": "z"}).status_code
        == 200
    )
    assert client.get(reverse("supervision:dashboard"), {"year": "1999"}).status_code == 404


def test_sub_region_filter(
    chief: User, region: dict[str, Agency], collected: dict[str, CollectedReport]
) -> None:
    county = AgencyFactory(name="平潭某县人民政府", code="PT10", kind="government", parent=region["city"])
    AgencyFactory(name="平潭某县财政局", code="PT11", parent=county)
    rows = _rows(_login(chief), year="2020", sub=str(county.pk))
    assert set(rows) == {"PT10", "PT11"}


def test_export_states_its_filters(chief: User, collected: dict[str, CollectedReport]) -> None:
    response = _login(chief).get(reverse("supervision:dashboard_export"), {"year": "2020", "errors": "1"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "2020年度报告监督情况" in values[0][0]
    assert list(values[2][:2]) == ["筛选：检查问题", "仅有错误的"]
    assert list(values[3][:2]) == ["筛选：排序", "按机构层级"]
    header = next(i for i, r in enumerate(values) if r[0] == "机构名称")
    data = values[header + 1 :]
    assert [r[1] for r in data] == ["PT00", "PT02"] and data[0][11] == 2 and "T303×2" in data[0][14]
    assert data[1][5] == "已报送（发布日期不详）" and data[1][6] is None


def test_export_writes_an_agency_name_that_looks_like_a_formula_as_text(
    chief: User, collected: dict[str, CollectedReport]
) -> None:
    hostile = "-2+3+cmd|' /C calc'!A0"
    Agency.objects.filter(code="PT00").update(name=hostile)
    response = _login(chief).get(reverse("supervision:dashboard_export"), {"year": "2020", "errors": "1"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[0] == "机构名称")
    row = next(r for r in values[header + 1 :] if r[1] == "PT00")
    assert row[0] == "'" + hostile and row[11] == 2


def test_drill_from_agency_to_finding_to_cell_and_source_line(
    chief: User, collected: dict[str, CollectedReport]
) -> None:
    client = _login(chief)
    report = collected["PT02-2020"]
    page = client.get(reverse("supervision:report", args=[report.pk])).content.decode()
    assert (
        reverse("supervision:report", args=[report.pk])
        in client.get(reverse("supervision:dashboard"), {"year": "2020"}).content.decode()
    )
    version = report.latest
    index = next(i for i, f in enumerate(version.checks) if f["code"] == "T302")
    link = reverse("supervision:finding", args=[report.pk, version.number, index])
    assert link in page
    finding = client.get(link).content.decode()
    path = version.checks[index]["paths"][0]
    assert f'class="num flag" id="cell-{path}"' in finding  # the cell marked in the official layout
    line = version.data["cells"][path]["line"]
    assert f"第{line}行" in finding  # where it was read, as `gongkai parse --cells` says
    hit = finding.split('class="hit">', 1)[1].split("</span>", 1)[0]
    assert hit.split()[0] == str(line) and "予以公开" in hit  # the source line itself, in its context
    original = client.get(reverse("supervision:original", args=[report.pk, version.number]))
    assert original.status_code == 200 and original.content == bytes(version.items.first().content)
    assert (
        client.get(reverse("supervision:finding", args=[report.pk, version.number, 999])).status_code == 404
    )


def test_correcting_the_publication_date_is_audited_and_moves_the_roster(
    chief: User, collected: dict[str, CollectedReport], region: dict[str, Agency]
) -> None:
    client = _login(chief)
    report = collected["PT01-2020"]
    url = reverse("supervision:publication", args=[report.pk])
    bad = client.post(url, {"published_on": "2020-05-01", "reason": "栏目页面"})
    assert bad.status_code == 400 and "发布日期应在2021年或以后" in bad.content.decode()
    assert client.post(url, {"published_on": "2021-02-05", "reason": ""}).status_code == 400
    response = client.post(url, {"published_on": "2021-02-05", "reason": "栏目页面显示 2021-02-05"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.published_on, report.published_how) == (dt.date(2021, 2, 5), PublishedHow.MANUAL)
    entry = AuditEntry.objects.get(action="collected_published")
    assert entry.before["published_on"] == "2021-01-28" and entry.after["reason"].startswith("栏目页面")
    rows = _rows(client, year="2020", late="1")
    assert set(rows) == {"PT01"} and "更正" in rows["PT01"]


def test_every_new_url_for_every_role_and_region(
    chief: User, outsider: User, collected: dict[str, CollectedReport], region: dict[str, Agency]
) -> None:
    report = collected["PT00-2020"]
    n = report.latest.number
    gets = [
        reverse("supervision:dashboard"),
        reverse("supervision:dashboard_export"),
        reverse("supervision:report", args=[report.pk]),
        reverse("supervision:finding", args=[report.pk, n, 0]),
        reverse("supervision:original", args=[report.pk, n]),
    ]
    post = reverse("supervision:publication", args=[report.pk])
    for url in gets:
        assert _login(chief).get(url).status_code == 200, url
    # another region's supervisor: their own (empty) dashboard, 403 on this region's report
    assert "PT00" not in _login(outsider).get(gets[0]).content.decode()
    for url in gets[2:]:
        assert _login(outsider).get(url).status_code == 403, url
    assert _login(outsider).post(post, {"published_on": "2021-02-05", "reason": "x"}).status_code == 403
    # every other role, even in the region's own agency, and the administrator (no intake): 403
    for role in (Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.REVIEWER, Role.ADMIN):
        user = UserFactory(agency=None if role == Role.ADMIN else region["city"], role=role)
        for url in gets:
            assert _login(user).get(url).status_code == 403, (role, url)
        assert _login(user).post(post, {"published_on": "2021-02-05", "reason": "x"}).status_code == 403
    anonymous = Client()
    for url in gets:
        assert anonymous.get(url).status_code == 302  # to the login page
    report.refresh_from_db()
    assert report.published_how == PublishedHow.REPORT


def test_a_finding_counts_unless_a_person_accepted_it_even_with_an_empty_reason() -> None:
    """One definition (``accepted is None``, as ``gongkai.Finding.counts``) for the page, 整改 and the counts."""
    from gongkai_web.supervision.models import CollectedVersion, counted
    from gongkai_web.supervision.services.filing import rule_counts

    checks = [
        {"code": "F101", "severity": "error", "accepted": None},
        {"code": "F101", "severity": "error", "accepted": "经核实无误"},
        {"code": "F102", "severity": "warning", "accepted": ""},
        {"code": "F103", "severity": "warning"},
    ]
    assert [counted(c) for c in checks] == [True, False, False, True]
    version = CollectedVersion(checks=checks)
    assert [i for i, _c in version.counted_checks()] == [0, 3]
    assert rule_counts(checks) == {"F101": 1, "F103": 1}
