"""Numbers the narrative states, found by conservative patterns, and the comparison with the tables.

The text is normalised first (NFKC, so ，；（ become ,;( ; whitespace removed). A number is taken only inside
one
clause (never across 。;,), within a short window of its keyword, with no other digit in between.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from gongkai.checker.arith import EPSILON
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.model.report import Number, Report
from gongkai.rules._text import narrative_text, sentences

#: One character of a clause that is not a digit (the window between a keyword and its number).
GAP = r"[^。;,!?\d]"
#: Just before the keyword: a comparison with last year, not this year's figure.
_COMPARISON = re.compile(r"(?:上年|去年|上一年|同比|较|比)$")


def gap(n: int, *, without: str = "") -> str:
    """Up to ``n`` clause characters (lazy), optionally never containing one of the words in ``without``."""
    if not without:
        return f"{GAP}{{0,{n}}}?"
    return f"(?:(?!{without}){GAP}){{0,{n}}}?"


@dataclass(frozen=True)
class Claim:
    """A number the text states, the words around it, and the sentence it stands in."""

    number: int
    phrase: str
    sentence: str


def find_claims(text: str, patterns: Sequence[re.Pattern[str]]) -> list[Claim]:
    """Every ``(?P<n>…)`` number the patterns find, once per (number, sentence)."""
    out: dict[tuple[int, str], Claim] = {}
    for sentence in sentences(text):
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                before = sentence[max(0, m.start() - 3) : m.start()]
                if _COMPARISON.search(before):
                    continue
                claim = Claim(int(m.group("n")), m.group(0), sentence)
                out.setdefault((claim.number, sentence), claim)
    return list(out.values())


def same(a: Number, b: Number) -> bool:
    return a is not None and b is not None and abs(a - b) < EPSILON


class NarrativeRule(Rule):
    """Base of the narrative rules: warnings, de-facto, comparing text figures with table values."""

    severity = Severity.WARNING
    basis = "de-facto"

    def text(self, report: Report, context: CheckContext) -> str:
        return narrative_text(report, context)

    def compare(
        self,
        report: Report,
        claims: Iterable[Claim],
        value: Number,
        paths: Sequence[str],
        *,
        what: str,
        table_label: str,
        also: Iterable[Number] = (),
    ) -> Iterator[Finding]:
        """A finding for each claim that differs from ``value`` (and from every value in ``also``)."""
        if value is None:
            return
        accepted = [value, *also]
        for claim in claims:
            if any(same(claim.number, v) for v in accepted):
                continue
            yield self.finding(
                report,
                paths,
                expected=value,
                found=claim.number,
                what=what,
                phrase=claim.phrase,
                table=table_label,
            )
