from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from gongkai.checker.arith import show
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import cell_label
from gongkai.model.report import Report


class RuleF107(Rule):
    """“{cell}”的数字与相邻单元格粘连，有多种读法（{candidates}），未予填写

    Crawled text prints a table row as one run of digits. The reader cuts the run into cells only where the
    table's own arithmetic and the numbers the text states leave exactly one reading; otherwise the cell stays
    blank and this finding lists every reading that satisfies all of them, so a person can decide.

    A scan read by OCR (F113) gives the same finding, in its own words, for a cell with a digit the recogniser
    was unsure of (``1`` or ``7``, ``0`` or ``8``, or a low probability) that the sums of 表三/表四 did not
    decide: the candidates are the readings of the unsure digits.

    **Anti-pattern**

    ``规范性文件898989`` under 本年新制作数量 / 本年新公开数量 / 对外公开总数量:
    89/89/89, 8/9/8989 and 898/9/89 all fit.

    **Best practice**

    Read the original page or file, or fill the cell by hand from the candidates.

    **Basis**

    De-facto: a number misread from a report is worse than a blank.
    """

    code = "F107"
    name = "ambiguous-run-together-cell"
    severity = Severity.WARNING
    basis = "de-facto"
    needs_facts = True
    messages: ClassVar[Mapping[str, str]] = {
        "ocr": "文字识别（OCR）对“{cell}”的数字不确定，可能是{candidates}，未予填写",
    }

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        assert facts is not None
        for path, candidates in sorted(facts.ambiguous_cells.items()):
            shown = "、".join(show(int(c) if float(c).is_integer() else c) for c in candidates)
            form = "ocr" if path in facts.ocr_cells else None
            label = cell_label(path, report.template)
            yield self.finding(report, [path], form=form, cell=label, candidates=shown)
