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
    # "件", and "条" as 平潭经济发展局 2023 writes it ("共收到政府信息公开申请0条")
    re.compile(rf"(?:收到|受理|新收){gap(20, without='复议|诉讼|投诉|信访')}申请{gap(6)}(?P<n>\d+)[件条]"),
)


class RuleN501(NarrativeRule):
    """正文称{what} {found} 件（“{phrase}”），而表三 “{table}”为 {expected}

    The number of applications received that the text states ("共收到/受理政府信息公开申请 N 件") equals
    ``一、本年新收政府信息公开申请数量·总计`` (where that cell is blank: the sum of the applicant columns). A
    text that counts the carried-over applications in ("含上年结转") is accepted too.

    **Anti-pattern**

    "全年共受理政府信息公开申请 36 件" with 一、本年新收·总计 = 34.

    **Best practice**

    "全年共受理政府信息公开申请 34 件，上年结转 2 件".

    **Basis**

    De-facto: the narrative and the tables report the same year (spec §5.5).
    """

    code = "N501"
    name = "text-received"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        claims = find_claims(self.text(report, context), PATTERNS)
        received = row_total(report, "received")
        carried = row_total(report, "carried_over")
        also = [received + carried] if received is not None and carried is not None else []
        yield from self.compare(
            report,
            claims,
            received,
            ["requests.received.total"],
            what="收到申请",
            table_label=request_row_label("received"),
            also=also,
        )
