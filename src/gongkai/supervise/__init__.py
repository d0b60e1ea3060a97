"""The supervising office's checks over many reports (``spec/supervision.md`` §2–4): copied text across
reports, a region's totals against its agencies' reports, the roster, a region's 汇总 (:mod:`.summary`), the
dataset for researchers (:mod:`.dataset`), and the indicators of §4 with their distributions, rankings and
outlier flags (:mod:`.indicators`). The single-report supervisory checks are ordinary rules (N511 section 五
says nothing, N512 copied from last year, F101 template of the year).

A public subpackage: its ``__all__`` is public API (``docs/architecture.md``).
"""

from __future__ import annotations

from gongkai.similarity import CopyConfig, Passage, TextMatch, compare_texts
from gongkai.supervise.copies import COPY_SECTIONS, CopyPair, CopySource, find_copies
from gongkai.supervise.dataset import (
    COLUMNS,
    FORMATS,
    Entry,
    Extra,
    Record,
    entry_rows,
    iter_chunks,
    write_dataset,
)
from gongkai.supervise.indicators import (
    COUNT_KEYS,
    INDICATOR_KEYS,
    OUTCOME_KEYS,
    RATE_KEYS,
    Distribution,
    Indicator,
    IndicatorConfig,
    Outlier,
    Ranked,
    Ranking,
    YearOnYear,
    compare_years,
    compute_indicators,
    format_change,
    format_value,
    indicator_definition,
    indicator_label,
    is_rate,
    outcome_label,
    outcome_mix,
    quartile_outliers,
    rank,
    region_distribution,
    report_outliers,
)
from gongkai.supervise.roster import (
    ExpectedAgency,
    ReceivedReport,
    Roster,
    RosterEntry,
    RosterStatus,
    check_roster,
)
from gongkai.supervise.summary import Contribution, Summary, SummedCell, sum_reports, summary_title
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
    "COLUMNS",
    "COPY_SECTIONS",
    "COUNT_KEYS",
    "FORMATS",
    "INDICATOR_KEYS",
    "OUTCOME_KEYS",
    "RATE_KEYS",
    "CellDifference",
    "ChildValue",
    "Contribution",
    "CopyConfig",
    "CopyPair",
    "CopySource",
    "Distribution",
    "Entry",
    "ExpectedAgency",
    "Extra",
    "Indicator",
    "IndicatorConfig",
    "Outlier",
    "Passage",
    "Ranked",
    "Ranking",
    "ReceivedReport",
    "Record",
    "RegionTotals",
    "Roster",
    "RosterEntry",
    "RosterStatus",
    "Scope",
    "ScopeReading",
    "Summary",
    "SummedCell",
    "TextMatch",
    "YearOnYear",
    "check_roster",
    "compare_region_totals",
    "compare_texts",
    "compare_years",
    "compute_indicators",
    "detect_scope",
    "entry_rows",
    "find_copies",
    "format_change",
    "format_value",
    "indicator_definition",
    "indicator_label",
    "is_rate",
    "iter_chunks",
    "outcome_label",
    "outcome_mix",
    "quartile_outliers",
    "rank",
    "region_distribution",
    "report_outliers",
    "sum_reports",
    "summary_title",
    "write_dataset",
]
