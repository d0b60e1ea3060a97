from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import FIRST_YEAR, request_row_label, template_for_year
from gongkai.model.report import Report, Report2021


class RuleF101(Rule):
    """{year} 年度报告应使用 {expected} 年版格式，但{evidence}

    Report years 2019–2020 use the 2019 format (国办公开办函〔2019〕60号), 2021 on the 2021 format
    (〔2021〕30号). A report of 2021 or later that prints 2019 columns (本年新制作数量, 上一年项目数量,
    第二十条第（九）项 …) uses the wrong template; a 2019/2020 report with 2021 columns is an anachronism. A
    2021-format report that prints 三（六）其他处理 as one row instead of its three sub-rows (a hybrid layout)
    gets its own finding.

    For supervisors, this is the check "a report still on the 2019 template for 2021 or later" (spec
    ``supervision.md`` §3 item 4): an error, so a batch lists such reports among those to be corrected.

    **Anti-pattern**

    A 2022 report whose 表二 header reads ``信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量``.

    **Best practice**

    ``信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数`` (and 三（六）1–3 printed as three rows).

    **Basis**

    国办公开办函〔2021〕30号 replaced the 2019 format from the 2021 reports on (spec §0, §5.4 F-1).
    """

    code = "F101"
    aliases = ("F-1",)
    name = "template-year"
    severity = Severity.ERROR
    basis = "official"
    messages: ClassVar[Mapping[str, str]] = {
        "hybrid": "报告使用 2021 年版格式，但“{other}”只印为一行，缺少 2021 年版的三个子项（{subs}）",
    }

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        year = report.year
        if year is not None and year >= FIRST_YEAR["2019"]:
            expected = template_for_year(year)
            markers: list[str] = []
            if context.facts is not None:
                markers = list(context.facts.markers.get("2019" if expected == "2021" else "2021", []))
            if report.template != expected or markers:
                if markers:
                    other = "2019" if expected == "2021" else "2021"
                    evidence = f"报告中出现了 {other} 年版的栏目：{'、'.join(markers)}"
                else:
                    evidence = f"报告使用的是 {report.template} 年版格式"
                yield self.finding(
                    report,
                    ["template"],
                    expected=expected,
                    found=report.template,
                    year=year,
                    evidence=evidence,
                )
                return
        if isinstance(report, Report2021) and report.single_other_row:
            subs = ("other_no_correction", "other_unpaid_fee", "other_misc")
            yield self.finding(
                report,
                ["requests.other", *(f"requests.{s}" for s in subs)],
                form="hybrid",
                expected="（六）1–3",
                found="（六）",
                other=request_row_label("other"),
                subs="、".join(request_row_label(s).removeprefix("三（六）") for s in subs),
            )
