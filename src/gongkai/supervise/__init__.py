"""The supervising office's checks over many reports (``spec/supervision.md`` §3): copied text across
reports, a region's totals against its agencies' reports, and the roster. The single-report supervisory checks
are ordinary rules (N511 section 五 says nothing, N512 copied from last year, F101 template of the year).

A public subpackage: its ``__all__`` is public API (``docs/architecture.md``).
"""

from __future__ import annotations

from gongkai.similarity import CopyConfig, Passage, TextMatch, compare_texts
from gongkai.supervise.copies import COPY_SECTIONS, CopyPair, CopySource, find_copies
from gongkai.supervise.roster import (
    ExpectedAgency,
    ReceivedReport,
    Roster,
    RosterEntry,
    RosterStatus,
    check_roster,
)
from gongkai.supervise.totals import (
    CellDifference,
    ChildValue,
    RegionTotals,
    Scope,
    ScopeReading,
    compare_region_totals,
    detect_scope,
)

__all__ = [
    "COPY_SECTIONS",
    "CellDifference",
    "ChildValue",
    "CopyConfig",
    "CopyPair",
    "CopySource",
    "ExpectedAgency",
    "Passage",
    "ReceivedReport",
    "RegionTotals",
    "Roster",
    "RosterEntry",
    "RosterStatus",
    "Scope",
    "ScopeReading",
    "TextMatch",
    "check_roster",
    "compare_region_totals",
    "compare_texts",
    "detect_scope",
    "find_copies",
]
