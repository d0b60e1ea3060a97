from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import cell_label
from gongkai.model.report import Report
from gongkai.rules._text import sentences
from gongkai.rules.narrative._claims import NarrativeRule

UPHELD_ALL = re.compile(r"均(?:获|被|予以|得到|已)?维持|全部(?:获|被|予以|得到)?维持")
NOT_UPHELD = ("corrected", "other", "pending")


class RuleN507(NarrativeRule):
    """正文称复议、诉讼“{phrase}”，但表四 {cells}

    When the text says every review or suit was upheld ("均获维持"), 表四 shows no 结果纠正, 其他结果 or
    尚未审结 in the groups the sentence speaks of (行政复议 and/or 行政诉讼).

    **Anti-pattern**

    "信息公开类行政复议 7 件，诉讼 9 件，均获维持" with 行政复议·尚未审结 = 2 and 未经复议直接起诉·尚未审结 =
    1.

    **Best practice**

    "……已审结的均获维持，另有 3 件尚未审结", or the table showing the cases as upheld once decided.

    **Basis**

    De-facto (spec §5.5, §5.2).
    """

    code = "N507"
    name = "text-all-upheld"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        for sentence in sentences(self.text(report, context)):
            m = UPHELD_ALL.search(sentence)
            if m is None:
                continue
            review, suit = "复议" in sentence, "诉讼" in sentence
            if not (review or suit):
                continue
            groups = (["review"] if review else []) + (["suit_direct", "suit_after_review"] if suit else [])
            cells = [
                (f"appeals.{g}.{c}", v)
                for g in groups
                for c in NOT_UPHELD
                if (v := report.get(f"appeals.{g}.{c}")) is not None and v > 0
            ]
            if not cells:
                continue
            yield self.finding(
                report,
                [p for p, _ in cells],
                expected=0,
                found=sum(v for _, v in cells),
                phrase=m.group(0),
                cells="、".join(f"“{cell_label(p)}”为 {v:g}" for p, v in cells),
            )
            return
