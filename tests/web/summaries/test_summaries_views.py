"""The 汇总 pages: sums over the default selection (the government's departments) and the whole region,
hand-computed from the fixture reports; missing agencies named on the page, the drill-down and every
download; the template change said; a supervisor sees only their region; the cells table filled on filing."""

from __future__ import annotations

import csv
import io

import openpyxl
import pyarrow.parquet as pq
import pytest
from django.test import Client
from docx import Document
from summaries_data import collect, fixture_data

from gongkai import check_report, report_from_dict
from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.summaries.models import VersionCell, VersionFinding
from gongkai_web.supervision.models import CollectedVersion
from web.factories import UserFactory

URL = "/summaries/"


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def query(city: dict[str, Agency], **extra: object) -> dict[str, object]:
    return {"region": city["gov"].pk, "year": 2024, **extra}


def test_the_departments_by_default(city: dict[str, Agency], chief: User) -> None:
    r = client_for(chief).get(URL, query(city))
    assert r.status_code == 200
    result = r.context["result"]
    s = result.summary
    assert s.selected == ("测试市财政局", "测试市科学技术局", "测试市教育局", "测试市应急管理局")
    assert s.missing == ("测试市教育局",)
    assert s.report.get("requests.received.total") == 218 + 34 + 0
    assert s.report.get("requests.other.total") == (1 + 0 + 2) + (10 + 0 + 4) + 0
    assert s.report.get("appeals.review.total") == 7 + 1 + 0
    html = r.content.decode()
    assert "测试市2024年度政府信息公开工作年度报告汇总（市政府部门，4个单位，缺1个）" in html
    assert "汇总不完整：缺 1 个单位的报告，未计入：测试市教育局" in html
    assert "测试市应急管理局的报告使用另一版格式" in html  # the template change, said
    assert "三（六）其他处理列为一行" in html


def test_the_whole_region(city: dict[str, Agency], chief: User) -> None:
    r = client_for(chief).get(URL, query(city, scope="region"))
    s = r.context["result"].summary
    assert "某县财政局" in s.selected and "某县人民政府" in s.selected
    assert "测试市人民政府" not in s.selected  # the government's own 本级 report is kept apart
    assert s.missing == ("测试市教育局", "某县人民政府")
    assert s.report.get("requests.received.total") == 218 + 34 + 0 + 218
    commercial = s.cells["requests.received.commercial"]
    assert commercial.total == 1 + 2 + 0 and commercial.blank == ("某县财政局",)
    assert "全市，6个单位，缺2个" in s.title


def test_chosen_agencies(city: dict[str, Agency], chief: User) -> None:
    r = client_for(chief).get(
        URL, query(city, scope="chosen", agency=[city["finance"].pk, city["science"].pk, city["other"].pk])
    )
    s = r.context["result"].summary
    assert s.selected == ("测试市财政局", "测试市科学技术局")  # 洪泽区 is not of this region: ignored
    assert s.complete is False and not s.missing
    assert "所选单位，2个单位）" in s.title


def test_the_drill_down_names_each_agency_and_the_missing(city: dict[str, Agency], chief: User) -> None:
    r = client_for(chief).get(URL + "cell/", query(city, path="requests.received.total"))
    assert r.status_code == 200
    html = r.content.decode()
    for name, value in (("测试市财政局", "218"), ("测试市科学技术局", "34"), ("测试市应急管理局", "0")):
        assert name in html and f">{value}<" in html
    assert "未收到报告" in html and "测试市教育局" in html
    blank = client_for(chief).get(
        URL + "cell/", query(city, scope="region", path="requests.received.commercial")
    )
    assert "某县财政局" in blank.content.decode() and "空白" in blank.content.decode()
    rules = client_for(chief).get(URL + "cell/", query(city, path="proactive.rules.issued"))
    assert "报告使用另一版格式" in rules.content.decode()
    assert client_for(chief).get(URL + "cell/", query(city, path="requests.nothing.total")).status_code == 404


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_the_official_layout_downloads_carry_the_title(
    city: dict[str, Agency], chief: User, fmt: str
) -> None:
    r = client_for(chief).get(URL + f"download.{fmt}", query(city))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("inline" if fmt == "html" else "attachment")
    data = r.content
    if fmt == "html":
        assert "汇总（市政府部门，4个单位，缺1个）" in data.decode()
    elif fmt == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "汇总（市政府部门，4个单位，缺1个）" in text and "测试市教育局" in text
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert data[:2] == b"PK"


def test_the_contributions_csv_says_it_is_incomplete(city: dict[str, Agency], chief: User) -> None:
    r = client_for(chief).get(URL + "download.csv", query(city))
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0].endswith("缺1个）") and "测试市教育局" in rows[1][0]
    received = [row for row in rows[3:] if row[0] == "requests.received.total"]
    assert {(row[4], row[5]) for row in received} == {
        ("测试市财政局", "218"),
        ("测试市科学技术局", "34"),
        ("测试市应急管理局", "0"),
        ("测试市教育局", ""),
    }


