"""Copied text across reports (``spec/supervision.md`` §3 item 9): sections 一 and 五 of each report compared
with the same agency's previous year and with the other agencies' reports of the same year.

:func:`find_copies` takes the texts of many reports (a region's, a year or two of them), finds candidate pairs
with MinHash + LSH (:mod:`gongkai.similarity`) and compares only those exactly. The previous-year pair of one
report is also rule N512, run by the ordinary checker with the previous report from the context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from gongkai.model.report import Report
from gongkai.similarity import CopyConfig, Passage, candidate_pairs, iter_matches

#: The sections compared: 一、总体情况 and 五、存在的主要问题及改进情况.
COPY_SECTIONS: tuple[str, ...] = ("overview", "problems")

Relation = Literal["previous_year", "same_year"]


@dataclass(frozen=True)
class CopySource:
    """One report's texts as the copy detector sees them: the caller's ``key`` (a report id), the agency's
    identity (``agency``: an id or a name, compared as given) and the report's year."""

    key: str
    agency: str
    year: int
    sections: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_report(cls, key: str, report: Report, *, agency: str | None = None) -> CopySource:
        """The sections 一 and 五 of ``report``; ``agency`` defaults to the name the report prints."""
        name = agency or report.agency
        if name is None or report.year is None:
            raise ValueError(f"{key}: the agency and the year must be known to compare reports")
        texts = {k: getattr(report.sections, k) for k in COPY_SECTIONS}
        return cls(key, name, report.year, {k: v for k, v in texts.items() if v})


@dataclass(frozen=True)
class CopyPair:
    """Two reports whose ``section`` shares ``similarity`` of its text; ``a`` is the earlier report of a
    previous-year pair. ``passages`` give offsets into ``a``'s and ``b``'s section text (side by side)."""

    section: str
    a: str
    b: str
    relation: Relation
    similarity: float
    passages: tuple[Passage, ...]


def relation(a: CopySource, b: CopySource) -> Relation | None:
    """``previous_year`` (one agency, consecutive years), ``same_year`` (two agencies, one year), or None."""
    if a.agency == b.agency:
        return "previous_year" if abs(a.year - b.year) == 1 else None
    return "same_year" if a.year == b.year else None


def find_copies(sources: Iterable[CopySource], config: CopyConfig | None = None) -> list[CopyPair]:
    """Every pair of ``sources`` whose section 一 or 五 is at least ``config.threshold`` alike, among the
    pairs :func:`relation` names (an agency's consecutive years; two agencies in one year), most similar
    first.

    ``config`` defaults to ``CopyConfig.default()`` (``catalog/supervision.yaml``). Keys must be unique.
    """
    config = config or CopyConfig.default()
    by_key: dict[str, CopySource] = {}
    for s in sources:
        if s.key in by_key:
            raise ValueError(f"duplicate report key {s.key!r}")
        by_key[s.key] = s
    found: list[CopyPair] = []
    for section in COPY_SECTIONS:
        texts = {k: s.sections[section] for k, s in by_key.items() if s.sections.get(section)}
        pairs = [
            _ordered(by_key[a], by_key[b])
            for a, b in candidate_pairs(texts, config)
            if relation(by_key[a], by_key[b]) is not None
        ]
        for a, b, match in iter_matches(texts, sorted(pairs), config):
            kind = relation(by_key[a], by_key[b])
            assert kind is not None
            found.append(CopyPair(section, a, b, kind, match.similarity, match.passages))
    found.sort(key=lambda p: (-p.similarity, p.section, p.a, p.b))
    return found


def _ordered(a: CopySource, b: CopySource) -> tuple[str, str]:
    """The earlier report first (then by key), so a previous-year pair reads last year → this year."""
    first, second = sorted((a, b), key=lambda s: (s.year, s.key))
    return first.key, second.key


__all__: Sequence[str] = ["COPY_SECTIONS", "CopyPair", "CopySource", "find_copies", "relation"]
