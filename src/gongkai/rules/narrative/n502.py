from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import request_row_label
from gongkai.model.report import Report
from gongkai.rules._common import row_total
from gongkai.rules.narrative._claims import NarrativeRule, find_claims, gap

PATTERNS = (re.compile(rf"(?:上一?年度?|去年)结转{gap(12, without='下')}(?P<n>\d+)件"),)


class RuleN502(NarrativeRule):
    """正文称{what} {found} 件（“{phrase}”），而表三 “{table}”为 {expected}

    The number of applications carried over from last year that the text states ("上年结转 N 件") equals
    ``二、上年结转政府信息公开申请数量·总计``.

    **Anti-pattern**

    "上年结转政府信息公开申请 3 件" with 二、上年结转·总计 = 2.

    **Best practice**

    "上年结转政府信息公开申请 2 件".

    **Basis**

    De-facto (spec §5.5).
    """

    code = "N502"
    name = "text-carried-over"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        yield from self.compare(
            report,
            find_claims(self.text(report, context), PATTERNS),
            row_total(report, "carried_over"),
            ["requests.carried_over.total"],
            what="上年结转",
            table_label=request_row_label("carried_over"),
        )
