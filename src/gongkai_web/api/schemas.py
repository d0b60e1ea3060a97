"""What the read API answers: agencies, collected reports (tables, sections, versions), findings, indicators.
Report content is gongkai's JSON form with the stable keys of ``docs/report-json.md``."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from ninja import Schema
from pydantic import Field

from gongkai.clock import AgencyKind

Kind = Enum("Kind", {k.name: k.value for k in AgencyKind}, type=str)  # type: ignore[misc]


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str = Field(description="机构类别：" + "、".join(f"{k.value} {k.label_zh}" for k in AgencyKind))
    parent_id: int | None
    website: str
    report_url: str


class VersionOut(Schema):
    number: int = Field(description="版本号，从1起")
    created_at: dt.datetime
    template: str = Field(description="报告格式：2019 或 2021")
    content_hash: str
    source_name: str
    changed_cells: int | None = Field(description="与上一版不同的单元格数")
    findings: dict[str, int] = Field(description="检查问题数，按级别（error / warning / info）")


class ReportOut(Schema):
    id: int
    agency_id: int
    agency: str
    year: int
    versions: int = Field(description="版本数")
    latest: VersionOut | None


class ReportDetail(ReportOut):
    title: str | None
    sections: dict[str, Any] = Field(description="正文各部分（键见 docs/report-json.md）")
    tables: dict[str, Any] = Field(description="表二 proactive、表三 requests、表四 appeals（最新版本）")
    history: list[VersionOut] = Field(description="全部版本，最新在前")


class VersionDetail(VersionOut):
    report_id: int
    data: dict[str, Any] = Field(description="该版本的报告（gongkai.annual-report/1）")


class FindingOut(Schema):
    code: str
    name: str
    severity: str
    message: str
    paths: list[str]
    accepted: str | None = Field(None, description="已接受该问题时填写的理由；否则为 null")


class IndicatorOut(Schema):
    label: str
    value: float | None = Field(description="计数，或比率（0–1）；空白或分母为0时为 null")
    numerator: float | None
    denominator: float | None
    display: str = Field(description="显示形式：如 45.9%；空白或无定义为 —")


class IndicatorRowOut(Schema):
    report_id: int
    agency_id: int
    agency: str
    year: int
    version: int
    indicators: dict[str, IndicatorOut]
    flags: list[dict[str, str]] = Field(description="异常提示：code、key、message（中文说明）")
