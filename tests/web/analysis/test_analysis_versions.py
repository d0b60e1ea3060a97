"""The region's year kept in the process follows the data version: a filed version is patched in (the same
result as computing the year again, without reading every row), a removed report or a renamed agency makes
it computed again, and an unchanged year costs one small query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.supervise import IndicatorConfig
from gongkai_web.agencies.models import Agency
from gongkai_web.analysis import services
from gongkai_web.supervision.models import CollectedReport
from web.analysis_data import file, real, small_report
from web.factories import AgencyFactory

pytestmark = pytest.mark.django_db
CFG = IndicatorConfig.default()


def _fresh(region: Agency, year: int) -> services.Region:
    services._RECENT.clear()
    return services.region_year(region, year, CFG)


def _same(a: services.Region, b: services.Region) -> None:
    assert a.values == b.values and list(a.names.items()) == list(b.names.items())
    assert a.distributions == b.distributions and a.flags == b.flags
    assert a.ranking("disclosure_rate", CFG) == b.ranking("disclosure_rate", CFG)


def _no_full_compute(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("computed again from every row")

    monkeypatch.setattr(services, "_computed", refuse)


def test_an_unchanged_year_costs_one_query(area: dict[str, Agency]) -> None:
    first = services.region_year(area["city"], 2024, CFG)
    with CaptureQueriesContext(connection) as queries:
        again = services.region_year(area["city"], 2024, CFG)
    assert again is first and len(queries) == 1


def test_a_filed_version_is_patched_in(area: dict[str, Agency], monkeypatch: pytest.MonkeyPatch) -> None:
    held = services.region_year(area["city"], 2024, CFG)
    newcomer = AgencyFactory(name="平潭综合实验区新设局", code="PT09", parent=area["city"])
    held = services.region_year(area["city"], 2024, CFG)  # (the new agency: computed again)
    assert "平潭综合实验区新设局" not in held.names.values()
    with monkeypatch.context() as m:
        _no_full_compute(m)
        file(area["social"], 2024, real("2024-pingtan-crawled.txt"), number=2)  # a new version
        file(newcomer, 2024, small_report())  # an agency's first report of the year
        with CaptureQueriesContext(connection) as queries:
            patched = services.region_year(area["city"], 2024, CFG)
        assert len(queries) == 2  # the version, the new rows
    social = str(area["social"].pk)
    assert patched.values["disclosure_rate"][social][0] == pytest.approx(100 / 218)
    assert held.values["disclosure_rate"][social][0] == 1.0  # the copy other requests hold is untouched
    _same(patched, _fresh(area["city"], 2024))


def test_a_removed_report_or_a_renamed_agency_computes_the_year_again(area: dict[str, Agency]) -> None:
    services.region_year(area["city"], 2024, CFG)
    CollectedReport.objects.filter(agency=area["social"], year=2024).delete()
    after = services.region_year(area["city"], 2024, CFG)
    assert str(area["social"].pk) not in after.names
    _same(after, _fresh(area["city"], 2024))
    area["stc"].name = "平潭综合实验区科技局"
    area["stc"].save()
    renamed = services.region_year(area["city"], 2024, CFG)
    assert renamed.names[str(area["stc"].pk)] == "平潭综合实验区科技局"


def test_the_kept_years_and_agencies_follow_new_reports(area: dict[str, Agency]) -> None:
    assert services.region_years(area["city"]) == [2024, 2023]
    assert len(services.region_agencies(area["city"])) == 3
    newcomer = AgencyFactory(name="平潭综合实验区新设局", code="PT09", parent=area["city"])
    file(newcomer, 2025, small_report())
    assert services.region_years(area["city"]) == [2025, 2024, 2023]
    assert services.region_agencies(area["city"])[-1] == (newcomer.pk, "平潭综合实验区新设局")
