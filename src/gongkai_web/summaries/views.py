"""The 汇总 page of a region and year, a summed cell's drill-down, the 汇总's downloads (Word, PDF, web page,
Excel in the official layout; CSV of every cell's contributions)
and the region's dataset (CSV, XLSX, Parquet).

Supervisors, for their own region and those below it (another region: 404), and system administrators, for
every region (``permissions`` action ``summarise``); other roles: 403."""

from __future__ import annotations

import csv
import functools
import io
import tempfile
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import layout, render_report
from gongkai.model import REQUEST_COLUMNS
from gongkai.supervise import FORMATS, Summary, indicator_records, write_dataset
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import ACTIONS, can
from gongkai_web.common import spreadsheets
from gongkai_web.common.views import staff_required
from gongkai_web.summaries.services import (
    SCOPES,
    Result,
    candidates,
    cell_parts,
    dataset_entries,
    select,
    summarise,
)

MIN_YEAR = 2019
REPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATASET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": REPORT_TYPES["xlsx"],
    "parquet": "application/vnd.apache.parquet",
}
TABLE_NAMES = {"proactive": "表二 主动公开政府信息情况", "requests": "表三 收到和处理政府信息公开申请情况",
               "appeals": "表四 政府信息公开行政复议、行政诉讼情况"}  # fmt: skip


def summariser_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @staff_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.role not in ACTIONS["summarise"]:  # type: ignore[union-attr]
            raise PermissionDenied(_("只有监督人员和系统管理员可以查看汇总"))
        return view(request, *args, **kwargs)

    return wrapped


def _regions(user: User) -> list[Agency]:
    """The regions the form offers: the user's own and those below it (an administrator: every region)."""
    qs = Agency.objects.filter(children__isnull=False).distinct()
    if user.agency is None:
        return sorted(qs, key=lambda a: a.path)
    qs = qs.filter(path__under=user.agency.path)
    return sorted({*qs, user.agency}, key=lambda a: a.path)


def _region(request: HttpRequest) -> Agency:
    """The region asked for; by default the user's agency (an administrator without one: the first region
    at the top of the register)."""
    pk = request.GET.get("region") or request.user.agency_id  # type: ignore[union-attr]
    if pk is None:
        top = Agency.objects.filter(parent__isnull=True, children__isnull=False).order_by("path").first()
        if top is None:
            raise Http404
        pk = top.pk
    try:
        region = get_object_or_404(Agency, pk=int(str(pk)))
    except ValueError as exc:
        raise Http404 from exc
    if not can(request.user, "summarise", region):  # type: ignore[arg-type]
        raise Http404
    return region


def _year(request: HttpRequest) -> int:
    latest = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year") or latest)
    except ValueError as exc:
        raise Http404 from exc
    if not MIN_YEAR <= year <= latest + 1:
        raise Http404
    return year


def _result(request: HttpRequest) -> tuple[Result, dict[str, Any]]:
    region, year = _region(request), _year(request)
    scope = request.GET.get("scope") or "departments"
    if scope not in SCOPES:
        raise Http404
    chosen = [int(x) for x in request.GET.getlist("agency") if x.isdigit()]
    result = summarise(select(region, scope, chosen), year)
    params: list[tuple[str, Any]] = [("region", region.pk), ("year", year), ("scope", scope)]
    params += [("agency", pk) for pk in chosen] if scope == "chosen" else []
    return result, {"region": region, "year": year, "scope": scope, "query": urlencode(params)}


