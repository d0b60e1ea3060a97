"""Round trip: ``read(render(r)) == r`` cell by cell, for every format, both templates, the hybrid layout, every
fixture report and Hypothesis-generated valid reports.

DOCX, XLSX and PDF go through the readers of those formats; they pass once those readers are registered in
``gongkai.readers.read_bytes``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import layout
from gongkai.model.compare import compare_cells
from gongkai.model.report import Report, Report2021
from gongkai.readers import read_bytes
from gongkai.renderers import render_report
from strategies import FIXTURES, fixture_report, valid_report, valid_reports

FAST = ["txt", "md", "html", "docx", "xlsx"]
# narrative lines as staff write them: a word, a number or "无" alone on a line is text too
_TEXT = st.sampled_from(["无", "部分栏目更新不及时。\n2", "（一）存在的主要问题\n暂无。"])
FIXTURE_NAMES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*/*.expected.json"))


def _round_trip(report: Report, fmt: str) -> Report:
    data = render_report(report, fmt)
    back = read_bytes(data, name=f"report.{fmt}").report
    diff = compare_cells(back, report.to_json_dict())
    assert diff.mismatches == [], f"{fmt}: {diff.mismatches[:10]}"
    assert diff.total == (199 if report.template == "2019" else 207)
    assert back.template == report.template
    return back


def _hybrid() -> Report:
    r = valid_report("2021")
    assert isinstance(r, Report2021)
    for key in ("other_no_correction", "other_unpaid_fee", "other_misc"):
        for col in type(r.requests.other).model_fields:
            r.set(f"requests.{key}.{col}", None)
    r.set("requests.other.natural_person", 1)
    r.set("requests.other.total", 1)
    return r


@pytest.mark.parametrize("fmt", FAST)
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_fixed_valid_report_round_trips(fmt: str, template: str) -> None:
    back = _round_trip(valid_report(template), fmt)
    assert back.get("requests.received.total") == 13


@pytest.mark.parametrize("fmt", FAST)
def test_hybrid_round_trips(fmt: str) -> None:
    back = _round_trip(_hybrid(), fmt)
    assert back.get("requests.other.natural_person") == 1
    assert back.get("requests.other_no_correction.natural_person") is None


@pytest.mark.parametrize("fmt", FAST)
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_report_round_trips(fmt: str, name: str) -> None:
    _round_trip(fixture_report(name), fmt)


@pytest.mark.parametrize("fmt", FAST)
def test_reference_example_keeps_title_agency_year_and_narrative(fmt: str, reports_dir: Path) -> None:
    original = read_bytes((reports_dir / "2019" / "2020-pinghu-emergency.txt").read_bytes()).report
    back = _round_trip(original, fmt)
    assert (back.agency, back.year) == ("平湖市应急管理局", 2020)
    assert back.title == original.title
    assert back.sections.other == "无"
    assert back.sections.overview is not None and "全年无依申请公开情况" in back.sections.overview


@pytest.mark.parametrize("fmt", FAST)
def test_blank_cells_round_trip_as_blank(fmt: str) -> None:
    r = valid_report("2021")
    r.set("requests.received.research", None)
    r.set("appeals.suit_after_review.total", None)
    r.set("proactive.fees.amount", None)
    back = _round_trip(r, fmt)
    assert back.get("requests.received.research") is None
    assert back.get("appeals.suit_after_review.total") is None
    assert back.get("proactive.fees.amount") is None


@pytest.mark.parametrize("fmt", FAST)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=valid_reports())
def test_generated_reports_round_trip(fmt: str, report: Report) -> None:
    _round_trip(report, fmt)


AGENCIES = ["测试局", "示例市自然资源和规划局", "平湖市应急管理局", "某某县人民政府办公室"]


@pytest.mark.parametrize("fmt", FAST)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=valid_reports(), agency=st.sampled_from(AGENCIES), titled=st.booleans(), text=_TEXT)
def test_generated_reports_keep_title_agency_year_and_narrative(
    fmt: str, report: Report, agency: str, titled: bool, text: str
) -> None:
    """Every export names its report: reading it back gives the title, agency and year it was made with (an
    untitled report gets the printed ``…年度…`` title), and the narrative text."""
    assert report.year is not None
    report.agency = agency
    report.title = layout.title(agency, report.year) if titled else None
    report.set("sections.problems", text)
    back = _round_trip(report, fmt)
    assert (back.agency, back.year) == (agency, report.year)
    assert back.title == layout.report_title(agency, report.year, report.title)
    assert back.sections.problems == text


@pytest.mark.slow
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_pdf_fixture_round_trips(name: str) -> None:
    _round_trip(fixture_report(name), "pdf")


@pytest.mark.slow
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_pdf_valid_report_round_trips(template: str) -> None:
    _round_trip(valid_report(template), "pdf")


@pytest.mark.slow
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=valid_reports())
def test_pdf_generated_reports_round_trip(report: Report) -> None:
    _round_trip(report, "pdf")
