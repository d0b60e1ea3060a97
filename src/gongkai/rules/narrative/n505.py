from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai import layout
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import request_group_label, request_row_label
from gongkai.model.report import Report
from gongkai.rules._common import rows_total
from gongkai.rules.narrative._claims import NarrativeRule, find_claims, gap

_AND = "及|和|与|、|或"

#: (what the text calls it, pattern, the 表三 rows it sums). Rows ``None`` = （六） in this report's layout.
OUTCOMES: tuple[tuple[str, re.Pattern[str], tuple[str, ...] | None], ...] = (
    (
        "予以公开及部分公开",
        re.compile(rf"(?:予以|同意)?公开(?:{_AND})部分公开{gap(6)}(?P<n>\d+)件"),
        ("granted", "partially_granted"),
    ),
    (
        "予以公开",
        re.compile(rf"(?<!不)(?:予以|同意)公开(?!{_AND}){gap(6, without='部分')}(?P<n>\d+)件"),
        ("granted",),
    ),
    (
        "部分公开",
        re.compile(rf"(?<![及和与、或])部分公开{gap(6, without='予以|同意')}(?P<n>\d+)件"),
        ("partially_granted",),
    ),
    ("不予公开", re.compile(rf"不予公开{gap(6)}(?P<n>\d+)件"), layout.group("refused").rows),
    ("无法提供", re.compile(rf"无法提供{gap(6)}(?P<n>\d+)件"), layout.group("unable").rows),
    ("不予处理", re.compile(rf"不予处理{gap(6)}(?P<n>\d+)件"), layout.group("not_processed").rows),
    ("其他处理", re.compile(rf"其他处理{gap(6)}(?P<n>\d+)件"), None),
)


def outcome_label(rows: tuple[str, ...]) -> str:
    for group in ("refused", "unable", "not_processed", "other_sub"):
        if rows == layout.group(group).rows:
            return request_group_label(group)
    return "＋".join(request_row_label(r) for r in rows)


class RuleN505(NarrativeRule):
    """正文称{what} {found} 件（“{phrase}”），而表三 “{table}”为 {expected}

    The outcome counts the text states equal 表三: 予以公开 → 三（一）; 部分公开 → 三（二）;
    予以公开及部分公开 → 三（一）＋三（二）; 不予公开 → Σ三（三）; 无法提供 → Σ三（四）; 不予处理 → Σ三（五）;
    其他处理 → 三（六） (2021: Σ三（六）1–3). Each compared on the 总计 column (a blank 总计: the sum of the
    applicant columns).

    **Anti-pattern**

    "予以公开及部分公开 258 件" where 三（一）= 272 and 三（二）= 3 (275).

    **Best practice**

    "予以公开及部分公开 275 件".

    **Basis**

    De-facto (spec §5.5).
    """

    code = "N505"
    name = "text-outcomes"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        text = self.text(report, context)
        if not text:
            return
        for what, pattern, rows in OUTCOMES:
            rows = rows if rows is not None else layout.other_row_keys(report)
            yield from self.compare(
                report,
                find_claims(text, (pattern,)),
                rows_total(report, rows),
                [f"requests.{r}.total" for r in rows],
                what=what,
                table_label=outcome_label(rows),
            )
