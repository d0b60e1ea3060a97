"""The 汇总 summed by the database (``services.summarise``: one aggregate over the stored cells) against the
core's Python sum (``gongkai.supervise.sum_reports``) over the very same reports: every summed cell's total,
count of numbers, of blanks and of reports without the cell, the rendered report, and every cell's parts.
The reports are varied: cells left blank at random, both templates in one year, the hybrid 2021 layout
(（六） as one row), 采购总金额 in 元, decimal amounts, an agency without a report, and a version whose cells
were never stored."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from summaries_data import collect

from gongkai import Report, report_from_dict
from gongkai.layout import group
from gongkai.model.report import REQUEST_COLUMNS
from gongkai.supervise import sum_reports
from gongkai_web.agencies.models import Agency
from gongkai_web.summaries.models import VersionCell
from gongkai_web.summaries.services import Result, cell_parts, id_set, select, summarise
from gongkai_web.supervision.models import CollectedVersion
from report_corpus import base_reports, vary
from web.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _report(base: dict[str, Any], i: int, year: int, rng: random.Random) -> Report:
    report = vary(base, i, f"第{i}局")
    report.year = year
    paths = [p for p, v in report.iter_cells() if not isinstance(v, str)]
    for path in rng.sample(paths, rng.randint(0, 12)):  # blanks, never read as 0
        report.set(path, None)
    if report.template == "2019" and i % 3 == 0:  # 采购总金额 in 元, made 万元 in the sum
        report.set("proactive.procurement.amount", 1234567.5 + i)
        report.set("proactive.procurement.amount_unit", "元")
    if report.template == "2021":
        report.set("proactive.fees.amount", round(0.1 * i + 0.05, 2))  # decimals
        if i % 5 == 1:  # the hybrid layout: （六） as one row, its sub-rows blank
            for column in REQUEST_COLUMNS:
                report.set(f"requests.other.{column}", i % 4)
                for key in group("other_sub").rows:
                    report.set(f"requests.{key}.{column}", None)
    return report


def _region(year: int, templates: tuple[str, ...], count: int, seed: int, capture: Any) -> Agency:
    rng = random.Random(seed)
    bases = [b for b in base_reports() if b["template"] in templates]
    gov = AgencyFactory(name="测试市人民政府", kind="government")
    with capture(execute=True):
        for i in range(count):
            dept = AgencyFactory(name=f"测试市第{i}局", parent=gov)
            if i == 3:
                continue  # no report: missing
            collect(dept, year, _report(bases[i % len(bases)], i, year, rng).to_json_dict())
    late = AgencyFactory(name="测试市末局", parent=gov)  # filed without its cells (in bulk, before the app)
    filed = collect(late, year, _report(bases[0], count, year, rng).to_json_dict())
    VersionCell.objects.filter(version=filed).delete()
    return gov


def _core(result: Result, year: int) -> Any:
    data = {
        v.pk: v.data for v in CollectedVersion.objects.filter(id__in=[v.pk for v in result.versions.values()])
    }
    reports = {
        result.names[a.pk]: (
            report_from_dict(data[result.versions[a.pk].pk]) if a.pk in result.versions else None
        )
        for a in result.selection.agencies
    }
    s = result.selection
    return sum_reports(reports, year, region=s.place, scope=s.label)


def _assert_same(result: Result, year: int) -> None:
    core = _core(result, year)
    web = result.summary
    assert list(web.cells) == list(core.cells)
    for path, c in core.cells.items():
        w = web.cells[path]
        assert (w.total, w.given, w.blanks, w.incomparable) == (c.total, c.given, c.blanks, c.incomparable), (
            path
        )
        parts = cell_parts(result, path)
        assert parts.contributions == c.contributions, path
        assert parts.not_comparable == c.not_comparable, path
    assert web.report.to_json_dict() == core.report.to_json_dict()
    assert (web.missing, web.other_template, web.other_as_one_row) == (
        core.missing,
        core.other_template,
        core.other_as_one_row,
    )


@pytest.mark.parametrize(
    ("year", "templates", "seed"),
    [
        (2024, ("2021",), 1),  # one template
        (2024, ("2021", "2019"), 2),  # 2019-layout reports and hybrid ones in a 2021 year
        (2020, ("2019", "2021"), 3),  # a 2019 year: 2021 reports' （六） sub-rows added, 元 converted
    ],
)
def test_the_database_sums_as_the_core_does(
    year: int, templates: tuple[str, ...], seed: int, django_capture_on_commit_callbacks: Any
) -> None:
    gov = _region(year, templates, 14, seed, django_capture_on_commit_callbacks)
    late = CollectedVersion.objects.get(report__agency__name="测试市末局")
    assert not VersionCell.objects.filter(version=late).exists()
    result = summarise(select(gov, "departments"), year)
    assert VersionCell.objects.filter(version=late).exists()  # written when first summed
    s = result.summary
    assert s.missing == ("测试市第3局",) and len(s.included) == 14
    assert any(not c.complete for c in s.cells.values())  # the blanks are said
    if len(templates) > 1:
        assert s.other_template and s.other_as_one_row == (year >= 2021)
    _assert_same(result, year)


def test_a_selection_of_thousands_is_one_parameter(db: None) -> None:
    """The ids go to the database as one array (PostgreSQL) or JSON text (SQLite), never as an IN list
    of thousands of parameters."""
    gov = AgencyFactory(name="测试市人民政府", kind="government")
    ids = list(range(1, 40_001))
    sql, params = str(id_set(ids).sql), id_set(ids).params
    assert len(params) == 1 and "%s" in sql
    assert Agency.objects.filter(pk__in=id_set([gov.pk, *ids[1000:]])).count() == 1
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_region_of_more_departments_than_sqlites_expression_depth(db: None) -> None:
    """1,100 departments directly under one government: their roster rules are looked up from the region
    (one subtree), not with one OR'd condition each (SQLite refuses a tree deeper than 1,000)."""
    gov = AgencyFactory(name="测试市人民政府", kind="government")
    made = Agency.objects.bulk_create(
        [Agency(name=f"测试市第{i}局", code=f"D{i:05d}", parent=gov, path="") for i in range(1100)]
    )
    for a in made:
        a.path = f"{gov.path}{a.pk}/"
    Agency.objects.bulk_update(made, ["path"], batch_size=500)
    assert len(select(gov, "departments").agencies) == 1100
