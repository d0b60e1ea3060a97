"""The base class of every checker rule (one rule per module under :mod:`gongkai.rules`).

A rule is pure: :meth:`Rule.evaluate` reads the report (and the context) and yields findings. Its docstring is
its documentation: the first line is the message users see (with named placeholders), then **Anti-pattern**,
**Best practice** and **Basis** sections. ``docs/rules.md`` is generated from them.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar, Literal

from gongkai.checker.arith import show
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity, Value
from gongkai.model.report import Report

Basis = Literal["official", "de-facto"]
TEMPLATES: tuple[str, ...] = ("2019", "2021")


class Rule(ABC):
    """Base class; subclasses set the metadata below and implement :meth:`evaluate`."""

    #: Permanent code, e.g. ``T301``. Never reused, never changed.
    code: ClassVar[str]
    #: Other names: the spec's id (``T3-1``).
    aliases: ClassVar[tuple[str, ...]] = ()
    #: kebab-case English name.
    name: ClassVar[str]
    severity: ClassVar[Severity]
    #: Templates the rule applies to.
    templates: ClassVar[tuple[str, ...]] = TEMPLATES
    #: ``official`` (the format's own text or pure arithmetic) or ``de-facto`` (practice).
    basis: ClassVar[Basis]
    needs_previous: ClassVar[bool] = False
    needs_facts: ClassVar[bool] = False
    #: Further message forms besides the summary line, by key (named placeholders).
    messages: ClassVar[Mapping[str, str]] = {}

    @abstractmethod
    def evaluate(self, report: Report, context: CheckContext) -> Iterable[Finding]:
        """Yield the findings of this rule for ``report``."""

    # -- metadata --------------------------------------------------------------------------------------------

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first docstring line: the message template users see."""
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def group(cls) -> str:
        """The rule's group, from its module: ``gongkai.rules.table3.t301`` → ``table3``."""
        parts = cls.__module__.split(".")
        return parts[-2] if len(parts) >= 2 else ""

    @classmethod
    def all_names(cls) -> tuple[str, ...]:
        return (cls.code, *cls.aliases, cls.name)

    def applies(self, report: Report, context: CheckContext) -> bool:
        """Whether the rule runs: its template, and the previous report / document facts it needs."""
        if report.template not in self.templates:
            return False
        if self.needs_previous and context.previous is None:
            return False
        return not (self.needs_facts and context.facts is None)

    # -- building findings -----------------------------------------------------------------------------------

    def finding(
        self,
        report: Report,
        paths: Sequence[str] = (),
        *,
        form: str | None = None,
        expected: Value = None,
        found: Value = None,
        severity: Severity | None = None,
        **values: object,
    ) -> Finding:
        """A finding of this rule. The message is the summary line (or ``messages[form]``) with ``values``
        filled in; numbers and blanks are shown as in the report (``空`` for a blank)."""
        template = self.summary() if form is None else self.messages[form]
        values = {"expected": expected, "found": found, **values}
        shown = {k: show(v) if v is None or isinstance(v, int | float) else str(v) for k, v in values.items()}
        cells = report.cells or {}
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=template.format(**shown),
            paths=tuple(paths),
            locations=tuple(cells.get(p) for p in paths),
            expected=expected,
            found=found,
        )
