"""The problem list as an Excel workbook: the filters that made it and the counts per status, then one row per
problem."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai_web.common import spreadsheets
from gongkai_web.rectification.models import Problem, ProblemStatus
from gongkai_web.rectification.services.problems import where

HEADERS = (
    "编号", "整改单位", "年度", "检查规则", "问题", "单元格及位置", "状态", "认可理由", "通知文号",
    "整改期限", "发现于版本", "复查建议", "登记时间", "更新时间",
)  # fmt: skip


def _where(problem: Problem) -> str:
    return "\n".join(where(f) for f in problem.findings)


def _row(problem: Problem) -> list[object]:
    notices = [n for n in problem.notices.all() if n.number]  # type: ignore[attr-defined]
    last = notices[-1] if notices else None
    return [
        problem.pk,
        problem.agency.name,
        problem.report.year,
        "、".join(dict.fromkeys(f["code"] for f in problem.findings)),
        "\n".join(f["message"] for f in problem.findings),
        _where(problem),
        problem.get_status_display(),
        problem.reason,
        "、".join(n.number for n in notices),
        last.due_date if last else "",
        problem.found_in.number,
        f"第{problem.proposed_in.number}版未再发现，建议确认已整改" if problem.proposed_in else "",
        timezone.localtime(problem.opened_at).replace(tzinfo=None),
        timezone.localtime(problem.updated_at).replace(tzinfo=None),
    ]


def problems_xlsx(
    problems: QuerySet[Problem], filters: Sequence[tuple[str, str]], counts: dict[str, int]
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "整改问题"
    sheet.append(["整改问题清单"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["筛选条件", spreadsheets.text("；".join(f"{k}：{v}" for k, v in filters)) or "全部"])
    sheet.append(
        [
            "各状态数量",
            "；".join(f"{label}：{counts.get(value, 0)}" for value, label in ProblemStatus.choices),
        ]
    )
    sheet.append(["合计", sum(counts.values())])
    sheet.append([])
    sheet.append(list(HEADERS))
    for cell in sheet[6]:
        cell.font = Font(bold=True)
    rows = problems.select_related("agency", "report", "found_in", "proposed_in").prefetch_related("notices")
    for problem in rows:
        sheet.append(spreadsheets.row(_row(problem)))
    for column, width in zip(
        "ABCDEFGHIJKLMN", (6, 28, 6, 24, 50, 36, 10, 24, 24, 12, 8, 24, 18, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=7):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