def test_the_contributions_csv_writes_an_agency_name_that_looks_like_a_formula_as_text(
    city: dict[str, Agency], chief: User
) -> None:
    hostile = "+1+cmd|' /C calc'!A0"
    Agency.objects.filter(name="测试市财政局").update(name=hostile)
    r = client_for(chief).get(URL + "download.csv", query(city))
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    received = {row[4]: row[5] for row in rows[3:] if row[0] == "requests.received.total"}
    assert received["'" + hostile] == "218" and hostile not in received


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_region_dataset_writes_an_agency_name_that_looks_like_a_formula_as_text(
    city: dict[str, Agency], chief: User, fmt: str
) -> None:
    hostile = '=HYPERLINK("http://example.invalid","查看")'
    Agency.objects.filter(name="测试市财政局").update(name=hostile)
    data = client_for(chief).get(URL + f"dataset.{fmt}", {"region": city["gov"].pk}).content
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        header, *body = sheet.iter_rows(values_only=True)
        rows = [dict(zip(header, r, strict=True)) for r in body]
    names = {r["agency"] for r in rows}
    assert "'" + hostile in names and hostile not in names
    years = {r["year"] for r in rows}
    assert years == ({"2024"} if fmt == "csv" else {2024})  # numbers stay numbers


def test_the_region_dataset_as_parquet(city: dict[str, Agency], chief: User) -> None:
    r = client_for(chief).get(URL + "dataset.parquet", {"region": city["gov"].pk})
    assert r.status_code == 200
    rows = pq.read_table(io.BytesIO(r.content)).to_pylist()
    agencies = {row["agency"] for row in rows}
    assert agencies == {"测试市财政局", "测试市科学技术局", "测试市应急管理局", "某县财政局"}  # not 洪泽区
    value = next(
        row["value"]
        for row in rows
        if row["agency"] == "测试市科学技术局" and row["key"] == "requests.received.total"
    )
    assert value == 34
    assert any(row["record"] == "finding" for row in rows)
    assert client_for(chief).get(URL + "dataset.sav", {"region": city["gov"].pk}).status_code == 404


def test_a_supervisor_sees_only_their_region(city: dict[str, Agency], outsider: User, chief: User) -> None:
    other = client_for(outsider)
    assert other.get(URL, query(city)).status_code == 404
    assert other.get(URL + "cell/", query(city, path="requests.received.total")).status_code == 404
    assert other.get(URL + "download.pdf", query(city)).status_code == 404
    assert other.get(URL + "dataset.csv", {"region": city["gov"].pk}).status_code == 404
    # a county's supervisor: their county, not the city
    county = client_for(UserFactory(username="county", agency=city["county"], role=Role.SUPERVISOR))
    assert county.get(URL, query(city)).status_code == 404
    assert county.get(URL, {"region": city["county"].pk, "year": 2024, "scope": "region"}).status_code == 200
    # not a supervisor
    clerk = client_for(UserFactory(username="clerk", agency=city["gov"], role=Role.APPROVER))
    assert clerk.get(URL, query(city)).status_code == 403
    assert Client().get(URL, query(city)).status_code == 302  # to the login page


def test_bad_parameters_are_not_found(city: dict[str, Agency], chief: User) -> None:
    c = client_for(chief)
    assert c.get(URL, query(city, year="abc")).status_code == 404
    assert c.get(URL, query(city, scope="everything")).status_code == 404
    assert c.get(URL, {"region": "x", "year": 2024}).status_code == 404
    assert c.get(URL + "download.exe", query(city)).status_code == 404


def test_filing_a_version_stores_its_cells_and_findings(city: dict[str, Agency]) -> None:
    version = CollectedVersion.objects.get(report__agency=city["science"])
    cells = dict(VersionCell.objects.filter(version=version).values_list("key", "value"))
    assert cells["requests.received.total"] == 34
    assert len(cells) == sum(1 for _ in version.data["requests"]) * 7 + 15 + 10  # 表三 rows × 7, 表四, 表二
    stored = sorted(VersionFinding.objects.filter(version=version).values_list("code", "severity"))
    report = report_from_dict(version.data)
    assert stored == sorted((f.code, f.severity.value) for f in check_report(report) if not f.accepted)


def test_a_version_whose_rows_were_never_written_is_checked_by_the_export(
    city: dict[str, Agency], chief: User
) -> None:
    """The rows are written after the filing commits; a version filed without them (here: the commit
    callback never runs) still reaches the dataset with its findings."""
    version = collect(city["education"], 2024, fixture_data("2024-shanghai-stc-converted"))
    assert not VersionCell.objects.filter(version=version).exists()
    rows = pq.read_table(
        io.BytesIO(client_for(chief).get(URL + "dataset.parquet", {"region": city["gov"].pk}).content)
    ).to_pylist()
    mine = sorted(r["code"] for r in rows if r["agency"] == "测试市教育局" and r["record"] == "finding")
    report = report_from_dict(version.data)
    assert mine == sorted(f.code for f in check_report(report) if not f.accepted) != []
