from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.model.report import Report


class RuleF108(Rule):
    """读取说明：{note}

    Where the reader had to decide how to read a table — crawled text whose cells ran together, cut into cells
    by the table's own arithmetic — it says, per table, how the cells were decided and how many could not be.
    When the same agency's report of an adjacent year decided 表二 cells (``gongkai parse --with``, a batch,
    an import), the note names that report and the identity used; the cross-year rules (T201, T203) then hold
    for those cells by construction. Information only: a person checking the numbers knows which ones rest
    on such a reading.

    **Anti-pattern**

    ``一、本年新收政府信息公开申请数量640020470``: the digits of seven cells run together.

    **Best practice**

    Publish the tables as tables (HTML ``<table>``, a ruled PDF table, a Word table), so no reading is needed.

    **Basis**

    De-facto: what the reader decided is part of the data's provenance.
    """

    code = "F108"
    name = "reading-notes"
    severity = Severity.INFO
    basis = "de-facto"
    needs_facts = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        assert facts is not None
        for note in facts.reading_notes:
            yield self.finding(report, [], note=note)
