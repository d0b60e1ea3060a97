from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import appeal_column_label, appeal_group_label
from gongkai.model.report import APPEAL_COLUMNS, Report
from gongkai.rules._common import check_count_cells

GROUPS = ("review", "suit_direct", "suit_after_review")


class RuleT402(Rule):
    """表四 “{cell}”应为非负整数，而填写的是 {found}

    Every cell of 表四 is a count of cases: a non-negative integer (error). A blank cell is a warning, one
    finding per group naming its blank cells; T401 does not also fail because of it.

    **Anti-pattern**

    | 行政复议 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
    |---|---|---|---|---|---|
    | | 5 | | | 2 | 7 |

    **Best practice**

    | 行政复议 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
    |---|---|---|---|---|---|
    | | 5 | 0 | 0 | 2 | 7 |

    **Basis**

    De-facto: counts are whole numbers; zeros are data (spec §5.2 T4-2).
    """

    code = "T402"
    aliases = ("T4-2",)
    name = "appeals-cell-values"
    severity = Severity.ERROR
    basis = "de-facto"
    messages: ClassVar[Mapping[str, str]] = {
        "blank": "表四 “{group}”有空白单元格（{columns}），应填写数字（没有则填 0）"
    }

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        for group in GROUPS:
            yield from check_count_cells(
                self,
                report,
                context,
                f"appeals.{group}",
                APPEAL_COLUMNS,
                appeal_group_label(group),
                appeal_column_label,
                row_placeholder="group",
            )
