from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import cell_label
from gongkai.model.report import Report

#: An amount in 万元 at or above this looks like it was entered in 元.
LARGE = 100_000
#: More decimals than this looks like 元 divided wrongly: 万元 to the 分 is 6 decimals, as real reports print
#: it (平潭 2021/2023/2025: 24252.311082, 5949.088667, 4166.241619 万元, confirmed on the published pages).
MAX_DECIMALS = 6


def decimals(value: float) -> int:
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class RuleT202(Rule):
    """表二 “{cell}”的单位是万元，填写的 {found} 疑似按元填写

    The 2021 template fixes the unit of 本年收费金额 as 万元 (10,000 yuan). A value of 100,000 or more, or
    with more than six decimals (finer than the 分), suggests the amount was entered in 元 or converted
    wrongly. The spec's threshold is four decimals (to the 元); real reports convert amounts to the 分,
    six decimals, so four would flag correct reports.

    **Anti-pattern**

    | 信息内容 | 本年收费金额（单位：万元） |
    |---|---|
    | 行政事业性收费 | 6776647.8 |

    **Best practice**

    | 信息内容 | 本年收费金额（单位：万元） |
    |---|---|
    | 行政事业性收费 | 677.66478 → 677.6648 |

    **Basis**

    The column header of the 2021 template prints the unit (spec §2.2, §5.3 T2-2); the thresholds are
    de-facto (the decimals one widened from the spec's 4 to 6 on real reports).
    """

    code = "T202"
    aliases = ("T2-2",)
    name = "fee-amount-unit"
    severity = Severity.WARNING
    templates = ("2021",)
    basis = "de-facto"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        path = "proactive.fees.amount"
        value = report.get(path)
        if value is None or isinstance(value, bool):
            return
        if abs(value) >= LARGE or (isinstance(value, float) and decimals(value) > MAX_DECIMALS):
            yield self.finding(
                report, [path], expected="万元", found=value, cell=cell_label(path, report.template)
            )
