"""The engine: severity order, findings, rule selection, sorting, acceptances, exit code, arithmetic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.check import check_report, rule_by_code
from gongkai.checker import (
    AcceptanceFileError,
    CheckContext,
    Finding,
    Rule,
    Severity,
    exit_code,
    failing,
    load_acceptances,
    parse_acceptances,
    run_rules,
)
from gongkai.checker.arith import equation_holds, known_sum, show
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Location, Report
from strategies import fixture_report, valid_report


def test_severity_is_ordered() -> None:
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    order = [Severity.INFO, Severity.WARNING, Severity.ERROR]  # by seriousness, not by the strings' order
    for i, a in enumerate(order):
        for j, b in enumerate(order):
            assert (a < b, a <= b, a > b, a >= b) == (i < j, i <= j, i > j, i >= j), (a, b)
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == order
    assert max([Severity.WARNING, Severity.ERROR, Severity.INFO]) is Severity.ERROR
    assert str(Severity.WARNING) == "warning"


@pytest.mark.parametrize(
    ("lhs", "rhs", "holds"),
    [
        ([1, 2], [3], True),
        ([1, 2], [4], False),
        ([1, None], [4], True),  # the blank can be 3
        ([1, None], [0], False),  # no non-negative value makes 1 + x = 0
        ([5], [None, 2], True),
        ([1], [None, 2], False),
        ([None], [None], True),
        ([0.1, 0.2], [0.3], True),
    ],
)
def test_equation_holds(lhs: list[float | None], rhs: list[float | None], holds: bool) -> None:
    assert equation_holds(lhs, rhs) is holds


def test_known_sum_and_show() -> None:
    assert known_sum([1, None, 2.0]) == 3
    assert show(None) == "空"
    assert show(3.0) == "3"
    assert show(-24) == "-24"


def test_finding_to_dict_carries_locations() -> None:
    report = valid_report("2019")
    report.cells = {"requests.received.total": Location(line=48, text="859")}
    report.set("requests.received.total", 14)
    [finding] = [f for f in check_report(report) if f.code == "T301"]
    assert finding.locations[0] == Location(line=48, text="859")
    assert finding.locations[1] is None
    data = finding.to_dict()
    assert data["code"] == "T301"
    assert data["severity"] == "error"
    assert data["locations"][0] == {"line": 48, "text": "859"}
    assert data["expected"] == 16 and data["found"] == 15
    assert data["accepted"] is None


class _Always(Rule):
    """总是报告 {what}

    **Anti-pattern** x **Best practice** y **Basis** z
    """

    code = "X999"
    name = "always"
    severity = Severity.INFO
    basis = "de-facto"
    templates = ("2021",)
    needs_previous = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        yield self.finding(report, ["year"], what="年份")


def test_rules_are_skipped_by_template_and_missing_context() -> None:
    rule = _Always()
    r2021, r2019 = valid_report("2021"), valid_report("2019")
    assert run_rules(r2021, [rule]) == []  # no previous report
    assert run_rules(r2019, [rule], CheckContext(previous=r2019)) == []  # wrong template
    [f] = run_rules(r2021, [rule], CheckContext(previous=r2021))
    assert f.message == "总是报告 年份"
    assert f.severity is Severity.INFO


def test_errors_sort_first() -> None:
    report = fixture_report("2024-shanghai-stc-converted")
    report.set("requests.granted.total", 10)
    findings = check_report(report)
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    assert findings[0].severity is Severity.ERROR
    assert {f.code for f in findings} == {"T302", "T303", "T304"}


def test_acceptances_mark_findings_and_stop_them_counting(tmp_path: Path) -> None:
    report = valid_report("2021")
    previous = valid_report("2021")
    previous.year = 2021
    report.set("requests.granted.total", 8)
    file = tmp_path / "accepted.yaml"
    file.write_text(
        "- code: T3-5\n  reason: 2022 年机构合并，上年结转由原单位移交\n"
        "- code: T302\n  path: requests.granted.total\n  reason: 原报告如此，已核实\n",
        encoding="utf-8",
    )
    accepted = load_acceptances(file)
    findings = check_report(report, previous=previous, accepted=accepted)
    by_code = {f.code: f for f in findings}
    assert by_code["T302"].accepted == "原报告如此，已核实"
    assert by_code["T305"].accepted == "2022 年机构合并，上年结转由原单位移交"
    assert by_code["T303"].accepted is None  # different code
    assert [f.code for f in failing(findings)] == ["T303"]
    assert exit_code(findings) == 1
    report.set("requests.granted.total", 7)
    assert exit_code(check_report(report, previous=previous, accepted=accepted)) == 0


def test_acceptance_path_must_match() -> None:
    report = valid_report("2019")
    report.set("requests.granted.total", 8)
    accepted = parse_acceptances(
        [{"code": "T302", "path": "requests.partially_granted.total", "reason": "x"}]
    )
    [t302] = [f for f in check_report(report, accepted=accepted) if f.code == "T302"]
    assert t302.accepted is None


@pytest.mark.parametrize("data", [{"code": "T301"}, "T301", [{"reason": "x"}], [["T301"]]])
def test_bad_acceptance_data_is_an_input_error(data: object) -> None:
    with pytest.raises(AcceptanceFileError):
        parse_acceptances(data)


def test_unreadable_acceptance_file_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("- code: [unclosed\n", encoding="utf-8")
    with pytest.raises(AcceptanceFileError, match=r"bad\.yaml"):
        load_acceptances(file)


def test_warnings_fail_only_when_asked() -> None:
    report = fixture_report("2024-shanghai-stc-converted")
    findings = check_report(report)
    assert exit_code(findings) == 0
    assert exit_code(findings, Severity.WARNING) == 1


def test_rule_by_code_alias_and_name() -> None:
    assert rule_by_code("T301").code == "T301"
    assert rule_by_code("t3-1").code == "T301"
    assert rule_by_code("requests-column-balance").code == "T301"
    with pytest.raises(KeyError):
        rule_by_code("T999")


def test_document_rules_need_facts() -> None:
    report = valid_report("2021")
    assert not [f for f in check_report(report) if f.code.startswith("F10") and f.code != "F101"]
    facts = DocumentFacts(tables_found=["proactive", "requests"])
    codes = {f.code for f in check_report(report, facts=facts)}
    assert {"F102", "F103", "F106"} <= codes
