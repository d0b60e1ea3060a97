"""The compliance dashboard and its drill-down: region and year → an agency's collected report → a finding,
shown at its cell in the official layout beside where it was read in the original file. Supervisors only,
within their region (another region's report is 403, as every supervision URL)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai import report_from_dict
from gongkai.clock import AgencyKind
from gongkai_web.agencies import roster as rst
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import can
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.forms import ChineseLabels
from gongkai_web.reports.layout import report_tables
from gongkai_web.supervision.models import CollectedReport, CollectedVersion
from gongkai_web.supervision.services import IntakeError
from gongkai_web.supervision.services import dashboard as dash
from gongkai_web.supervision.services.publication import correct_publication_date
from gongkai_web.supervision.services.source import finding_view, original_item
from gongkai_web.supervision.views import supervisor_required

ROWS_PER_PAGE = 100
MIN_YEAR = 2019
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    latest = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year") or latest)
    except ValueError as exc:
        raise Http404 from exc
    if not MIN_YEAR <= year <= latest + 1:
        raise Http404
    return year


def _sub_regions(region: Agency) -> list[Agency]:
    """The region's agencies that have agencies below them (a county, a township's government…)."""
    inside = Agency.objects.filter(path__under=region.path)
    return list(inside.filter(pk__in=inside.values("parent_id")).exclude(pk=region.pk).order_by("path"))


def _filters(request: HttpRequest, region: Agency) -> dash.Filters:
    g = request.GET
    status = g.get("status", "")
    kind = g.get("kind", "")
    sub = None
    if g.get("sub"):
        try:
            sub = Agency.objects.filter(pk=int(g["sub"]), path__under=region.path).first()
        except ValueError:
            sub = None
    sort = g.get("sort", "tree")
    return dash.Filters(
        status=status if status in {s.value for s in rst.RosterStatus} else "",
        late=g.get("late") == "1",
        template_wrong=g.get("template") == "wrong",
        has_errors=g.get("errors") == "1",
        changed=g.get("changed") == "1",
        kind=kind if kind in {k.value for k in AgencyKind} else "",
        sub=sub,
        sort=sort if sort in dash.SORTS else "tree",
        descending=g.get("dir") == "desc",
    )


@supervisor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    region: Agency = request.user.agency  # type: ignore[union-attr]
    year = _year(request)
    f = _filters(request, region)
    rows = dash.roster_rows(region, year)
    counts, shown = dash.counts(rows, f)
    # the paginator counts the numbers 0…n-1 (n from the aggregate); the database reads the page's rows
    page = Paginator(range(shown["total"]), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    start = (page.number - 1) * ROWS_PER_PAGE
    page.object_list = dash.page_rows(rows, f, start, start + ROWS_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/dashboard.html",
        {
            "region": region,
            "year": year,
            "years": list(range(timezone.localdate().year, MIN_YEAR - 1, -1)),
            "f": f,
            "page": page,
            "counts": counts,
            "shown": shown,
            "rules": dash.rule_totals(rows, f),
            "statuses": [(s.value, rst.STATUS_LABELS[s]) for s in rst.RosterStatus],
            "kinds": [(k.value, k.label_zh) for k in AgencyKind],
            "subs": _sub_regions(region),
            "sorts": list(dash.SORTS.items()),
            "query": query.urlencode(),
        },
    )


@supervisor_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    region: Agency = request.user.agency  # type: ignore[union-attr]
    year = _year(request)
    f = _filters(request, region)
    data = dash.export_xlsx(region, year, dash.roster_rows(region, year), f, made=timezone.now())
    response = HttpResponse(data, content_type=XLSX)
    name = f"{region.code}-{year}-年报监督情况.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _report(request: HttpRequest, pk: int) -> CollectedReport:
    report = get_object_or_404(CollectedReport.objects.select_related("agency", "latest"), pk=pk)
    if not can(request.user, "supervise", report.agency):  # type: ignore[arg-type]
        raise PermissionDenied
    return report


class PublicationForm(ChineseLabels, forms.Form):
    published_on = forms.DateField(
        label=gettext_lazy("发布日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=gettext_lazy("更正依据"),
        max_length=300,
        help_text=gettext_lazy("如：栏目页面所示发布日期 2025-01-20"),
    )


def publication_context(report: CollectedReport, form: PublicationForm | None = None) -> dict[str, Any]:
    """What the report page shows of the publication date: the date, where it came from, the deadline and
    the roster's verdict (the roster decides, from every report received), and the correction form."""
    line = next(
        (x for x in rst.roster(report.agency, report.year) if x.agency.pk == report.agency_id),
        None,
    )
    return {
        "roster_line": line,
        "publication_form": form or PublicationForm(initial={"published_on": report.published_on}),
    }


@supervisor_required
@require_POST
def correct_publication(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = PublicationForm(request.POST)
    if form.is_valid():
        try:
            correct_publication_date(
                request.user,  # type: ignore[arg-type]
                report,
                form.cleaned_data["published_on"],
                form.cleaned_data["reason"],
            )
        except IntakeError as exc:
            add_form_error(form, exc, default="published_on")
        else:
            messages.success(request, _("已更正发布日期，并记入操作日志"))
            return redirect("supervision:report", report.pk)
    from gongkai_web.supervision.views import report_page

    return report_page(request, report, form, status=400)


def _version(request: HttpRequest, pk: int, number: int) -> CollectedVersion:
    report = _report(request, pk)
    return get_object_or_404(
        CollectedVersion.objects.select_related("report__agency"), report=report, number=number
    )


@supervisor_required
def finding(request: HttpRequest, pk: int, number: int, index: int) -> HttpResponse:
    version = _version(request, pk, number)
    if not 0 <= index < len(version.checks):
        raise Http404
    checked = version.checks[index]
    report = report_from_dict(version.data)
    paths = set(checked.get("paths") or [])
    return render(
        request,
        "supervision/finding.html",
        {
            "report": version.report,
            "version": version,
            "finding": checked,
            "index": index,
            "count": len(version.checks),
            "tables": report_tables(report, paths),
            "source": finding_view(version, checked),
            "link": False,
        },
    )


@supervisor_required
def original(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The file the version was read from, as uploaded."""
    version = _version(request, pk, number)
    item = original_item(version)
    if item is None or item.content is None:
        raise Http404
    response = HttpResponse(bytes(item.content), content_type="application/octet-stream")
    name = item.name.rsplit("/", 1)[-1]
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
