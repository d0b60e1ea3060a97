from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.arith import known_sum
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import request_column_label
from gongkai.model.report import REQUEST_COLUMNS, Report
from gongkai.rules._common import cell, imbalance


class RuleT301(Rule):
    """表三 第一项加第二项之和应等于第三项加第四项之和（{column}列）：{received} + {carried_over} = {lhs}，而 {handled} + {forward} = {rhs}

    For each of the seven columns, ``一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理``. A
    blank cell only makes the equation fail if no non-negative value in it could make it hold (the blank
    itself is reported by T304).

    **Anti-pattern**

    | 行 | 总计 |
    |---|---|
    | 一、本年新收政府信息公开申请数量 | 34 |
    | 二、上年结转政府信息公开申请数量 | 2 |
    | 三（七）总计 | 35 |
    | 四、结转下年度继续办理 | 0 |

    34 + 2 = 36, but 35 + 0 = 35.

    **Best practice**

    | 行 | 总计 |
    |---|---|
    | 一、本年新收政府信息公开申请数量 | 34 |
    | 二、上年结转政府信息公开申请数量 | 2 |
    | 三（七）总计 | 35 |
    | 四、结转下年度继续办理 | 1 |

    **Basis**

    The official note printed in the table itself:
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" (国办公开办函〔2019〕60号 and
    〔2021〕30号; spec §5.1 T3-1).
    """  # noqa: E501

    code = "T301"
    aliases = ("T3-1",)
    name = "requests-column-balance"
    severity = Severity.ERROR
    basis = "official"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        for col in REQUEST_COLUMNS:
            lhs = [cell(report, "received", col), cell(report, "carried_over", col)]
            rhs = [cell(report, "total_handled", col), cell(report, "carried_forward", col)]
            rows = ("received", "carried_over", "total_handled", "carried_forward")
            if miss := imbalance(rhs, lhs):
                yield self.finding(
                    report,
                    [f"requests.{r}.{col}" for r in rows],
                    expected=miss.expected,
                    found=miss.found,
                    column=request_column_label(col),
                    received=lhs[0],
                    carried_over=lhs[1],
                    lhs=known_sum(lhs),
                    handled=rhs[0],
                    forward=rhs[1],
                    rhs=known_sum(rhs),
                )
