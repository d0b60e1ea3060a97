"""The watch page: what the watch of agency websites found (changed, gone, late, page ≠ attachment, not
found), the pages it watches and the requests it made, with filters; start a crawl of a year, or a watch run
now. Supervisors only, within their region."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai_web.common.errors import add_form_error
from gongkai_web.supervision.services import IntakeError
from gongkai_web.supervision.views import supervisor_required
from gongkai_web.watch import schedule
from gongkai_web.watch.forms import CrawlForm, FilterForm
from gongkai_web.watch.models import FetchLog, WatchedPage, WatchFinding
from gongkai_web.watch.services.crawl import start_crawl

ROWS = 200


def _region(request: HttpRequest) -> str:
    return str(request.user.agency.path)  # type: ignore[union-attr]


@supervisor_required
def index(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    filters = FilterForm(request.GET or None)
    findings = WatchFinding.objects.filter(agency__path__under=region).select_related(
        "agency", "page", "page__report"
    )
    pages = WatchedPage.objects.filter(agency__path__under=region).select_related("agency", "report")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["kind"]:
            findings = findings.filter(kind=data["kind"])
        if data["agency"]:
            findings = findings.filter(agency__name__contains=data["agency"])
            pages = pages.filter(agency__name__contains=data["agency"])
        if data["year"]:
            findings = findings.filter(year=data["year"])
            pages = pages.filter(year=data["year"])
        if data["state"] == "open":
            findings = findings.filter(resolved_at__isnull=True)
        elif data["state"] == "resolved":
            findings = findings.filter(resolved_at__isnull=False)
    counts: dict[str, int] = {k: 0 for k in WatchFinding.Kind.values}
    for kind in findings.filter(resolved_at__isnull=True).values_list("kind", flat=True):
        counts[kind] += 1
    context: dict[str, Any] = {
        "filters": filters,
        "crawl_form": CrawlForm(),
        "findings": findings[:ROWS],
        "pages": pages[:ROWS],
        "fetches": FetchLog.objects.filter(agency__path__under=region).select_related("agency")[:30],
        "counts": [(WatchFinding.Kind(k).label, n, k) for k, n in counts.items()],
    }
    return render(request, "watch/index.html", context)


@supervisor_required
@require_POST
def crawl(request: HttpRequest) -> HttpResponse:
    form = CrawlForm(request.POST)
    if form.is_valid():
        try:
            batch = start_crawl(request.user, form.cleaned_data["year"])  # type: ignore[arg-type]
        except IntakeError as exc:
            add_form_error(form, exc, default="year")
        else:
            messages.success(request, _("已开始抓取：共 %(n)s 个机构") % {"n": batch.items.count()})
            return redirect("supervision:batch", batch.pk)
    for error in form.errors.get("year", []):
        messages.error(request, error)
    return redirect("watch:index")


@supervisor_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    schedule.run_soon()
    messages.success(request, _("已开始检查所有监测的网页，稍后刷新本页查看结果"))
    return redirect("watch:index")
