from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import cell_label
from gongkai.model.report import Report


class RuleT204(Rule):
    """表二 “{cell}”为 {found}，但报告未注明单位（元或万元）

    The 2019 template prints no unit for 采购总金额, and reports use 元 and 万元 alike. When the report states
    neither in the cell nor in the text, the amount cannot be compared or added up.

    **Anti-pattern**

    | 信息内容 | 采购项目数量 | 采购总金额 |
    |---|---|---|
    | 政府集中采购 | 16 | 6776647.8 |

    **Best practice**

    | 信息内容 | 采购项目数量 | 采购总金额 |
    |---|---|---|
    | 政府集中采购 | 16 | 6776647.8（单位：元） |

    **Basis**

    De-facto (spec §2.1, §5.3 T2-4).
    """

    code = "T204"
    aliases = ("T2-4",)
    name = "procurement-amount-unit"
    severity = Severity.WARNING
    templates = ("2019",)
    basis = "de-facto"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        amount = report.get("proactive.procurement.amount")
        if amount is None or report.get("proactive.procurement.amount_unit") is not None:
            return
        yield self.finding(
            report,
            ["proactive.procurement.amount", "proactive.procurement.amount_unit"],
            expected="元或万元",
            found=amount,
            cell=cell_label("proactive.procurement.amount", report.template),
        )
