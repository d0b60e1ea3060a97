"""Hypothesis: valid reports have no findings; breaking any single summed cell triggers the matching rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.check import check_report
from gongkai.checker import Severity
from gongkai.model.report import Report
from strategies import summed_cells, valid_reports

LEVEL0 = {"received", "carried_over", "total_handled", "carried_forward"}


@settings(max_examples=150, deadline=None)
@given(valid_reports())
def test_valid_reports_have_no_findings(report: Report) -> None:
    findings = check_report(report)
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert findings == []


def expected_rules(path: str) -> set[str]:
    table, row, _ = path.split(".")
    if table == "appeals":
        return {"T401"}
    rules = {"T302"}
    if row in LEVEL0:
        rules.add("T301")
    if row not in {"received", "carried_over", "carried_forward"}:
        rules.add("T303")
    return rules


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_changing_a_summed_cell_triggers_its_rules(data: st.DataObject) -> None:
    report = data.draw(valid_reports())
    path = data.draw(st.sampled_from(summed_cells(report)))
    delta = data.draw(st.integers(1, 30) | st.integers(-30, -1))
    report.set(path, report.get(path) + delta)
    findings = check_report(report)
    fired = {f.code for f in findings if path in f.paths and f.severity is Severity.ERROR}
    assert expected_rules(path) <= fired, (path, delta, [f.message for f in findings])
