from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import request_row_label
from gongkai.model.report import Report
from gongkai.rules._common import row_total
from gongkai.rules._text import sentences
from gongkai.rules.narrative._claims import NarrativeRule

NONE_RECEIVED = re.compile(
    r"(?:无|没有|未)(?:收到|受理|发生|产生)?(?:任何)?(?:依申请公开|政府信息公开申请|信息公开申请)"
)
CLAUSE = re.compile(r"[^,;，；]+")
ROWS = ("received", "carried_over", "total_handled")


class RuleN508(NarrativeRule):
    """正文称“{phrase}”，但表三 {cells}

    When the text says there were no applications ("本年度无依申请公开", "未收到政府信息公开申请"), 表三 is
    zero: 一、本年新收, 二、上年结转 and 三（七）总计.

    **Anti-pattern**

    "本年度未收到政府信息公开申请" with 一、本年新收·总计 = 3.

    **Best practice**

    The text and 表三 agree (the reference example: text "无", table all 0).

    **Basis**

    De-facto (spec §5.5).
    """

    code = "N508"
    name = "text-no-applications"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        for sentence in sentences(self.text(report, context)):
            for clause in CLAUSE.findall(sentence):
                m = NONE_RECEIVED.search(clause)
                if m is None or "复议" in clause or "诉讼" in clause:
                    continue
                cells = [(r, v) for r in ROWS if (v := row_total(report, r)) is not None and v > 0]
                if not cells:
                    return
                yield self.finding(
                    report,
                    [f"requests.{r}.total" for r, _ in cells],
                    expected=0,
                    found=cells[0][1],
                    phrase=m.group(0),
                    cells="、".join(f"“{request_row_label(r)}”为 {v:g}" for r, v in cells),
                )
                return
