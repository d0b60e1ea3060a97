from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import placeholders, section_heading
from gongkai.model.report import Report
from gongkai.rules._text import normalize_text, written_sections


class RuleF110(Rule):
    """“{section}”中还有未填写的占位文字：{placeholders}

    A placeholder is a text that stands in a section until someone writes it: the official blank template's
    "（文字描述）" and "（文字描述，收取信息处理费情况在此处报告。）", and the ledger's pre-filled draft's
    "（待填写）" and "（上年度报告未提出问题，或尚无上年度报告。）". The list is data
    (``placeholders`` in ``catalog/labels.yaml``, the same list the draft is filled from); any of them left in
    a section means the section was not finished.

    **Anti-pattern**

    ``五、存在的主要问题及改进情况`` — "（一）存在的主要问题 （待填写）"

    **Best practice**

    ``五、存在的主要问题及改进情况`` — "（一）存在的主要问题 部分栏目更新不及时……"

    **Basis**

    《中华人民共和国政府信息公开条例》第五十条: the report states its content, not the template's notes.
    """

    code = "F110"
    name = "placeholder-left"
    severity = Severity.ERROR
    basis = "official"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        forms = [(p, normalize_text(p)) for p in placeholders()]
        for key, text in written_sections(report):
            norm = normalize_text(text)
            left = [p for p, form in forms if form in norm]
            if left:
                yield self.finding(
                    report,
                    [f"sections.{key}"],
                    found=left[0],
                    section=section_heading(key),
                    placeholders="、".join(f"“{p}”" for p in left),
                )
