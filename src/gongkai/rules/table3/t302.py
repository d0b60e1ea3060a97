from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.arith import show_sum
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import request_row_label, row_keys
from gongkai.model.report import APPLICANT_COLUMNS, Report
from gongkai.rules._common import cell, imbalance


class RuleT302(Rule):
    """表三 “{row}”的总计应等于六类申请人之和：{parts} = {expected}，而总计为 {total}

    For each row of 表三, ``总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他``. A row
    whose 总计 is blank passes (T304 reports the blank).

    **Anti-pattern**

    | 行 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
    |---|---|---|---|---|---|---|---|
    | 三（一）予以公开 | 20 | 1 | 0 | 0 | 0 | 0 | 20 |

    **Best practice**

    | 行 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
    |---|---|---|---|---|---|---|---|
    | 三（一）予以公开 | 20 | 1 | 0 | 0 | 0 | 0 | 21 |

    **Basis**

    The header structure of 表三: 总计 spans the 自然人 column and the five 法人或其他组织 columns (spec §3.1,
    §5.1 T3-2).
    """

    code = "T302"
    aliases = ("T3-2",)
    name = "requests-row-total"
    severity = Severity.ERROR
    basis = "official"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        for row in row_keys(report):
            parts = [cell(report, row, c) for c in APPLICANT_COLUMNS]
            total = cell(report, row, "total")
            if miss := imbalance([total], parts):
                yield self.finding(
                    report,
                    [f"requests.{row}.total", *(f"requests.{row}.{c}" for c in APPLICANT_COLUMNS)],
                    expected=miss.expected,
                    found=miss.found,
                    row=request_row_label(row),
                    parts=show_sum(parts),
                    total=total,
                )
