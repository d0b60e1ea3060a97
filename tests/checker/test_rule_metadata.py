"""Every rule is discoverable, documented and consistent; the committed reference equals the generated one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.checker import Rule, Severity
from gongkai.checker.docs import render_rule_docs
from gongkai.rules import all_rules

RULES = all_rules()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
EXPECTED_CODES = {
    "T301", "T302", "T303", "T304", "T306", "T308", "T401", "T402", "T202", "T204", "T205",
    "F101", "F102", "F103", "F104", "F106", "F107", "F108", "T305", "T201", "T203",
    "F109", "F110", "F112", "F113", "N501", "N502", "N503", "N504", "N505", "N506", "N507", "N508", "N509", "N510",
    "N511", "N512",
}  # fmt: skip


def test_all_rules_discovered_once() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert set(codes) == EXPECTED_CODES


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata(rule: Rule) -> None:
    module = type(rule).__module__
    assert module.endswith("." + rule.code.lower()), "a rule's file is named by its code"
    assert rule.group() in {"table2", "table3", "table4", "format", "narrative", "crossyear"}
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert isinstance(rule.severity, Severity)
    assert set(rule.templates) <= {"2019", "2021"} and rule.templates
    assert rule.basis in ("official", "de-facto")
    doc = rule.doc()
    for section in ("**Anti-pattern**", "**Best practice**", "**Basis**"):
        assert section in doc, f"{rule.code}: docstring lacks {section}"
    assert rule.summary() and not rule.summary().isascii(), "the first line is the Chinese message"


def test_spec_aliases() -> None:
    aliases = {a: r.code for r in RULES for a in r.aliases}
    assert aliases["T3-1"] == "T301" and aliases["F-6"] == "F106" and aliases["T2-3"] == "T203"


def test_committed_reference_is_generated() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_rule_docs(RULES), (
        "docs/rules.md is stale: regenerate it with gongkai.checker.docs.render_rule_docs(all_rules())"
    )


def test_reference_lists_every_rule() -> None:
    text = render_rule_docs(RULES)
    for r in RULES:
        assert f"### {r.code}" in text
        assert r.summary() in text
