from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import request_column_label, request_row_label, row_keys
from gongkai.model.report import REQUEST_COLUMNS, Report
from gongkai.rules._common import check_count_cells


class RuleT304(Rule):
    """表三 “{cell}”应为非负整数，而填写的是 {found}

    Every cell of 表三 is a count: a non-negative integer (error). A blank cell (blank, ``/``, ``—``, ``无``)
    is reported as a warning, ONE finding per row naming every blank cell of the row: a blank is not the same
    as 0, and the sum rules (T301–T303) do not also fail because of it.

    **Anti-pattern**

    | 行 | 自然人 | 商业企业 | … | 总计 |
    |---|---|---|---|---|
    | 三（一）予以公开 | 3.5 | / | … | 3.5 |

    **Best practice**

    | 行 | 自然人 | 商业企业 | … | 总计 |
    |---|---|---|---|---|
    | 三（一）予以公开 | 3 | 0 | … | 3 |

    **Basis**

    De-facto: counts of applications are whole numbers; zeros are data and should be printed (spec §5.1 T3-4).
    """

    code = "T304"
    aliases = ("T3-4",)
    name = "requests-cell-values"
    severity = Severity.ERROR
    basis = "de-facto"
    messages: ClassVar[Mapping[str, str]] = {
        "blank": "表三 “{row}”有空白单元格（{columns}），应填写数字（没有则填 0）"
    }

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        for row in row_keys(report):
            yield from check_count_cells(
                self,
                report,
                context,
                f"requests.{row}",
                REQUEST_COLUMNS,
                request_row_label(row),
                request_column_label,
            )
