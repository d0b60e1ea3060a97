from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import request_column_label, request_row_label
from gongkai.model.report import REQUEST_COLUMNS, Report
from gongkai.rules._common import cell
from gongkai.rules.crossyear._pair import consecutive


class RuleT305(Rule):
    """表三 “{carried_over}”（{column}列）为 {found}，而上一年度报告“{carried_forward}”为 {expected}

    Applications still open on 31 December are counted in ``四、结转下年度继续办理`` and appear again next
    year in ``二、上年结转政府信息公开申请数量``, column by column. A warning: reorganisations, mergers and
    corrections are legitimate reasons for a difference (accept the finding with the reason).

    **Anti-pattern**

    2023 report: 四、结转下年度继续办理·总计 = 3; 2024 report: 二、上年结转·总计 = 2.

    **Best practice**

    2024 report: 二、上年结转·总计 = 3.

    **Basis**

    De-facto continuity rule used by evaluators; not stated in the format (spec §5.1 T3-5).
    """

    code = "T305"
    aliases = ("T3-5",)
    name = "carry-over-continuity"
    severity = Severity.WARNING
    basis = "de-facto"
    needs_previous = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        previous = context.previous
        assert previous is not None
        if not consecutive(report, previous):
            return
        for col in REQUEST_COLUMNS:
            now = cell(report, "carried_over", col)
            before = cell(previous, "carried_forward", col)
            if now is None or before is None or now == before:
                continue
            yield self.finding(
                report,
                [f"requests.carried_over.{col}"],
                expected=before,
                found=now,
                carried_over=request_row_label("carried_over"),
                carried_forward=request_row_label("carried_forward"),
                column=request_column_label(col),
            )
