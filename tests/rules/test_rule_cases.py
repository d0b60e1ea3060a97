"""Every rule's YAML cases (``cases/<code>.yaml``): a base report, the cells a case changes, and the findings
expected from that rule. One parametrised test runs them all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gongkai.checker import CheckContext, Finding, run_rules
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report
from gongkai.rules import all_rules
from strategies import base_report

CASES_DIR = Path(__file__).parent / "cases"
RULES = {r.code: r for r in all_rules()}


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem, f"{path.name}: rule {data['rule']} does not match the file name"
        for case in data["cases"]:
            out.append((data["rule"], case))
    return out


CASES = load_cases()


def build(spec: dict[str, Any]) -> Report:
    report = base_report(spec.get("base", "valid-2019"))
    for path, value in (spec.get("set") or {}).items():
        report.set(path, value)
    for key, text in (spec.get("sections") or {}).items():
        report.set(f"sections.{key}", text)
    report.subtotals.update(spec.get("subtotals") or {})
    return report


def matches(finding: Finding, want: dict[str, Any]) -> bool:
    if finding.code != want.get("code", finding.code):
        return False
    if "paths" in want and list(finding.paths) != want["paths"]:
        return False
    if "path" in want and want["path"] not in finding.paths:
        return False
    if "severity" in want and str(finding.severity) != want["severity"]:
        return False
    for key in ("expected", "found"):
        if key in want and getattr(finding, key) != want[key]:
            return False
    return all(part in finding.message for part in want.get("message_contains", []))


@pytest.mark.parametrize(("code", "case"), CASES, ids=[f"{c}-{case['name']}" for c, case in CASES])
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    rule = RULES[code]
    report = build(case)
    previous = build(case["previous"]) if "previous" in case else None
    facts = DocumentFacts(**case["facts"]) if "facts" in case else None
    findings = run_rules(report, [rule], CheckContext(previous=previous, facts=facts))
    expected = case.get("expect") or []
    shown = "\n".join(f"{f.code} {f.paths} {f.expected}/{f.found} {f.message}" for f in findings)
    assert len(findings) == len(expected), f"got:\n{shown}"
    remaining = list(findings)
    for want in expected:
        hit = next((f for f in remaining if matches(f, want)), None)
        assert hit is not None, f"no finding matches {want}; got:\n{shown}"
        remaining.remove(hit)


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_passing_and_failing_cases(code: str) -> None:
    cases = [case for c, case in CASES if c == code]
    assert any(not case.get("expect") for case in cases), f"{code}: no passing case"
    assert any(case.get("expect") for case in cases), f"{code}: no failing case"
