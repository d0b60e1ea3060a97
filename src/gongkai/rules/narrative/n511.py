from __future__ import annotations

from collections.abc import Iterator

from gongkai.catalog import load_supervision
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import section_heading
from gongkai.model.report import Report
from gongkai.rules._text import section_is_empty
from gongkai.similarity import normalize_for_copies


def emptiness(text: str | None) -> str | None:
    """How section 五 says nothing (``为空``, ``只写了“无”``, ``只有 N 字``, ``只由套话组成``), or None."""
    data = load_supervision()
    norm = normalize_for_copies(text or "").text
    if not norm:
        return "为空"
    if norm in data.problems_nothing:
        return f"只写了“{norm}”"
    if len(norm) < data.problems_min_chars:
        return f"只有 {len(norm)} 字（“{(text or '').strip()}”）"
    rest = norm
    for phrase in data.problems_stock:
        rest = rest.replace(normalize_for_copies(phrase).text, "")
    if len(rest) < data.problems_min_chars:
        return "只由常见套话组成"
    return None


class RuleN511(Rule):
    """“{section}”{problem}，未具体说明本机关存在的主要问题和改进情况

    Section 五 names the agency's own problems of the year and what it did or will do about them. A section
    that is empty, says only "无"/"暂无", is shorter than ``problems.min_chars`` characters, or consists of
    nothing but the stock phrases listed in ``catalog/supervision.yaml`` (with fewer than ``min_chars`` other
    characters) says nothing. Supervisors flag it (spec ``supervision.md`` §3 item 10). The rule runs when the
    section has words in it: a missing heading is F102's finding, an empty section (nothing, or only a dash,
    under its heading) F109's.

    **Anti-pattern**

    ``五、存在的主要问题及改进情况`` followed by ``无。``, or by
    ``政府信息公开工作还存在一些不足，下一步，我们将进一步加强学习培训，进一步提高公开质量。``

    **Best practice**

    ``一是部分栏目更新不及时，全年有 3 个栏目超过 3 个月未更新；…… 2025 年将建立栏目更新月报制度……``

    **Basis**

    De-facto: Regulation Art. 50 lists "存在的主要问题及改进情况" among the report's contents; assessors mark
    a section that says nothing (spec ``supervision.md`` §3 item 10).
    """

    code = "N511"
    name = "problems-say-nothing"
    severity = Severity.WARNING
    basis = "de-facto"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        text = report.sections.problems
        if text is None or section_is_empty(text):
            return  # not read, no heading (F102), or empty under its heading (F109): not this rule's
        problem = emptiness(text)
        if problem is not None:
            yield self.finding(
                report,
                ["sections.problems"],
                found=(text or "").strip()[:40],
                section=section_heading("problems"),
                problem=problem,
            )
