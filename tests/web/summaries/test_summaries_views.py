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

from gongkai.supervise import INDICATOR_KEYS
from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.summaries.models import VersionCell
from gongkai_web.summaries.services import cell_parts
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
    assert commercial.total == 1 + 2 + 0 and commercial.blanks == 1 and commercial.incomparable == 0
    assert cell_parts(r.context["result"], commercial.path).blank == ("某县财政局",)
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


def test_an_administrator_opens_every_region(city: dict[str, Agency], chief: User) -> None:
    admin = client_for(UserFactory(username="root", agency=None, role=Role.ADMIN))
    r = admin.get(URL, query(city))
    assert r.status_code == 200
    assert r.context["result"].summary.report.get("requests.received.total") == 218 + 34 + 0
    assert admin.get(URL, {"region": city["other"].pk, "year": 2024}).status_code == 200
    drill = admin.get(URL + "cell/", query(city, path="requests.received.total"))
    assert drill.status_code == 200 and "第1版" in drill.content.decode()
    assert "/supervision/reports/" not in drill.content.decode()  # the collected reports are the supervisors'
    mine = client_for(chief).get(URL + "cell/", query(city, path="requests.received.total"))
    assert "/supervision/reports/" in mine.content.decode()
    assert admin.get(URL + "dataset.csv", {"region": city["gov"].pk}).status_code == 200
    assert admin.get(URL, {"year": 2024}).status_code == 200  # no agency of their own: the first region
    assert ">汇总</a>" in admin.get(URL, query(city)).content.decode()  # the navigation links it


def test_bad_parameters_are_not_found(city: dict[str, Agency], chief: User) -> None:
    c = client_for(chief)
    assert c.get(URL, query(city, year="abc")).status_code == 404
    assert c.get(URL, query(city, scope="everything")).status_code == 404
    assert c.get(URL, {"region": "x", "year": 2024}).status_code == 404
    assert c.get(URL + "download.exe", query(city)).status_code == 404


def test_filing_a_version_stores_its_cells(city: dict[str, Agency]) -> None:
    version = CollectedVersion.objects.get(report__agency=city["science"])
    cells = dict(VersionCell.objects.filter(version=version).values_list("key", "value"))
    assert cells["requests.received.total"] == 34
    assert len(cells) == sum(1 for _ in version.data["requests"]) * 7 + 15 + 10  # 表三 rows × 7, 表四, 表二


def test_the_dataset_carries_the_versions_own_findings(city: dict[str, Agency], chief: User) -> None:
    """The findings exported are those the intake stored on the version (``checks``), an accepted one left
    out."""
    version = CollectedVersion.objects.get(report__agency=city["science"])
    kept = list(version.checks)
    assert kept
    version.checks = [*kept, {**kept[0], "code": "T999", "accepted": "已核实"}]
    version.save(update_fields=["checks"])
    rows = pq.read_table(
        io.BytesIO(client_for(chief).get(URL + "dataset.parquet", {"region": city["gov"].pk}).content)
    ).to_pylist()
    mine = sorted(
        (r["code"], r["severity"], r["message"])
        for r in rows
        if r["agency"] == "测试市科学技术局" and r["record"] == "finding"
    )
    assert mine == sorted((c["code"], c["severity"], c["message"]) for c in kept)


def test_the_dataset_carries_the_indicators(city: dict[str, Agency], chief: User) -> None:
    """Spec §4's indicators, one row each, by hand from 测试市财政局's report (平潭 2024)."""
    r = client_for(chief).get(URL + "dataset.csv", {"region": city["gov"].pk})
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    ind = {
        row["key"]: row for row in rows if row["agency"] == "测试市财政局" and row["record"] == "indicator"
    }
    assert list(ind) == list(INDICATOR_KEYS)
    assert (ind["applications"]["value"], ind["applications"]["label"]) == ("218", "申请量")
    assert float(ind["disclosure_rate"]["value"]) == pytest.approx((71 + 29) / 218)
    assert ind["disclosure_rate"]["message"] == "100/218"
    assert ind["review_correction_rate"]["message"] == "1/6"
    assert float(ind["dispute_rate"]["value"]) == pytest.approx(7 / 218)
    # 某县财政局 left the organisations' columns blank: their shares are blank, never 0 %
    county = {
        row["key"]: row for row in rows if row["agency"] == "某县财政局" and row["record"] == "indicator"
    }
    assert county["commercial_share"]["value"] == ""
    assert county["commercial_share"]["message"] == "所需单元格有空白，不计算"
    # 测试市应急管理局 received nothing: a rate over 0 is undefined, not 0 %
    emergency = {
        row["key"]: row
        for row in rows
        if row["agency"] == "测试市应急管理局" and row["record"] == "indicator"
    }
    assert emergency["applications"]["value"] == "0"
    assert emergency["natural_person_share"]["value"] == ""
    assert emergency["natural_person_share"]["message"] == "分母为0，自然人申请占比无定义"
