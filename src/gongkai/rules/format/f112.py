from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import cell_label
from gongkai.model.report import Report


class RuleF112(Rule):
    """“{cell}”印的是 {printed}，不可能是该单元格的数，未予填写

    A cell of 表二/三/四 holds a count of documents, applications or cases, or an amount. A number no
    such cell can hold — a count beyond 10⁹ (a billion applications), an amount beyond 10⁹ 万元, more than
    12 digits before the point, a number that is not finite (``1e308`` in a spreadsheet) — is a misprint,
    digits that ran together, or a broken file. The reader leaves the cell blank and this finding says what
    was printed, so the cell is not reported as blank (T304) and no such number reaches the checker or a
    published dataset.

    **Anti-pattern**

    ``一、本年新收政府信息公开申请数量 | 4000000000000 | …``

    **Best practice**

    ``一、本年新收政府信息公开申请数量 | 40 | …``: the count as it was.

    **Basis**

    De-facto: a number misread from a report is worse than a blank.
    """

    code = "F112"
    name = "implausible-value"
    severity = Severity.WARNING
    basis = "de-facto"
    needs_facts = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        assert facts is not None
        for path, printed in sorted(facts.implausible_cells.items()):
            yield self.finding(report, [path], cell=cell_label(path, report.template), printed=printed)
