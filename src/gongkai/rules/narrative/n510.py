from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import cell_label
from gongkai.model.report import Report
from gongkai.rules._text import sentences
from gongkai.rules.narrative._claims import NarrativeRule

#: 行政事业性收费 with its amount in the same clause: "收取行政事业性收费 35.62 万元".
FEE_AMOUNT = re.compile(r"行政事业性收费[^。;,\d]{0,12}?(?P<n>\d+(?:\.\d+)?)(?P<unit>万元|元)")
#: A clause about something else than this year's amount.
OTHER_MATTER = re.compile(r"上年|去年|同比|较|减免|项目|标准|目录|清单")
CLAUSE = re.compile(r"[^,;，；]+")
#: Rounding a report may apply when it writes the amount in the text (万元 to two decimals).
TOLERANCE = 0.005


class RuleN510(NarrativeRule):
    """正文称行政事业性收费 {found} 万元（“{phrase}”），而表二 “{table}”为 {expected}

    An amount of 行政事业性收费 the text states for the year equals 表二 第（八）项 本年收费金额, which
    the 2021 template prints in 万元: an amount the text gives in 元 is converted before comparing, and a
    difference within rounding to two decimals is accepted. A clause about another matter (上年, 同比, 减免,
    收费项目 …) is skipped.

    **Anti-pattern**

    "全年收取行政事业性收费 356200 元" with 本年收费金额（单位：万元）= 356200 — the table was filled in 元.

    **Best practice**

    The text and 表二 give the same amount: 35.62 万元.

    **Basis**

    De-facto (spec §5.5: text fee amounts should match 本年收费金额 in 万元).
    """

    code = "N510"
    name = "text-fee-amount"
    templates = ("2021",)

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        path = "proactive.fees.amount"
        value = report.get(path)
        if value is None:
            return
        for sentence in sentences(self.text(report, context)):
            for clause in CLAUSE.findall(sentence):
                m = FEE_AMOUNT.search(clause)
                if m is None or OTHER_MATTER.search(clause):
                    continue
                amount = float(m.group("n")) / (10_000 if m.group("unit") == "元" else 1)
                if abs(amount - value) <= TOLERANCE:
                    continue
                shown = round(amount, 4)
                yield self.finding(
                    report,
                    [path],
                    expected=value,
                    found=int(shown) if shown.is_integer() else shown,
                    phrase=m.group(0),
                    table=cell_label(path, report.template),
                )
