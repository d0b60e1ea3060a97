"""The compliance dashboard of a region for a year (issue 14 §4): one row per agency of the roster — report
found or missing, published on time or late against its deadline, the template right for the year or not,
the findings by severity and by rule, changed since first seen — with filters, sorting, counts per status and
an Excel export that states the filters it was made with.

Fast at a region of thousands of agencies because nothing here opens a report: the roster
(:func:`gongkai_web.agencies.roster.roster`, which also decides "received") gives status and dates, and one
query reads each agency's collected report for the year with its latest version's counts, which the filing
service stored as columns when the version was checked."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gongkai.clock import AgencyKind
from gongkai_web.agencies import roster as rst
from gongkai_web.agencies.models import Agency
from gongkai_web.common import spreadsheets
from gongkai_web.supervision.models import CollectedReport, PublishedHow

STATUS_LABELS = rst.STATUS_LABELS
SORTS = {
    "tree": _("按机构层级"),
    "name": _("机构名称"),
    "status": _("状态"),
    "published": _("发布日期"),
    "late": _("逾期天数"),
    "errors": _("错误数"),
    "warnings": _("警告数"),
    "versions": _("版本数"),
}
STATUS_ORDER = {s: i for i, s in enumerate(rst.RosterStatus)}


@dataclass
class Row:
    """One agency of the roster and its collected report for the year (if any)."""

    line: rst.Line
    order: int  # the agency's place in the tree order
    report_id: int | None = None
    versions: int = 0
    template: str = ""
    template_ok: bool | None = None  # None: no report
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    rules: dict[str, int] = field(default_factory=dict)
    published_how: str = ""

    @property
    def agency(self) -> rst.Member:
        return self.line.agency

    @property
    def found(self) -> bool:
        return self.report_id is not None

    @property
    def changed(self) -> bool:
        return self.versions > 1

    @property
    def published_how_label(self) -> str:
        return str(PublishedHow(self.published_how).label) if self.published_how else ""


@dataclass(frozen=True)
class Filters:
    """What the page (or the export) shows; every field empty or false: everything."""

    status: str = ""
    late: bool = False
    template_wrong: bool = False
    has_errors: bool = False
    changed: bool = False
    kind: str = ""
    sub: Agency | None = None
    sort: str = "tree"
    descending: bool = False

    def describe(self) -> list[tuple[str, str]]:
        """The filters in force, as (label, value) in Chinese — printed at the top of the export."""
        out: list[tuple[str, str]] = []
        if self.sub is not None:
            out.append((_("下级地区"), self.sub.name))
        if self.status:
            out.append((_("状态"), str(STATUS_LABELS[rst.RosterStatus(self.status)])))
        if self.late:
            out.append((_("逾期"), _("仅逾期发布的")))
        if self.template_wrong:
            out.append((_("格式"), _("仅格式与年度不符的")))
        if self.has_errors:
            out.append((_("检查问题"), _("仅有错误的")))
        if self.changed:
            out.append((_("版本"), _("仅首次收到后有改动的")))
        if self.kind:
            out.append((_("机构类别"), AgencyKind(self.kind).label_zh))
        out.append(
            (_("排序"), f"{SORTS.get(self.sort, self.sort)}{_('（降序）') if self.descending else ''}")
        )
        return out


def dashboard_rows(region: Agency, year: int, *, today: dt.date | None = None) -> list[Row]:
    """Every agency of ``region``'s roster for ``year``, in tree order."""
    lines = rst.roster(region, year, today=today or timezone.localdate())
    collected = (
        CollectedReport.objects.filter(year=year, agency__path__startswith=region.path, version_count__gt=0)
        .values_list(
            "agency_id",
            "pk",
            "version_count",
            "published_how",
            "latest__template",
            "latest__template_ok",
            "latest__errors",
            "latest__warnings",
            "latest__infos",
            "latest__rule_counts",
        )
        .order_by()
    )
    by_agency = {r[0]: r for r in collected}
    rows = []
    for i, line in enumerate(lines):
        row = Row(line, i)
        got = by_agency.get(line.agency.pk)
        if got is not None:
            (
                _a,
                row.report_id,
                row.versions,
                row.published_how,
                row.template,
                row.template_ok,
                row.errors,
                row.warnings,
                row.infos,
                rules,
            ) = got
            row.rules = rules or {}
        rows.append(row)
    return rows


