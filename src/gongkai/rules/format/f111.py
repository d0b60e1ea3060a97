from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import ClassVar

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import section_heading
from gongkai.model.report import Report
from gongkai.rules._text import normalize_text

#: The sub-headings section 五 is usually written under (with their numbering and years): not content.
_HEADINGS = re.compile(
    r"\d{4}年度?|[(（]?[一二三四五六七八九十\d]+[)）、.．]?"
    r"|下一步|进一步|主要|存在的?|问题|改进|整改|情况|措施|工作|计划|及|和|与|的"
)
#: After the headings are gone, a text that says there is nothing to report.
_NOTHING = re.compile(r"(?:本年度?|今年|目前)?(?:暂?无|没有|不存在|未发现)(?:明显|突出)?")
_PUNCTUATION = re.compile(r"[\W_]+")


def _substance(text: str) -> str:
    """What remains of a section 五 once its sub-headings, "无"-words and punctuation are taken out."""
    rest = _PUNCTUATION.sub("", _HEADINGS.sub("", normalize_text(text)))
    return _NOTHING.sub("", rest)


class RuleF111(Rule):
    """“{section}”只写了“{found}”，没有说明存在的主要问题和改进情况

    Section 五 states the main problems of the year's disclosure work and how they are being improved (for a
    2021-format report also how last year's problems were dealt with). A section 五 that says only "无" (or
    "暂无" / "没有问题", or its sub-headings with nothing under them), or that repeats last year's section 五
    word for word, is boilerplate: a warning, for a person to judge. An empty section or one left with a
    placeholder is an error of rules F109 / F110 instead.

    **Anti-pattern**

    ``五、存在的主要问题及改进情况`` — "无。"

    **Best practice**

    ``五、存在的主要问题及改进情况`` — "（一）存在的主要问题 部分栏目更新不及时。（二）改进情况 ……"

    **Basis**

    《中华人民共和国政府信息公开条例》第五十条第（四）项; de-facto practice of supervisors' reviews.
    """

    code = "F111"
    name = "problems-boilerplate"
    severity = Severity.WARNING
    basis = "official"
    messages: ClassVar[Mapping[str, str]] = {
        "copied": "“{section}”与上年度报告的这一部分完全相同，应写本年度的问题和改进情况"
    }

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        text = report.sections.problems
        if text is None or not normalize_text(text):
            return  # absent: not judged; empty: rule F109
        section = section_heading("problems")
        if not _substance(text):
            shown = text.strip() if len(text.strip()) <= 30 else text.strip()[:30] + "…"
            yield self.finding(report, ["sections.problems"], found=shown, section=section)
            return
        before = context.previous.sections.problems if context.previous is not None else None
        if before and normalize_text(before) == normalize_text(text):
            yield self.finding(report, ["sections.problems"], form="copied", section=section)
