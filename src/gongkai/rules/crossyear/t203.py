from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import proactive_column_label, proactive_row_label
from gongkai.model.report import Report, Report2019
from gongkai.rules.crossyear._pair import last_year, unless_carried

ROWS = ("licensing", "other_services", "penalty", "coercion", "fees")


class RuleT203(Rule):
    """表二 “{row}”的{column} {found} 应等于上年报告的 {last} + {change} = {expected}

    In the 2019 format, 上一年项目数量 counts the items (事项) at the end of last year and 本年增/减 their net
    change; so this year's 上一年项目数量 should equal last year's 上一年项目数量 + 本年增/减. (The checker
    does NOT require 处理决定数量 = 上一年项目数量 + 本年增/减: decisions are not items.)

    **Anti-pattern**

    2019: 行政许可 133 / -24 / 109; 2020: 行政许可 上一年项目数量 133.

    **Best practice**

    2020: 行政许可 上一年项目数量 109 (133 − 24).

    **Basis**

    De-facto reading of the 2019 columns (spec §2.1, §5.3 T2-3).
    """

    code = "T203"
    aliases = ("T2-3",)
    name = "item-count-continuity"
    severity = Severity.WARNING
    templates = ("2019",)
    basis = "de-facto"
    needs_previous = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        previous = last_year(report, context, Report2019)
        if previous is None:
            return
        for row in ROWS:
            last = previous.get(f"proactive.{row}.items_last_year")
            change = previous.get(f"proactive.{row}.items_change")
            now = report.get(f"proactive.{row}.items_last_year")
            yield from unless_carried(
                self,
                report,
                [f"proactive.{row}.items_last_year"],
                now,
                [last, change],
                row=proactive_row_label("2019", row),
                column=proactive_column_label("2019", row, "items_last_year"),
                last=last,
                change=change,
            )
