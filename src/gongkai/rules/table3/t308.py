from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import request_row_label, section_heading
from gongkai.model.report import Report
from gongkai.rules._common import row_total
from gongkai.rules._text import FEE_ZERO, normalize_text


class RuleT308(Rule):
    """“{section}”称未收取信息处理费，但表三 “{row}”为 {found}

    In the 2021 template, 三（六）2 counts applications closed because the applicant did not pay the fee
    notice (国办函〔2020〕109号). If section 六 says no 信息处理费 was charged, that row should normally be 0.
    A warning only: a fee notice can be sent and then left unpaid, so nothing was collected.

    **Anti-pattern**

    六、其他需要报告的事项："本年度未收取信息处理费。" with 三（六）2 总计 = 3.

    **Best practice**

    Either 三（六）2 = 0, or section 六 explains the fee notices that were not paid.

    **Basis**

    De-facto inference from 109号 and the 2021 table (spec §5.1 T3-8).
    """

    code = "T308"
    aliases = ("T3-8",)
    name = "unpaid-fee-without-fees"
    severity = Severity.WARNING
    templates = ("2021",)
    basis = "de-facto"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        text = report.sections.other
        if not text or not FEE_ZERO.search(normalize_text(text)):
            return
        if getattr(report.requests, "other_unpaid_fee", None) is None:
            return
        value = row_total(report, "other_unpaid_fee")
        if value is None or value <= 0:
            return
        yield self.finding(
            report,
            ["requests.other_unpaid_fee.total", "sections.other"],
            expected=0,
            found=value,
            section=section_heading("other"),
            row=request_row_label("other_unpaid_fee"),
        )
