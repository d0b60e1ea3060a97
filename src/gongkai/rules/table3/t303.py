from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import outcome_row_keys, request_column_label, request_row_label
from gongkai.model.report import REQUEST_COLUMNS, Report
from gongkai.rules._common import cell, imbalance


class RuleT303(Rule):
    """表三 “{handled_label}”应等于各项办理结果之和（{column}列）：各项之和为 {expected}，而总计为 {total}

    For each column, ``三（七）总计 = （一） + （二） + Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + （六）``. In
    the 2021 template （六） is ``Σ（六）1–3``; in the hybrid layout that prints （六） as one row, that row.

    **Anti-pattern**

    | 行 | 总计 |
    |---|---|
    | 三（一）予以公开 | 9 |
    | 三（四）1.本机关不掌握相关政府信息 | 4 |
    | 三（七）总计 | 12 |

    (all other outcome rows 0): 9 + 4 = 13, not 12.

    **Best practice**

    | 行 | 总计 |
    |---|---|
    | 三（一）予以公开 | 9 |
    | 三（四）1.本机关不掌握相关政府信息 | 4 |
    | 三（七）总计 | 13 |

    **Basis**

    De-facto, implied by the label 总计 of the row 三（七） (spec §5.1 T3-3).
    """

    code = "T303"
    aliases = ("T3-3",)
    name = "requests-outcome-total"
    severity = Severity.ERROR
    basis = "de-facto"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        rows = outcome_row_keys(report)
        for col in REQUEST_COLUMNS:
            parts = [cell(report, r, col) for r in rows]
            total = cell(report, "total_handled", col)
            if miss := imbalance([total], parts):
                yield self.finding(
                    report,
                    [f"requests.total_handled.{col}", *(f"requests.{r}.{col}" for r in rows)],
                    expected=miss.expected,
                    found=miss.found,
                    handled_label=request_row_label("total_handled"),
                    column=request_column_label(col),
                    total=total,
                )
