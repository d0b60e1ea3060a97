"""The compliance dashboard of a region for a year (issue 14 §4): one row per agency of the roster — report
found or missing, published on time or late against its deadline, the template right for the year or not,
the findings by severity and by rule, changed since first seen — with filters, sorting, counts per status and
an Excel export that states the filters it was made with.

Fast at a region of thousands of agencies because nothing here opens a report and Python sees only the rows
of one page: :func:`roster_rows` is one query — the roster's status in SQL
(:func:`gongkai_web.agencies.roster.roster_queryset`: the deadline from the nearest rule, received, the
earliest date, lateness as a date difference) joined to each agency's collected report of the year and its
latest version's counts, which the filing service stored as columns when the version was checked. Filters,
sorting, LIMIT/OFFSET, the counts per status (one aggregate with FILTER) and the findings per rule (the
database's JSON functions) run in the database; the export streams the same query."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OrderBy,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gongkai.clock import AgencyKind
from gongkai_web.agencies import roster as rst
from gongkai_web.agencies.models import Agency
from gongkai_web.common import spreadsheets
from gongkai_web.supervision.models import PublishedHow

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


@dataclass
class Row:
    """One agency of the roster and its collected report for the year (if any): one of the page's rows."""

    pk: int
    name: str
    code: str
    kind: str
    parent_name: str
    deadline: dt.date
    status: rst.RosterStatus
    published: dt.date | None
    days_late: int
    report_id: int | None
    versions: int
    published_how: str
    template: str
    template_ok: bool | None  # None: no report
    errors: int
    warnings: int
    infos: int
    rules: dict[str, int]

    @property
    def kind_label(self) -> str:
        return AgencyKind(self.kind).label_zh

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

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

    def where(self) -> Q:
        """The filters as a condition on :func:`roster_rows`."""
        q = Q()
        if self.status:
            q &= Q(status=self.status)
        if self.late:
            q &= Q(status=rst.RosterStatus.LATE.value)
        if self.template_wrong:
            q &= Q(template_ok=False)
        if self.has_errors:
            q &= Q(errors__gt=0)
        if self.changed:
            q &= Q(versions__gt=1)
        if self.kind:
            q &= Q(kind=self.kind)
        if self.sub is not None:
            q &= Q(path__under=self.sub.path)
        return q

    def ordering(self) -> list[OrderBy]:
        """The sort as ORDER BY terms on :func:`roster_rows`: the tree order (``path``) breaks ties, rows
        without a date come last whichever the direction."""
        keys = {
            "tree": [],
            "name": ["name"],
            "status": [STATUS_RANK],
            "published": ["published"],
            "late": ["days_late"],
            "errors": ["errors", "warnings"],
            "warnings": ["warnings", "errors"],
            "versions": ["versions"],
        }[self.sort if self.sort in SORTS else "tree"]
        terms = [F(k) if isinstance(k, str) else k for k in [*keys, "path"]]
        if self.descending:
            return [t.desc(nulls_last=True) for t in terms]
        return [t.asc(nulls_last=True) for t in terms]


STATUS_RANK = Case(
    *(When(status=s.value, then=Value(i)) for i, s in enumerate(rst.RosterStatus)),
    output_field=IntegerField(),
)
_LATEST = f"{rst.COLLECTED}__latest"


def roster_rows(region: Agency, year: int, *, today: dt.date | None = None) -> QuerySet[Agency]:
    """Every agency of ``region``'s roster for ``year`` as one query: the roster's status in SQL
    (:func:`gongkai_web.agencies.roster.roster_queryset`) with the collected report's columns — ``report_id``,
    ``versions``, ``published_how``, and the latest version's ``template``, ``template_ok``, ``errors``,
    ``warnings``, ``infos``, ``rule_counts`` — for filtering (:meth:`Filters.where`), sorting, counting
    (:func:`counts`) and paging in the database."""
    return rst.roster_queryset(region, year, today=today).annotate(
        report_id=F(f"{rst.COLLECTED}__pk"),
        versions=Coalesce(F(f"{rst.COLLECTED}__version_count"), Value(0)),
        published_how=Coalesce(F(f"{rst.COLLECTED}__published_how"), Value("")),
        template=Coalesce(F(f"{_LATEST}__template"), Value("")),
        template_ok=F(f"{_LATEST}__template_ok"),
        errors=Coalesce(F(f"{_LATEST}__errors"), Value(0)),
        warnings=Coalesce(F(f"{_LATEST}__warnings"), Value(0)),
        infos=Coalesce(F(f"{_LATEST}__infos"), Value(0)),
        rule_counts=F(f"{_LATEST}__rule_counts"),
    )


#: what a :class:`Row` reads of :func:`roster_rows`, in its fields' order
ROW_FIELDS = (
    "pk", "name", "code", "kind", "parent__name", "deadline", "status", "published", "days_late",
    "report_id", "versions", "published_how", "template", "template_ok", "errors", "warnings", "infos",
    "rule_counts",
)  # fmt: skip


