"""The checker engine: runs rules over a report and collects findings. It never imports a concrete rule
(an import-linter contract enforces it); the rules live in :mod:`gongkai.rules`, the facade in
:mod:`gongkai.check`."""

from gongkai.checker.context import CheckContext
from gongkai.checker.engine import (
    Acceptance,
    AcceptanceFileError,
    exit_code,
    failing,
    load_acceptances,
    parse_acceptances,
    run_rules,
)
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule

__all__ = [
    "Acceptance",
    "AcceptanceFileError",
    "CheckContext",
    "Finding",
    "Rule",
    "Severity",
    "exit_code",
    "failing",
    "load_acceptances",
    "parse_acceptances",
    "run_rules",
]
