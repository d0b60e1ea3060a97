from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import cell_label, proactive_row_label
from gongkai.model.report import Report, Report2021
from gongkai.rules.crossyear._pair import last_year, unless_carried

ROWS = ("rules", "normative_documents")


class RuleT201(Rule):
    """表二 “{row}”现行有效件数 {found} 与上年 {last} + 本年制发 {issued} − 本年废止 {repealed} = {expected} 不符

    From one 2021-format report to the next, per row (规章, 行政规范性文件): ``现行有效件数 ≈ 上年现行有效件数
    + 本年制发件数 − 本年废止件数``. A warning only: revisions and counting conventions make the identity
    approximate.

    **Anti-pattern**

    2023: 行政规范性文件 现行有效 50; 2024: 制发 13, 废止 0, 现行有效 55.

    **Best practice**

    2024: 现行有效 63, or section 一 explains the difference (e.g. 8 documents revised into others).

    **Basis**

    De-facto (spec §5.3 T2-1).
    """  # noqa: E501

    code = "T201"
    aliases = ("T2-1",)
    name = "documents-in-force-continuity"
    severity = Severity.WARNING
    templates = ("2021",)
    basis = "de-facto"
    needs_previous = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        previous = last_year(report, context, Report2021)
        if previous is None:
            return
        for row in ROWS:
            last = previous.get(f"proactive.{row}.in_force")
            issued = report.get(f"proactive.{row}.issued")
            repealed = report.get(f"proactive.{row}.repealed")
            now = report.get(f"proactive.{row}.in_force")
            yield from unless_carried(
                self,
                report,
                [f"proactive.{row}.in_force", f"proactive.{row}.issued", f"proactive.{row}.repealed"],
                now,
                [last, issued],
                [repealed],
                row=proactive_row_label("2021", row),
                last=last,
                issued=issued,
                repealed=repealed,
                label=cell_label(f"proactive.{row}.in_force", "2021"),
            )
