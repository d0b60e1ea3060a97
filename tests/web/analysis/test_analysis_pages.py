"""The comparison pages on real collected reports: the values the tables show are the indicators computed by
hand in tests/supervise/test_indicators.py, an undefined rate is "—", the ranking leaves out small samples and
says why, the downloads hold the tables, and each page is only for those who may see the agencies."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.analysis.models import IndicatorRow
from gongkai_web.supervision.models import CollectedReport
from web.analysis_data import file, small_report
from web.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_agency_across_years(chief: User, area: dict[str, Agency]) -> None:
    url = reverse("analysis:agency", args=[area["city"].pk])
    page = _client(chief).get(url).content.decode()
    # 2024: (71 + 29) / 218 = 45.9 %; 2023: 42 / 81 = 51.9 %; change −6.0 points; applications 81 → 218
    assert "45.9%" in page and "51.9%" in page and "-6.0个百分点" in page and "+137" in page
    assert 'id="chart-mix"' in page and 'id="chart-rates"' in page
    rows = _csv(_client(chief).get(url, {"download": "csv", "table": "indicators"}).content)
    assert rows[0] == ["指标", "2023年", "2023年较上年", "2024年", "2024年较上年"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["实质公开率"][1:] == ["51.9%", "—", "45.9%", "-6.0个百分点"]
    assert by_name["申请量"][1:] == ["81", "—", "218", "+137"]
    outcomes = _csv(_client(chief).get(url, {"download": "csv", "table": "outcomes"}).content)
    assert outcomes[2][:4] == ["2024", "218", "71", "29"]
    book = openpyxl.load_workbook(
        io.BytesIO(_client(chief).get(url, {"download": "xlsx", "table": "indicators"}).content)
    )
    sheet = book.active
    assert sheet is not None
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    rate = cells["实质公开率"][3]
    assert rate.value == pytest.approx(100 / 218) and rate.number_format == "0.0%"
    assert _client(chief).get(url, {"download": "csv", "table": "nothing"}).status_code == 404


def test_region_ranking_distribution_and_flags(chief: User, area: dict[str, Agency]) -> None:
    url = reverse("analysis:region")
    query = {"region": area["city"].pk, "year": 2024, "indicator": "disclosure_rate"}
    page = _client(chief).get(url, query).content.decode()
    assert "3 个机构有该年度报告" in page
    ranking = _csv(_client(chief).get(url, {**query, "download": "csv", "table": "ranking"}).content)
    assert ranking[0] == ["名次", "机构", "实质公开率", "分子", "分母"]
    assert [r[1] for r in ranking[1:]] == [r[1] for r in sorted(ranking[1:], key=lambda r: -float(r[2][:-1]))]
    names = [r[1] for r in ranking[1:]]
    assert "平潭综合实验区管理委员会" in names and "平潭综合实验区社会事业局" not in names
    left = _csv(_client(chief).get(url, {**query, "download": "csv", "table": "left_out"}).content)
    assert ["平潭综合实验区社会事业局", "分母仅5件，未达到排名所需的最少30件"] in left
    review = {**query, "indicator": "review_correction_rate", "download": "csv", "table": "left_out"}
    reasons = dict(_csv(_client(chief).get(url, review).content)[1:])
    assert reasons["平潭综合实验区社会事业局"] == "分母为0，比率无定义"  # 表四 all 0: not 0 %
    dist = _csv(_client(chief).get(url, {**query, "download": "csv", "table": "distribution"}).content)
    assert dist[0][:3] == ["指标", "参与统计机构数", "未参与"]
    xlsx = _client(chief).get(url, {**query, "download": "xlsx", "table": "outliers"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_outlier_is_explained(chief: User, area: dict[str, Agency]) -> None:
    data = small_report()
    data["requests"]["partially_granted"].update(natural_person=9, total=9)
    file(area["social"], 2024, data, number=2)  # a newer version: its row is rebuilt
    assert IndicatorRow.objects.get(agency=area["social"], year=2024).version.number == 2
    query = {"region": area["city"].pk, "year": 2024, "download": "csv", "table": "outliers"}
    rows = _csv(_client(chief).get(reverse("analysis:region"), query).content)
    assert any(
        r[0] == "平潭综合实验区社会事业局" and r[2].startswith("三（二）部分公开9件，多于一、本年新收5件")
        for r in rows
    )


def test_rows_filed_in_bulk_are_computed_on_first_view(chief: User, area: dict[str, Agency]) -> None:
    IndicatorRow.objects.all().delete()
    page = _client(chief).get(reverse("analysis:agency", args=[area["city"].pk])).content.decode()
    assert "45.9%" in page
    assert IndicatorRow.objects.filter(agency=area["city"]).count() == 2


def test_small_multiples(chief: User, area: dict[str, Agency]) -> None:
    url = reverse("analysis:multiples")
    query = {"region": area["city"].pk, "indicator": "applications"}
    page = _client(chief).get(url, query).content.decode()
    assert page.count('data-chart="chart-') == 3
    rows = _csv(_client(chief).get(url, {**query, "download": "csv", "table": "multiples"}).content)
    assert rows[0] == ["机构", "2023年", "2024年"]
    assert rows[1] == ["平潭综合实验区管理委员会", "81", "218"]
    assert rows[3] == ["平潭综合实验区社会事业局", "—", "5"]


def test_who_may_see(chief: User, area: dict[str, Agency]) -> None:
    outsider = UserFactory(username="outsider", agency=area["other"], role=Role.SUPERVISOR)
    staff = UserFactory(username="clerk", agency=area["stc"], role=Role.HANDLER)
    region = {"region": area["city"].pk, "year": 2024}
    assert _client(outsider).get(reverse("analysis:region"), region).status_code == 404
    assert _client(staff).get(reverse("analysis:region"), region).status_code == 403
    assert _client(staff).get(reverse("analysis:agency", args=[area["stc"].pk])).status_code == 200
    assert _client(staff).get(reverse("analysis:agency", args=[area["city"].pk])).status_code == 404
    assert _client(outsider).get(reverse("analysis:agency", args=[area["city"].pk])).status_code == 404
    assert CollectedReport.objects.count() == 4
