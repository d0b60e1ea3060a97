from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.model.report import Report


class RuleF104(Rule):
    """统计期限写的是 {period} 年，与报告年度 {expected} 年不符

    The statistical period ("本报告中所列数据的统计期限自YYYY年1月1日起至YYYY年12月31日止") names the report
    year. A different year usually means last year's text was copied.

    **Anti-pattern**

    Title "2022 年政府信息公开工作年度报告", text "统计期限自2021年1月1日起至2021年12月31日止".

    **Best practice**

    "统计期限自2022年1月1日起至2022年12月31日止".

    **Basis**

    De-facto practice; DB51/T 2660—2019 2.1 "年度报告统计时间段为上一年度1月1日至12月31日" (spec §5.4 F-4).
    """

    code = "F104"
    aliases = ("F-4",)
    name = "statistical-period"
    severity = Severity.WARNING
    basis = "de-facto"
    needs_facts = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        assert context.facts is not None
        years = context.facts.period_years
        if report.year is None or not years or all(y == report.year for y in years):
            return
        yield self.finding(
            report,
            ["year"],
            expected=report.year,
            found="、".join(str(y) for y in years),
            period="、".join(str(y) for y in dict.fromkeys(years)),
        )
