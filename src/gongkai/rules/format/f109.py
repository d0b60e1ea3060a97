from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import section_heading
from gongkai.model.report import Report
from gongkai.rules._text import section_is_empty, written_sections


class RuleF109(Rule):
    """“{section}”没有内容

    Sections 一、五 and 六 are the report's own words (Regulation Art. 50); a section that is given but holds
    nothing, or only a dash, leaves the report incomplete — and so does a document that prints the heading
    with nothing under it. A report built from data that does not carry its narrative at all (the section is
    absent, not empty) is not judged here; a document missing a heading is rule F102's.

    **Anti-pattern**

    ``一、总体情况`` — "—"

    **Best practice**

    ``一、总体情况`` — "2024年，本局认真贯彻落实《中华人民共和国政府信息公开条例》……"

    **Basis**

    《中华人民共和国政府信息公开条例》第五十条 and the unified format: each section reports its content.
    """

    code = "F109"
    name = "section-empty"
    severity = Severity.ERROR
    basis = "official"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        printed = {h.key for h in context.facts.headings} if context.facts is not None else set()
        for key, text in report.sections:
            if text is None and key in printed:
                yield self.finding(report, [f"sections.{key}"], found="", section=section_heading(key))
        for key, text in written_sections(report):
            if section_is_empty(text):
                yield self.finding(
                    report, [f"sections.{key}"], found=text.strip(), section=section_heading(key)
                )
