from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import section_heading
from gongkai.model.report import Report
from gongkai.rules._text import FEE_MENTION, normalize_text


class RuleF106(Rule):
    """“{section}”应报告信息处理费的收取情况（金额，或未收取）

    From the 2021 format on, section 六 reports the 信息处理费 charged under
    《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号): the amount, or that none was charged. The
    official blank template's placeholder reads "（文字描述，收取信息处理费情况在此处报告。）".

    **Anti-pattern**

    ``六、其他需要报告的事项`` — "无。"

    **Best practice**

    ``六、其他需要报告的事项`` — "本机关2024年度未收取信息处理费。"

    **Basis**

    The 2021 format's §六 placeholder (spec §1.1, §10, §5.4 F-6).
    """

    code = "F106"
    aliases = ("F-6",)
    name = "fee-reported"
    severity = Severity.WARNING
    templates = ("2021",)
    basis = "official"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        text = report.sections.other
        if text is None and context.facts is None:
            return  # nothing known about section 六 (a report built from data, not read from a document)
        if text and FEE_MENTION.search(normalize_text(text)):
            return
        yield self.finding(
            report, ["sections.other"], expected="信息处理费", section=section_heading("other")
        )
