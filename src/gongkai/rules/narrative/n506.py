from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.arith import all_blank, known_sum
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import appeal_column_label, appeal_group_label
from gongkai.model.report import Number, Report
from gongkai.rules._text import sentences
from gongkai.rules.narrative._claims import Claim, NarrativeRule, find_claims, gap

#: "N 件……行政复议": the number must not belong to an earlier item of a list ("诉讼案件1件、行政复议案件2件").
REVERSE_STOP = "、|和|与|(?<!涉)及"
PARTS = ("upheld", "corrected", "other", "pending")
REVIEW = (
    re.compile(rf"行政复议(?:案件)?{gap(6, without='诉讼|起诉')}(?P<n>\d+)件"),
    re.compile(rf"(?<!\d)(?P<n>\d+)件{gap(12, without=REVERSE_STOP + '|诉讼|起诉')}行政复议"),
)
SUIT = (
    re.compile(rf"(?<![败胜])诉讼(?:案件)?{gap(6, without='复议')}(?P<n>\d+)件"),
    re.compile(rf"(?<!\d)(?P<n>\d+)件{gap(12, without=REVERSE_STOP + '|复议')}行政诉讼"),
)
#: The sentence (or the one before it) must be about information disclosure: agencies that decide reviews
#: themselves also report their review caseload in the text.
ABOUT_DISCLOSURE = re.compile(r"信息公开")


def group_total(report: Report, group: str) -> Number:
    total: Number = report.get(f"appeals.{group}.total")
    if total is not None:
        return total
    parts = [report.get(f"appeals.{group}.{c}") for c in PARTS]
    return None if all_blank(parts) else known_sum(parts)


def about_disclosure(claims: list[Claim], text: str) -> list[Claim]:
    all_sentences = sentences(text)
    out = []
    for c in claims:
        i = all_sentences.index(c.sentence)
        context = c.sentence + (all_sentences[i - 1] if i > 0 else "")
        if ABOUT_DISCLOSURE.search(context):
            out.append(c)
    return out


class RuleN506(NarrativeRule):
    """正文称{what} {found} 件（“{phrase}”），而表四 “{table}”为 {expected}

    The counts of 行政复议 and 行政诉讼 the text states (in a sentence about 政府信息公开) equal 表四:
    行政复议·总计, and 未经复议直接起诉·总计 + 复议后起诉·总计 for 诉讼.

    **Anti-pattern**

    "信息公开类行政复议 7 件，诉讼 9 件" with 行政复议·总计 = 5.

    **Best practice**

    The same numbers in the text and in 表四.

    **Basis**

    De-facto (spec §5.5).
    """

    code = "N506"
    name = "text-appeals"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        text = self.text(report, context)
        if not text:
            return
        total = appeal_column_label("total")
        yield from self.compare(
            report,
            about_disclosure(find_claims(text, REVIEW), text),
            group_total(report, "review"),
            ["appeals.review.total"],
            what="行政复议",
            table_label=f"{appeal_group_label('review')}·{total}",
        )
        suits = [group_total(report, g) for g in ("suit_direct", "suit_after_review")]
        yield from self.compare(
            report,
            about_disclosure(find_claims(text, SUIT), text),
            None if all_blank(suits) else known_sum(suits),
            ["appeals.suit_direct.total", "appeals.suit_after_review.total"],
            what="行政诉讼",
            table_label=f"{appeal_group_label('suit_direct')}·{total}＋{appeal_group_label('suit_after_review')}·{total}",
        )
