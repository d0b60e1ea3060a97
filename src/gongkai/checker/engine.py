"""Running rules over a report, and the findings a person accepted.

Accepted findings are DATA, never code: a YAML file of entries ``{code, path, reason}``::

    - code: T305            # the rule's code or an alias (T3-5)
      path: requests.carried_over.total   # optional: one of the finding's paths; omitted = every finding
      reason: 2023 年机构改革，上年结转由原市经信委移交

A matching finding keeps its place in the output with ``accepted`` set to the reason, and does not count for
the
exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.errors import InputError
from gongkai.model.report import Report


class AcceptanceFileError(InputError):
    """The acceptance file is not a list of ``{code, path, reason}`` entries."""

    code = "acceptance-file"
    message = "接受记录文件格式不正确"
    hint = "每条应为 {code, path, reason}，path 可省略"


@dataclass(frozen=True)
class Acceptance:
    """A person's decision that a finding is explained: ``code`` (or alias), optional ``path``, ``reason``."""

    code: str
    reason: str
    path: str | None = None

    def matches(self, finding: Finding, aliases: Sequence[str] = ()) -> bool:
        if self.code != finding.code and self.code not in aliases:
            return False
        return self.path is None or self.path in finding.paths


def parse_acceptances(data: Any, source: str = "<data>") -> tuple[Acceptance, ...]:
    """Acceptances from parsed YAML/JSON: a list of mappings, or ``{"accepted": [...]}``."""
    if isinstance(data, dict) and "accepted" in data:
        data = data["accepted"]
    if data is None:
        return ()
    if not isinstance(data, list):
        raise AcceptanceFileError("应为条目列表", file=source)
    out: list[Acceptance] = []
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("reason"):
            raise AcceptanceFileError(f"第{i}条缺少 code 或 reason", file=source)
        path = entry.get("path")
        out.append(Acceptance(code=str(entry["code"]), reason=str(entry["reason"]), path=path and str(path)))
    return tuple(out)


def load_acceptances(path: str | Path) -> tuple[Acceptance, ...]:
    """Read an acceptance file (YAML)."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise AcceptanceFileError(type(exc).__name__, file=str(p)) from exc
    return parse_acceptances(data, str(p))


def apply_acceptances(
    findings: Iterable[Finding], accepted: Iterable[Acceptance], rules: Iterable[Rule] = ()
) -> list[Finding]:
    """Mark each finding that an acceptance matches with its reason."""
    aliases = {r.code: r.aliases for r in rules}
    accepted = tuple(accepted)
    out: list[Finding] = []
    for f in findings:
        match = next((a for a in accepted if a.matches(f, aliases.get(f.code, ()))), None)
        out.append(f if match is None else f.accept(match.reason))
    return out


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; within a severity by code and first path."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.code, f.paths))


def run_rules(
    report: Report,
    rules: Iterable[Rule],
    context: CheckContext | None = None,
    accepted: Iterable[Acceptance] = (),
) -> list[Finding]:
    """Run every rule that applies to ``report`` (template; previous report and facts when needed)."""
    context = context or CheckContext()
    rules = list(rules)
    findings: list[Finding] = []
    for rule in rules:
        if rule.applies(report, context):
            findings.extend(rule.evaluate(report, context))
    return sort_findings(apply_acceptances(findings, accepted, rules))


def failing(findings: Iterable[Finding], fail_on: Severity = Severity.ERROR) -> list[Finding]:
    """The findings that count for the exit code: not accepted, at or above ``fail_on``."""
    return [f for f in findings if f.counts and f.severity >= fail_on]


def exit_code(findings: Iterable[Finding], fail_on: Severity = Severity.ERROR) -> int:
    """``1`` if any finding counts at or above ``fail_on``, else ``0`` (``2`` is for unusable input)."""
    return 1 if failing(findings, fail_on) else 0
