"""A region's 汇总: sums checked by hand on fixture reports, blanks that stay blanks, the 2019→2021 template
change (only cells of the same meaning summed, （六） as its total), the title with its scope, and the
identities holding on the sum of valid reports (the same checker run on it)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongkai
from gongkai.model.report import Report
from gongkai.supervise import sum_cell, sum_reports, summary_title, tally
from strategies import fixture_report, valid_reports

PINGTAN = "2024-pingtan-crawled"  # 2021 template: 一 总计 218 (自然人 217, 商业企业 1); （六）1–3: 1, 0, 2
STC = "2024-shanghai-stc-converted"  # 2021 template: 一 总计 34 (32, 2); （六）1–3: 10, 0, 4
BLANK_ORGS = "2024-pingtan-page-blank-orgs"  # as PINGTAN, the five organisation columns blank
PINGHU = "2020-pinghu-emergency"  # 2019 template: 行政许可 109; （六） 0; 采购 6776647.8 元


def at_year(report: Report, year: int) -> Report:
    """``report`` filed for ``year`` (an agency that kept the other template)."""
    report.year = year
    return report


def test_hand_computed_sums_on_two_fixture_reports() -> None:
    s = sum_reports(
        {"平潭": fixture_report(PINGTAN), "上海科委": fixture_report(STC)},
        2024,
        region="某市",
        scope="市政府部门",
    )
    assert s.template == "2021"
    assert s.report.get("requests.received.total") == 218 + 34
    assert s.report.get("requests.received.natural_person") == 217 + 32
    assert s.report.get("requests.received.commercial") == 1 + 2
    assert s.report.get("requests.other_no_correction.total") == 1 + 10
    assert s.report.get("requests.other_misc.total") == 2 + 4
    assert s.report.get("appeals.review.total") == 7 + 1
    assert s.report.get("proactive.licensing.decisions") == 4529 + 97
    cell = s.cells["requests.received.total"]
    assert [(c.agency, c.value) for c in cell.contributions] == [("平潭", 218), ("上海科委", 34)]
    assert cell.complete and not s.missing
    # the two real reports leave three cells blank: those sums say so
    assert {(c.path, c.blank) for c in s.incomplete_cells} == {
        ("proactive.normative_documents.repealed", ("平潭",)),
        ("proactive.normative_documents.in_force", ("平潭",)),
        ("requests.carried_forward.total", ("上海科委",)),
    }
    assert not s.complete
    assert s.title == "某市2024年度政府信息公开工作年度报告汇总（市政府部门，2个单位）"


def test_a_blank_is_not_a_zero() -> None:
    s = sum_reports(
        {"平潭": fixture_report(BLANK_ORGS), "上海科委": fixture_report(STC)},
        2024,
        region="某市",
        scope="市政府部门",
    )
    cell = s.cells["requests.received.commercial"]
    assert cell.total == 2  # the number given, not 2 + 0
    assert cell.blank == ("平潭",)
    assert not cell.complete and not s.complete
    assert [c.value for c in cell.contributions] == [None, 2]
    assert "空白不按0计" in s.report.sections.overview
    # a cell blank in every report stays blank in the sum
    alone = sum_reports({"平潭": fixture_report(BLANK_ORGS)}, 2024, region="某市", scope="市政府部门")
    assert alone.report.get("requests.received.commercial") is None
    assert alone.cells["requests.received.commercial"].total is None


def test_missing_agencies_are_named_and_the_title_says_so() -> None:
    s = sum_reports(
        {"平潭": fixture_report(PINGTAN), "甲局": None, "乙局": None}, 2024, region="某市", scope="市政府部门"
    )
    assert s.missing == ("甲局", "乙局")
    assert s.included == ("平潭",)
    assert s.report.get("requests.received.total") == 218
    assert s.title == "某市2024年度政府信息公开工作年度报告汇总（市政府部门，3个单位，缺2个）"
    assert "甲局、乙局" in s.report.sections.overview
    assert not s.complete


def test_across_the_template_change_only_comparable_cells_are_summed() -> None:
    old = at_year(fixture_report(PINGHU), 2024)  # a 2019-template report filed for 2024
    s = sum_reports(
        {"平湖应急": old, "平潭": fixture_report(PINGTAN), "上海科委": fixture_report(STC)},
        2024,
        region="某市",
        scope="市政府部门",
    )
    assert s.other_template == ("平湖应急",)
    assert s.other_as_one_row  # the 2019 report prints （六） as one row: the 汇总 prints its total
    assert "requests.other_no_correction.total" not in s.cells
    other = s.cells["requests.other.total"]
    assert other.total == 0 + (1 + 0 + 2) + (10 + 0 + 4)
    assert [c.note for c in other.contributions] == [None, "（六）1–3项合计", "（六）1–3项合计"]
    assert s.report.single_other_row  # rendered in the hybrid layout
    # same key in both templates: summed; a 2021-only cell takes nothing from the 2019 report
    assert s.report.get("proactive.licensing.decisions") == 109 + 4529 + 97
    rules = s.cells["proactive.rules.issued"]
    assert rules.not_comparable == ("平湖应急",) and not rules.complete
    assert "另一版格式" in s.report.sections.overview


def test_a_2019_year_sums_a_2021_reports_other_sub_rows_and_converts_yuan() -> None:
    new = at_year(fixture_report(PINGTAN), 2020)
    s = sum_reports({"平湖应急": fixture_report(PINGHU), "平潭": new}, 2020, region="某市", scope="全市")
    assert s.template == "2019"
    assert s.report.get("requests.other.total") == 0 + 3
    assert s.cells["proactive.rules.made"].not_comparable == ("平潭",)
    assert s.report.get("proactive.procurement.amount") == pytest.approx(677.66478)
    assert s.report.get("proactive.procurement.amount_unit") == "万元"
    assert s.cells["proactive.procurement.amount"].contributions[0].note == "6776647.8元折合万元"


def test_a_report_of_another_year_is_refused() -> None:
    with pytest.raises(ValueError, match="2020"):
        sum_reports({"平湖应急": fixture_report(PINGHU)}, 2024, region="某市", scope="市政府部门")


def test_the_sum_renders_in_the_official_layout_with_its_title() -> None:
    s = sum_reports({"平潭": fixture_report(PINGTAN), "甲局": None}, 2024, region="某市", scope="市政府部门")
    html = gongkai.render_report(s.report, "html").decode("utf-8")
    assert "某市2024年度政府信息公开工作年度报告汇总（市政府部门，2个单位，缺1个）" in html
    assert "甲局" in html  # section 一 names the missing agency
    assert summary_title("某市", 2024, "市政府部门", 32, 2) == (
        "某市2024年度政府信息公开工作年度报告汇总（市政府部门，32个单位，缺2个）"
    )


def test_a_broken_report_shows_in_the_checker_findings_on_the_sum() -> None:
    broken = fixture_report(STC)
    broken.requests.received.total = 35  # 自然人 32 + 商业企业 2 = 34
    s = sum_reports(
        {"平潭": fixture_report(PINGTAN), "上海科委": broken}, 2024, region="某市", scope="市政府部门"
    )
    codes = {f.code for f in gongkai.check_report(s.report) if f.paths and f.paths[0].startswith("requests")}
    assert "T302" in codes


@settings(max_examples=40, deadline=None)
@given(st.lists(valid_reports(), min_size=1, max_size=5), st.sampled_from([2020, 2024]))
def test_the_identities_hold_on_the_sum_of_valid_reports(reports: list[Report], year: int) -> None:
    """Reports that each satisfy every table identity sum to a 汇总 that does too, whatever mix of
    templates (the checker is the same one agencies' reports go through)."""
    named = {f"单位{i}": at_year(r, year) for i, r in enumerate(reports)}
    s = sum_reports(named, year, region="某市", scope="市政府部门")
    errors = [
        f
        for f in gongkai.failing(gongkai.check_report(s.report))
        if f.code.startswith("T")  # the table rules: 勾稽关系 of 表二, 表三, 表四
    ]
    assert errors == []
    total = s.report.get("requests.received.total")
    assert total == sum(r.requests.received.total or 0 for r in reports)


def test_sum_cell_defines_a_summed_cells_figures() -> None:
    """One definition for the Python sum and the database's SUM/COUNT: a blank is never 0."""
    c = sum_cell("requests.received.total", "2021", 12.0, given=3, printed=4, reports=5)
    assert (c.total, c.given, c.blanks, c.incomparable, c.complete) == (12, 3, 1, 1, False)
    assert isinstance(c.total, int)  # a database sums in floating point; a whole total is an int
    assert sum_cell("requests.received.total", "2021", None, 0, 2, 2).total is None  # blank everywhere
    assert sum_cell("proactive.fees.amount", "2021", 0.1 + 0.2, 2, 2, 2).total == 0.3
    assert sum_cell("requests.received.total", "2021", 5, 2, 2, 2).complete
    with pytest.raises(ValueError):
        sum_cell("requests.received.total", "2021", 5, 3, 2, 2)  # more numbers than cells
    with pytest.raises(LookupError):
        _ = c.contributions  # the parts were not loaded
    total, given, printed = tally(
        sum_reports({"平潭": fixture_report(BLANK_ORGS)}, 2024, region="某市", scope="全市")
        .cells["requests.received.commercial"]
        .contributions
    )
    assert (total, given, printed) == (None, 0, 1)
