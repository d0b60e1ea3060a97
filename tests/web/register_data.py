"""A small register for the tests: 青山市 with its government, four departments and two counties (each with a
government, departments and townships), as a supervisor's spreadsheet has it (header row first)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl

from gongkai_web.agencies.models import Agency
from gongkai_web.reports.models import ReportVersion

HEADER = ["机构名称", "简称", "代码", "上级机构代码", "类别", "网站", "年报栏目网址"]
CITY = "11330100QS0000001A"
DONGHU = "11330101DH0000001B"
XILING = "11330102XL0000001C"
ROWS = [
    [
        "青山市人民政府",
        "青山市政府",
        CITY,
        "",
        "人民政府",
        "https://www.qingshan.gov.cn",
        "https://www.qingshan.gov.cn/zfxxgk/zfxxgknb/",
    ],
    [
        "青山市财政局",
        "市财政局",
        "11330100QS0000102D",
        CITY,
        "政府部门",
        "https://czj.qingshan.gov.cn",
        "https://czj.qingshan.gov.cn/zfxxgknb/",
    ],
    ["青山市教育局", "市教育局", "11330100QS0000103E", CITY, "政府部门", "https://jyj.qingshan.gov.cn", ""],
    ["青山市自然资源和规划局", "市自然资源局", "11330100QS0000104F", CITY, "政府部门", "", ""],
    [
        "青山市人民政府办公室",
        "市政府办",
        "11330100QS0000105G",
        CITY,
        "政府部门",
        "https://www.qingshan.gov.cn",
        "",
    ],
    [
        "东湖县人民政府",
        "东湖县政府",
        DONGHU,
        CITY,
        "人民政府",
        "https://www.donghu.gov.cn",
        "https://www.donghu.gov.cn/zfxxgknb/",
    ],
    ["东湖县财政局", "县财政局", "11330101DH0000102H", DONGHU, "政府部门", "", ""],
    ["东湖县卫生健康局", "县卫健局", "11330101DH0000103J", DONGHU, "政府部门", "", ""],
    ["东湖县城关镇人民政府", "城关镇", "11330101DH0000201K", DONGHU, "乡镇（街道）", "", ""],
    ["西岭县人民政府", "西岭县政府", XILING, CITY, "人民政府", "https://www.xiling.gov.cn", ""],
    ["西岭县教育局", "", "11330102XL0000102L", XILING, "政府部门", "", ""],
    ["西岭县石门乡人民政府", "石门乡", "11330102XL0000201M", XILING, "乡镇（街道）", "", ""],
]


def xlsx_bytes(rows: list[list[str]] | None = None, header: list[str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header or HEADER)
    for row in ROWS if rows is None else rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list[str]] | None = None, encoding: str = "utf-8-sig") -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *(ROWS if rows is None else rows)])
    return buf.getvalue().encode(encoding)


def published_report(agency: Agency, year: int, on: dt.date, number: int = 1) -> ReportVersion:
    """A version of ``agency``'s report on ``year`` published on ``on`` (the roster reads only its date)."""
    return ReportVersion.objects.create(
        agency=agency,
        year=year,
        number=number,
        template="2021",
        data={},
        content_hash=f"{agency.pk:032d}{number:032d}",
        docx=b"",
        pdf=b"",
        html=b"",
        published_at=dt.datetime.combine(on, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai")),
    )