def _row(values: tuple[Any, ...]) -> Row:
    (pk, name, code, kind, parent, deadline, status, published, late, report, versions, how, template, ok,
     errors, warnings, infos, rules) = values  # fmt: skip
    return Row(
        pk, name, code, kind, parent or "", deadline, rst.RosterStatus(status), published, late or 0,
        report, versions, how, template, ok, errors, warnings, infos, rules or {},
    )  # fmt: skip


def page_rows(rows: QuerySet[Agency], f: Filters, start: int, stop: int) -> list[Row]:
    """The rows ``f`` keeps, in its order, from ``start`` to ``stop`` (LIMIT/OFFSET in SQL)."""
    chosen = rows.filter(f.where()).order_by(*f.ordering())
    return [_row(v) for v in chosen.values_list(*ROW_FIELDS)[start:stop]]


COUNTED = ("total", "found", "with_errors", "template_wrong", "changed", "errors", "warnings", "infos")


def counts(rows: QuerySet[Agency], f: Filters) -> tuple[dict[str, int], dict[str, int]]:
    """Over all the rows and over those ``f`` keeps: rows per roster status, and how many have a report,
    errors, a wrong template, several versions, and the findings by severity. One query grouping the rows
    by those properties (a few dozen groups; the database computes each row's status once) summed here."""
    where = f.where()
    groups = (
        rows.annotate(
            shown=ExpressionWrapper(where, output_field=BooleanField()) if where else Value(True),
            found=ExpressionWrapper(Q(report_id__isnull=False), output_field=BooleanField()),
            with_errors=ExpressionWrapper(Q(errors__gt=0), output_field=BooleanField()),
            changed=ExpressionWrapper(Q(versions__gt=1), output_field=BooleanField()),
        )
        .values("status", "shown", "found", "with_errors", "changed", "template_ok")
        .annotate(n=Count("pk"), e=Sum("errors"), w=Sum("warnings"), i=Sum("infos"))
        .order_by()
    )
    keys = (*(s.value for s in rst.RosterStatus), *COUNTED)
    every, shown = dict.fromkeys(keys, 0), dict.fromkeys(keys, 0)
    for g in groups:
        for out in (every, shown) if g["shown"] else (every,):
            n = g["n"]
            out[g["status"]] += n
            out["total"] += n
            out["found"] += n if g["found"] else 0
            out["with_errors"] += n if g["with_errors"] else 0
            out["template_wrong"] += n if g["template_ok"] is False else 0
            out["changed"] += n if g["changed"] else 0
            out["errors"] += g["e"] or 0
            out["warnings"] += g["w"] or 0
            out["infos"] += g["i"] or 0
    return every, shown


def rule_totals(rows: QuerySet[Agency], f: Filters, limit: int = 20) -> list[tuple[str, int, int]]:
    """Per rule code over the rows ``f`` keeps: findings in all, and in how many reports — most frequent
    first. One query: the rows' ``rule_counts`` expanded by the database's JSON functions."""
    chosen = rows.filter(f.where()).filter(report_id__isnull=False).values("rule_counts")
    inner, params = chosen.query.sql_with_params()
    if connection.vendor == "postgresql":
        each, value = "jsonb_each_text(r.rule_counts) AS j", "CAST(j.value AS INTEGER)"
    else:
        each, value = "json_each(r.rule_counts) AS j", "j.value"
    sql = (
        f"SELECT j.key, SUM({value}) AS n, COUNT(*) FROM ({inner}) AS r, {each}"
        f" GROUP BY j.key ORDER BY n DESC, j.key LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [(code, int(n), int(reports)) for code, n, reports in cursor.fetchall()]


HEADERS = (
    "机构名称", "机构代码", "类别", "上级机构", "报送期限", "状态", "发布日期", "日期来源", "逾期天数",
    "格式", "格式与年度相符", "错误", "警告", "提示", "各规则问题数", "版本数",
)  # fmt: skip
WIDTHS = (30, 22, 10, 24, 12, 18, 12, 10, 9, 6, 12, 6, 6, 6, 30, 7)


def export_xlsx(region: Agency, year: int, rows: QuerySet[Agency], f: Filters, *, made: dt.datetime) -> bytes:
    """The rows ``f`` keeps, in its order, as an Excel workbook streamed from the query (write-only sheet, the
    rows read in chunks); the first lines state the region, year, filters and time it was made."""
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
    yes, no = _("是"), _("否")
    chosen = rows.filter(f.where()).order_by(*f.ordering()).values_list(*ROW_FIELDS)
    for r in map(_row, chosen.iterator(chunk_size=2000)):
        sheet.append(
            spreadsheets.row(
                [
                    r.name,
                    r.code,
                    r.kind_label,
                    r.parent_name,
                    r.deadline,
                    str(r.status_label),
                    r.published,
                    r.published_how_label,
                    r.days_late or None,
                    r.template or None,
                    None if r.template_ok is None else (yes if r.template_ok else no),
                    r.errors if r.found else None,
                    r.warnings if r.found else None,
                    r.infos if r.found else None,
                    rule_text(r.rules),
                    r.versions or None,
                ]
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rule_text(rules: Mapping[str, int]) -> str:
    return "，".join(f"{code}×{n}" for code, n in sorted(rules.items()))
