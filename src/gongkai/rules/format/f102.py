from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from gongkai.catalog import load_catalog
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import section_heading
from gongkai.model.report import Report


class RuleF102(Rule):
    """报告缺少标题“{section}”

    The report has the six sections of Regulation Art. 50 and the format, each under its heading, in order:
    一、总体情况 … 六、其他需要报告的事项. Heading variants seen in real reports are accepted (the reader
    resolves them to section keys).

    **Anti-pattern**

    A report that goes from ``三、收到和处理政府信息公开申请情况`` straight to
    ``五、存在的主要问题及改进情况``, or prints ``五`` before ``四``.

    **Best practice**

    All six headings, 一 to 六, in order.

    **Basis**

    《中华人民共和国政府信息公开条例》第五十条 and the unified format (spec §1, §5.4 F-2).
    """

    code = "F102"
    aliases = ("F-2",)
    name = "section-headings"
    severity = Severity.ERROR
    basis = "official"
    needs_facts = True
    messages: ClassVar[Mapping[str, str]] = {"order": "报告的标题顺序不对：“{section}”出现在“{before}”之前"}

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        assert context.facts is not None
        order = [s.key for s in load_catalog().sections]
        seen: list[str] = []
        for h in context.facts.headings:
            if h.key in order and h.key not in seen:
                seen.append(h.key)
        for key in order:
            if key not in seen:
                yield self.finding(
                    report, [f"sections.{key}"], expected=section_heading(key), section=section_heading(key)
                )
        # Out of order: a heading printed before one that should precede it.
        for i, key in enumerate(seen):
            later = [k for k in seen[i + 1 :] if order.index(k) < order.index(key)]
            if later:
                yield self.finding(
                    report,
                    [f"sections.{key}", f"sections.{later[0]}"],
                    form="order",
                    expected=section_heading(later[0]),
                    found=section_heading(key),
                    section=section_heading(key),
                    before=section_heading(later[0]),
                )