def apply(rows: Iterable[Row], f: Filters) -> list[Row]:
    """The rows ``f`` keeps, in its order."""
    out = []
    for r in rows:
        if f.status and r.line.status != f.status:
            continue
        if f.late and r.line.status is not rst.RosterStatus.LATE:
            continue
        if f.template_wrong and r.template_ok is not False:
            continue
        if f.has_errors and not r.errors:
            continue
        if f.changed and not r.changed:
            continue
        if f.kind and r.agency.kind != f.kind:
            continue
        if f.sub is not None and not r.agency.path.startswith(f.sub.path):
            continue
        out.append(r)
    keys: dict[str, Any] = {
        "tree": lambda r: r.order,
        "name": lambda r: r.agency.name,
        "status": lambda r: (STATUS_ORDER[r.line.status], r.order),
        # rows without a date last, whichever the direction
        "published": lambda r: (r.line.published is None, r.line.published or dt.date.min, r.order),
        "late": lambda r: (r.line.days_late, r.order),
        "errors": lambda r: (r.errors, r.warnings, r.order),
        "warnings": lambda r: (r.warnings, r.errors, r.order),
        "versions": lambda r: (r.versions, r.order),
    }
    out.sort(key=keys.get(f.sort, keys["tree"]), reverse=f.descending)
    return out


def counts(rows: Iterable[Row]) -> dict[str, int]:
    """Rows per roster status, and how many have a report, errors, a wrong template, several versions."""
    rows = list(rows)
    by_status = Counter(str(r.line.status) for r in rows)
    return {
        **{s.value: by_status.get(s.value, 0) for s in rst.RosterStatus},
        "total": len(rows),
        "found": sum(r.found for r in rows),
        "with_errors": sum(bool(r.errors) for r in rows),
        "template_wrong": sum(r.template_ok is False for r in rows),
        "changed": sum(r.changed for r in rows),
        "errors": sum(r.errors for r in rows),
        "warnings": sum(r.warnings for r in rows),
        "infos": sum(r.infos for r in rows),
    }


def rule_totals(rows: Iterable[Row]) -> list[tuple[str, int, int]]:
    """Per rule code: findings in all, and in how many reports — most frequent first."""
    findings: Counter[str] = Counter()
    reports: Counter[str] = Counter()
    for r in rows:
        for code, n in r.rules.items():
            findings[code] += n
            reports[code] += 1
    return sorted(((c, n, reports[c]) for c, n in findings.items()), key=lambda t: (-t[1], t[0]))


HEADERS = (
    "机构名称", "机构代码", "类别", "上级机构", "报送期限", "状态", "发布日期", "日期来源", "逾期天数",
    "格式", "格式与年度相符", "错误", "警告", "提示", "各规则问题数", "版本数",
)  # fmt: skip
WIDTHS = (30, 22, 10, 24, 12, 18, 12, 10, 9, 6, 12, 6, 6, 6, 30, 7)


def export_xlsx(region: Agency, year: int, rows: Iterable[Row], f: Filters, *, made: dt.datetime) -> bytes:
    """The rows as an Excel workbook; the first lines state the region, year, filters and time it was made."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"{year}年度报告监督"[:31])
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    bold = Font(bold=True)
    sheet.append(
        [spreadsheets.text(_("%(region)s %(year)s年度报告监督情况") % {"region": region.name, "year": year})]
    )
    sheet.append([_("导出时间"), f"{timezone.localtime(made):%Y-%m-%d %H:%M}"])
    for label, value in f.describe():
        sheet.append([_("筛选：") + label, spreadsheets.cell(value)])
    sheet.append([])
    header = []
    for h in HEADERS:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    def append_guarded(cells: list[object]) -> None:
        sheet.append(spreadsheets.row(cells))

    for r in rows:
        a, line = r.agency, r.line
        append_guarded(
            [
                a.name,
                a.code,
                a.kind_label,
                a.parent_name,
                line.deadline,
                line.status_label,
                line.published,
                r.published_how_label,
                line.days_late or None,
                r.template or None,
                None if r.template_ok is None else (_("是") if r.template_ok else _("否")),
                r.errors if r.found else None,
                r.warnings if r.found else None,
                r.infos if r.found else None,
                rule_text(r.rules),
                r.versions or None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rule_text(rules: Mapping[str, int]) -> str:
    return "，".join(f"{code}×{n}" for code, n in sorted(rules.items()))