def _file(data: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response


def grids(summary: Summary) -> dict[str, Any]:
    """The three tables as the official layout arranges them (rows and columns from ``gongkai.layout``)."""
    t, cells = summary.template, summary.cells
    proactive = [
        (r.label, [(label, cells[f"proactive.{r.key}.{c}"]) for c, label in r.columns.items()])
        for r in layout.proactive_rows(t)
    ]
    requests: list[tuple[str, int, list[Any] | None]] = []
    seen: set[str] = set()
    for r in layout.rows_of(summary.report):
        if r.group and r.group not in seen:  # the merged headings: 三、本年度办理结果, （三）不予公开 …
            if not seen:
                requests.append((layout.group(layout.RESULTS).heading, 0, None))
            seen.add(r.group)
            if r.group != layout.RESULTS:
                requests.append((layout.group(r.group).heading, 1, None))
        requests.append((r.printed, r.level, [cells[f"requests.{r.key}.{c}"] for c in REQUEST_COLUMNS]))
    columns = layout.appeal_columns()
    appeals = [
        (layout.appeal_group_heading(g.key), [cells[f"appeals.{g.key}.{c.key}"] for c in columns])
        for g in layout.appeal_groups()
    ]
    return {
        "names": TABLE_NAMES,
        "proactive": proactive,
        "request_columns": [layout.request_column_label(c) for c in REQUEST_COLUMNS],
        "requests": requests,
        "appeal_columns": [c.label for c in columns],
        "appeals": appeals,
    }


def _involves_incomplete(summary: Summary, paths: tuple[str, ...]) -> bool:
    """Whether a finding names a summed cell (or a row holding one) whose sum is over a blank."""
    return any(c.path == p or c.path.startswith(p + ".") for p in paths for c in summary.incomplete_cells)


@summariser_required
def index(request: HttpRequest) -> HttpResponse:
    result, ctx = _result(request)
    summary = result.summary
    chosen = {a.pk for a in result.selection.agencies}
    return render(
        request,
        "summaries/index.html",
        ctx
        | {
            "result": result,
            "summary": summary,
            "grid": grids(summary),
            "findings": [(f, _involves_incomplete(summary, f.paths)) for f in result.findings],
            "regions": _regions(request.user),  # type: ignore[arg-type]
            "years": list(range(timezone.localdate().year, MIN_YEAR - 1, -1)),
            "scopes": SCOPES.items(),
            "candidates": [(a, a.pk in chosen) for a in candidates(ctx["region"])],
            "missing": [result.agency_of(n) for n in summary.missing],
            "incomplete": len(summary.incomplete_cells),
        },
    )


@summariser_required
def cell(request: HttpRequest) -> HttpResponse:
    result, ctx = _result(request)
    path = request.GET.get("path", "")
    if path not in result.summary.cells:
        raise Http404
    summed = cell_parts(result, path)
    rows = []
    for c in summed.contributions:
        agency = result.agency_of(c.agency)
        version = result.versions.get(agency.pk) if agency else None
        rows.append((c, version))
    return render(
        request,
        "summaries/cell.html",
        ctx | {"result": result, "summary": result.summary, "cell": summed, "rows": rows},
    )


def _contributions_csv(result: Result) -> bytes:
    summary = result.summary
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(spreadsheets.row([summary.title]))
    if summary.missing:
        w.writerow(spreadsheets.row([f"缺{len(summary.missing)}个单位的报告：" + "、".join(summary.missing)]))
    w.writerow(spreadsheets.row(["单元格", "名称", "合计", "合计是否完整", "机构", "数值", "说明"]))
    for path in summary.cells:
        c = cell_parts(result, path)
        state = "完整" if c.complete else "不完整（含空白或不可比的单元格）"
        for part in c.contributions:
            value = "空白" if part.value is None else part.value
            w.writerow(spreadsheets.row([path, c.label, c.total, state, part.agency, value, part.note or ""]))
        for name in c.not_comparable:
            w.writerow(
                spreadsheets.row([path, c.label, c.total, state, name, "", "报告使用另一版格式，无此单元格"])
            )
        for name in summary.missing:
            w.writerow(spreadsheets.row([path, c.label, c.total, state, name, "", "未收到报告"]))
    return out.getvalue().encode("utf-8-sig")


@summariser_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    result, ctx = _result(request)
    name = f"{result.selection.place}{ctx['year']}年度汇总（{result.selection.label}）"
    if fmt == "csv":
        return _file(_contributions_csv(result), "text/csv; charset=utf-8", f"{name}-单元格构成.csv")
    if fmt not in REPORT_TYPES:
        raise Http404
    data = render_report(result.summary.report, fmt)
    # the web page opens in the browser, to read and print; the others are files to keep
    return _file(data, REPORT_TYPES[fmt], f"{name}.{fmt}", inline=fmt == "html")


@summariser_required
def dataset(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    region = _region(request)
    agencies = list(Agency.objects.filter(path__under=region.path).select_related("parent"))
    with tempfile.TemporaryFile() as f:
        write_dataset(
            dataset_entries(agencies),  # type: ignore[arg-type]
            f,
            fmt,
            extra=[indicator_records],
            cell=spreadsheets.cell,
        )
        f.seek(0)
        data = f.read()
    return _file(data, DATASET_TYPES[fmt], f"{region.name}-年度报告数据.{fmt}")
