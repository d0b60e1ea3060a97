from __future__ import annotations

from collections.abc import Iterator

from gongkai import layout
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import request_column_label, request_group_label
from gongkai.model.report import REQUEST_COLUMNS, Report
from gongkai.rules._common import cell, imbalance


class RuleT306(Rule):
    """表三 非正式的小计行“{group}”应等于其各子项之和（{column}列）：子项之和为 {expected}，而小计为 {found}

    The official 表三 has no subtotal rows for the categories （三）不予公开, （四）无法提供, （五）不予处理
    and (2021) （六）其他处理: their headings are merged row headers without numbers. Where a report adds
    numbers on such a heading (a non-official layout the reader keeps in ``report.subtotals``), they must
    equal the sum of the category's sub-items.

    **Anti-pattern**

    | 行 | 总计 |
    |---|---|
    | （三）不予公开 | 5 |
    | 1.属于国家秘密 | 1 |
    | 5.属于三类内部事务信息 | 2 |

    (other sub-items 0): 1 + 2 = 3, not 5.

    **Best practice**

    Print the official layout without subtotal numbers; if a subtotal is printed, make it 3.

    **Basis**

    Arithmetic (spec §5.1 T3-6).
    """

    code = "T306"
    aliases = ("T3-6",)
    name = "requests-subtotal"
    severity = Severity.ERROR
    basis = "official"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        fields = type(report.requests).model_fields
        for key, values in report.subtotals.items():
            group = key.split(".")[-1]
            rows = [r for r in layout.group(group).rows if r in fields]
            if not rows:
                continue
            for col in REQUEST_COLUMNS:
                subtotal = values.get(col)
                if subtotal is None:
                    continue
                parts = [cell(report, r, col) for r in rows]
                if miss := imbalance([subtotal], parts):
                    yield self.finding(
                        report,
                        [f"requests.{group}.{col}", *(f"requests.{r}.{col}" for r in rows)],
                        expected=miss.expected,
                        found=miss.found,
                        group=request_group_label(group),
                        column=request_column_label(col),
                    )
