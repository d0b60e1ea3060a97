"""Checking a report: the facade over the engine (:mod:`gongkai.checker`) and the rules
(:mod:`gongkai.rules`).

>>> findings = check_report(report)                       # doctest: +SKIP
>>> findings = check_report(report, previous=last_year, facts=facts,
...                         accepted=load_acceptances("accepted.yaml"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.checker import Acceptance, CheckContext, Finding, Rule, run_rules
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report
from gongkai.rules import all_rules


def check_report(
    report: Report,
    *,
    previous: Report | None = None,
    facts: DocumentFacts | None = None,
    accepted: Iterable[Acceptance] = (),
) -> list[Finding]:
    """Every finding of every rule that applies, errors first. Cross-year rules run only with ``previous``,
    document rules only with ``facts``; ``accepted`` findings are marked with the person's reason."""
    return run_rules(report, all_rules(), CheckContext(previous=previous, facts=facts), accepted)


def rule_by_code(code_or_alias: str) -> Rule:
    """The rule with this code (``T301``), spec alias (``T3-1``) or name (``requests-column-balance``)."""
    wanted = code_or_alias.strip().upper()
    for rule in all_rules():
        if wanted in (n.upper() for n in rule.all_names()):
            return rule
    raise KeyError(f"no checker rule {code_or_alias!r}")


__all__ = ["check_report", "rule_by_code"]
