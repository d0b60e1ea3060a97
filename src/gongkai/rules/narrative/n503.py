from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import request_row_label
from gongkai.model.report import Report
from gongkai.rules._common import row_total
from gongkai.rules.narrative._claims import NarrativeRule, find_claims, gap

PATTERNS = (
    re.compile(rf"(?:办结|答复){gap(20, without='复议|诉讼|投诉|信访')}申请{gap(4)}(?P<n>\d+)件"),
    re.compile(r"办结(?:了|共|共计)?(?P<n>\d+)件"),
)


class RuleN503(NarrativeRule):
    """正文称{what} {found} 件（“{phrase}”），而表三 “{table}”为 {expected}

    The number of applications handled that the text states ("办结/答复政府信息公开申请 N 件") equals
    ``三（七）总计·总计``. Outcome phrases ("同意公开答复 9 件") are not taken as the total.

    **Anti-pattern**

    "答复政府信息公开申请 800 件" with 三（七）总计·总计 = 805.

    **Best practice**

    "答复政府信息公开申请 805 件".

    **Basis**

    De-facto (spec §5.5).
    """

    code = "N503"
    name = "text-handled"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        yield from self.compare(
            report,
            find_claims(self.text(report, context), PATTERNS),
            row_total(report, "total_handled"),
            ["requests.total_handled.total"],
            what="办结申请",
            table_label=request_row_label("total_handled"),
        )
