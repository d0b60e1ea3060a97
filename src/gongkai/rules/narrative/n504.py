from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import request_row_label
from gongkai.model.report import Report
from gongkai.rules._common import row_total
from gongkai.rules.narrative._claims import NarrativeRule, find_claims, gap

_NEXT_YEAR = r"(?:结转|顺延|转)(?:至|到|入)?下一?年度?"
PATTERNS = (
    re.compile(rf"{_NEXT_YEAR}{gap(10)}(?P<n>\d+)件"),
    re.compile(rf"(?<!\d)(?P<n>\d+)件{gap(20, without='、|和|与|(?<!涉)及')}{_NEXT_YEAR}"),
)


class RuleN504(NarrativeRule):
    """正文称{what} {found} 件（“{phrase}”），而表三 “{table}”为 {expected}

    The number of applications carried forward to next year that the text states ("结转下年度办理 N 件", "N
    件申请……顺延到下年度") equals ``四、结转下年度继续办理·总计`` (where that cell is blank: the sum of the
    applicant columns).

    **Anti-pattern**

    "另有 72 件申请顺延到下年度答复" with 四、结转下年度继续办理·总计 = 70.

    **Best practice**

    The same number in the text and the table.

    **Basis**

    De-facto (spec §5.5).
    """

    code = "N504"
    name = "text-carried-forward"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        yield from self.compare(
            report,
            find_claims(self.text(report, context), PATTERNS),
            row_total(report, "carried_forward"),
            ["requests.carried_forward.total"],
            what="结转下年度",
            table_label=request_row_label("carried_forward"),
        )
