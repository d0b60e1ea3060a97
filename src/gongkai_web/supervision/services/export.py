"""A batch's outcomes, one row per file, as CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from gongkai_web.common import spreadsheets
from gongkai_web.supervision.models import Batch, BatchItem

HEADERS = (
    "文件名", "大小（字节）", "SHA-256", "状态", "说明", "报告所署机构", "年度", "格式",
    "归入机构", "版本", "匹配度", "错误", "警告", "提示", "处理次数", "用时（秒）",
)  # fmt: skip


def _row(item: BatchItem) -> list[object]:
    version = item.version
    return [
        item.name,
        item.size,
        item.sha256,
        item.get_status_display(),
        item.reason,
        item.agency_name,
        item.year or "",
        item.template,
        version.report.agency.name if version else "",
        version.number if version else "",
        item.match_score if item.match_score is not None else "",
        item.findings.get("error", ""),
        item.findings.get("warning", ""),
        item.findings.get("info", ""),
        item.attempts,
        item.seconds if item.seconds is not None else "",
    ]


def _rows(batch: Batch) -> list[list[object]]:
    items = batch.items.select_related("version__report__agency").defer("content", "data")
    return [_row(i) for i in items]


def batch_csv(batch: Batch) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(spreadsheets.row(r) for r in _rows(batch))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def batch_xlsx(batch: Batch) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"批次{batch.pk}"
    sheet.append(list(HEADERS))
    for row in _rows(batch):
        sheet.append(spreadsheets.row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
