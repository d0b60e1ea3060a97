from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from pydantic import BaseModel

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import cell_label, proactive_column_label, proactive_row_label
from gongkai.model.report import Report
from gongkai.rules._common import undecided

#: Columns that may be negative (2019 本年增/减) or are not numbers at all.
SIGNED = frozenset({"items_change"})
NOT_NUMBERS = frozenset({"amount_unit"})
#: Columns that hold money, not counts: decimals allowed.
MONEY = frozenset({"amount"})


class RuleT205(Rule):
    """表二 “{cell}”应为非负数（件数应为整数），而填写的是 {found}

    Every number of 表二 is non-negative, except 本年增/减 of the 2019 template, which is signed. Counts (all
    columns except the amounts) are whole numbers. A blank cell is a warning, one finding per row naming its
    blank cells.

    **Anti-pattern**

    | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
    |---|---|---|---|
    | 规章 | 2 | -1 | 10 |

    **Best practice**

    | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
    |---|---|---|---|
    | 规章 | 2 | 1 | 10 |

    **Basis**

    De-facto (spec §5.3 T2-5).
    """

    code = "T205"
    aliases = ("T2-5",)
    name = "proactive-cell-values"
    severity = Severity.ERROR
    basis = "de-facto"
    messages: ClassVar[Mapping[str, str]] = {
        "blank": "表二 “{row}”有空白单元格（{columns}），应填写数字（没有则填 0）"
    }

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        template = report.template
        for row_key, row in report.proactive:
            assert isinstance(row, BaseModel)
            blanks: list[str] = []
            for col, value in row:
                if col in NOT_NUMBERS:
                    continue
                path = f"proactive.{row_key}.{col}"
                if value is None:
                    if not undecided(context, path):
                        blanks.append(col)
                    continue
                negative = value < 0 and col not in SIGNED
                fraction = col not in MONEY and value != int(value)
                if negative or fraction:
                    yield self.finding(
                        report,
                        [path],
                        expected="非负数" if col in MONEY else "非负整数",
                        found=value,
                        cell=cell_label(path, template),
                    )
            if blanks:
                yield self.finding(
                    report,
                    [f"proactive.{row_key}.{c}" for c in blanks],
                    form="blank",
                    severity=Severity.WARNING,
                    row=proactive_row_label(template, row_key),
                    columns="、".join(proactive_column_label(template, row_key, c) for c in blanks),
                )
