"""What the checker reports: a :class:`Finding` per problem, with a :class:`Severity`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from gongkai.model.report import Location

#: A value shown as "expected" or "found": a number, a short text, or nothing.
Value = int | float | str | None


class Severity(StrEnum):
    """How serious a finding is. Ordered: ``INFO < WARNING < ERROR``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Finding:
    """One problem found in one report.

    ``paths`` are the model paths of the cells involved (``requests.received.total``); ``locations`` holds,
    for
    each path in the same order, where the value was read from (``report.cells``), or ``None``. ``accepted``
    is
    the reason a person gave for accepting the finding (see :mod:`gongkai.checker.engine`), else ``None``.
    """

    code: str
    name: str
    severity: Severity
    message: str
    paths: tuple[str, ...] = ()
    locations: tuple[Location | None, ...] = ()
    expected: Value = None
    found: Value = None
    accepted: str | None = None

    def accept(self, reason: str) -> Finding:
        return replace(self, accepted=reason)

    @property
    def counts(self) -> bool:
        """Whether the finding counts for the exit code (accepted findings do not)."""
        return self.accepted is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "paths": list(self.paths),
            "locations": [
                None if loc is None else loc.model_dump(exclude_none=True) for loc in self.locations
            ],
            "expected": self.expected,
            "found": self.found,
            "accepted": self.accepted,
        }
