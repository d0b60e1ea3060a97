from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.arith import show_sum
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import appeal_column_label, appeal_group_label
from gongkai.model.report import Report
from gongkai.rules._common import imbalance

GROUPS = ("review", "suit_direct", "suit_after_review")
PARTS = ("upheld", "corrected", "other", "pending")


class RuleT401(Rule):
    """表四 “{group}”的{total_label}应等于{parts_label}之和：{parts} = {expected}，而{total_label}为 {found}

    For each of the three groups (行政复议; 行政诉讼·未经复议直接起诉; 行政诉讼·复议后起诉): ``总计 = 结果维持
    + 结果纠正 + 其他结果 + 尚未审结``.

    **Anti-pattern**

    | 行政复议 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
    |---|---|---|---|---|---|
    | | 5 | 0 | 0 | 2 | 5 |

    **Best practice**

    | 行政复议 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
    |---|---|---|---|---|---|
    | | 5 | 0 | 0 | 2 | 7 |

    **Basis**

    Arithmetic of the table header (spec §5.2 T4-1).
    """

    code = "T401"
    aliases = ("T4-1",)
    name = "appeals-group-total"
    severity = Severity.ERROR
    basis = "official"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        for group in GROUPS:
            parts = [report.get(f"appeals.{group}.{c}") for c in PARTS]
            total = report.get(f"appeals.{group}.total")
            if miss := imbalance([total], parts):
                yield self.finding(
                    report,
                    [f"appeals.{group}.total", *(f"appeals.{group}.{c}" for c in PARTS)],
                    expected=miss.expected,
                    found=miss.found,
                    group=appeal_group_label(group),
                    total_label=appeal_column_label("total"),
                    parts_label="、".join(appeal_column_label(c) for c in PARTS),
                    parts=show_sum(parts),
                )
