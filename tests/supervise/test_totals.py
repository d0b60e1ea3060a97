"""A region's totals against its agencies' reports: the sum holds on children built to sum to the parent, and
breaking one child's cell is reported at that cell with the difference and every child named."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.model.report import Report
from gongkai.supervise import Scope, compare_region_totals, detect_scope
from gongkai.supervise.totals import TABLES
from strategies import valid_report, valid_reports


def summed(children: dict[str, Report]) -> Report:
    """A parent whose 表三 and 表四 are the cell-wise sums of ``children`` (all of one template)."""
    first = next(iter(children.values()))
    parent = first.model_copy(deep=True)
    parent.agency = "某市人民政府"
    for path, _ in first.iter_cells():
        if path.split(".", 1)[0] in TABLES:
            values = [c.get(path) for c in children.values()]
            parent.set(path, None if None in values else sum(values))
    return parent


@st.composite
def regions(draw: st.DrawFn) -> dict[str, Report]:
    template = draw(st.sampled_from(["2019", "2021"]))
    n = draw(st.integers(1, 4))
    children = {f"部门{i}": draw(valid_reports(template)) for i in range(n)}
    year = 2020 if template == "2019" else 2022
    for child in children.values():
        child.year = year
    return children


@settings(max_examples=40, deadline=None)
@given(regions(), st.data())
def test_children_built_to_sum_hold_and_one_broken_cell_is_reported(
    children: dict[str, Report], data: st.DataObject
) -> None:
    parent = summed(children)
    cells = [(p, v) for p, v in parent.iter_cells() if p.split(".", 1)[0] in TABLES]
    paths = [p for p, v in cells if v is not None]
    result = compare_region_totals(parent, children, scope="region")
    assert result.consistent is True
    assert result.differences == ()
    assert result.skipped == ()  # blank everywhere (2021's single （六） row) is not listed
    assert result.compared == len(paths)

    name = data.draw(st.sampled_from(sorted(children)))
    path = data.draw(st.sampled_from(paths))
    children[name].set(path, children[name].get(path) + 3)
    broken = compare_region_totals(parent, children, scope=Scope.REGION)
    assert broken.consistent is False
    [diff] = broken.differences
    assert (diff.path, diff.difference, diff.children_sum) == (path, -3, parent.get(path) + 3)
    assert [c.agency for c in diff.children] == list(children)
    assert dict((c.agency, c.value) for c in diff.children)[name] == children[name].get(path)


def test_a_difference_names_the_cell_as_printed() -> None:
    children = {"甲局": valid_report("2021"), "乙局": valid_report("2021")}
    parent = summed(children)
    parent.set("requests.received.total", parent.get("requests.received.total") + 1)
    [diff] = compare_region_totals(parent, children, scope="region").differences
    assert diff.label.startswith("一、本年新收政府信息公开申请数量")
    assert diff.difference == 1


def test_own_scope_is_not_compared() -> None:
    children = {"甲局": valid_report("2021")}
    parent = valid_report("2021")
    parent.set("requests.received.total", 999)
    result = compare_region_totals(parent, children, scope="own")
    assert (result.scope, result.compared, result.differences, result.consistent) == (Scope.OWN, 0, (), None)


def test_a_blank_cell_is_skipped_not_counted_as_zero() -> None:
    children = {"甲局": valid_report("2021"), "乙局": valid_report("2021")}
    parent = summed(children)
    children["乙局"].set("appeals.review.total", None)
    result = compare_region_totals(parent, children, scope="region")
    assert result.skipped == ("appeals.review.total",)
    children["乙局"].set("appeals.review.total", 0)
    parent.set("appeals.review.total", None)
    assert compare_region_totals(parent, children, scope="region").skipped == ("appeals.review.total",)
    assert result.differences == ()


def test_another_years_child_is_a_caller_error() -> None:
    child = valid_report("2021")
    child.year = 2021
    with pytest.raises(ValueError, match="2021"):
        compare_region_totals(valid_report("2021"), {"甲局": child}, scope="region")


@pytest.mark.parametrize(
    ("overview", "scope"),
    [
        ("2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件", Scope.REGION),  # 平潭 2023
        ("全年，全市共收到政府信息公开申请 1,203 件。", Scope.REGION),
        ("2024年，本机关共收到政府信息公开申请 12 件。", Scope.OWN),
        ("市政府本级共受理政府信息公开申请 40 件。", Scope.OWN),
        ("全市政务公开工作扎实推进。本机关共收到政府信息公开申请 5 件。", Scope.OWN),
        ("全市共收到申请 300 件，其中本级共收到申请 20 件。", Scope.UNKNOWN),  # both: never guess
        ("2024年，我局共收到政府信息公开申请 3 件。", Scope.UNKNOWN),  # says neither
        ("", Scope.UNKNOWN),
    ],
)
def test_detect_scope_reads_only_plain_wording(overview: str, scope: Scope) -> None:
    report = valid_report("2021")
    report.sections.overview = overview
    assert detect_scope(report).scope is scope


def test_unknown_scope_compares_nothing() -> None:
    children = {"甲局": valid_report("2021")}
    parent = valid_report("2021")
    parent.set("requests.received.total", 999)
    result = compare_region_totals(parent, children)
    assert result.scope is Scope.UNKNOWN
    assert result.consistent is None


def test_detected_region_scope_is_compared_with_its_evidence() -> None:
    children = {"甲局": valid_report("2021"), "乙局": valid_report("2021")}
    parent = summed(children)
    parent.sections.overview = "全年，全县共收到政府信息公开申请 10 件。"
    parent.set("requests.granted.total", 0)
    result = compare_region_totals(parent, children)
    assert result.scope is Scope.REGION
    assert result.evidence is not None and "全县" in result.evidence
    assert [d.path for d in result.differences] == ["requests.granted.total"]
