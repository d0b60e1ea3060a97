"""Pages of supervision: upload a batch, follow it live, export its outcomes, assign what the matcher left,
and a collected report with its versions. Supervisors only, within their region."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import report_from_dict
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.permissions import can, require
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.views import staff_required
from gongkai_web.reports.services.diff import diff_reports
from gongkai_web.supervision.forms import AssignForm, UploadForm
from gongkai_web.supervision.models import Batch, BatchItem, CollectedReport, ItemStatus
from gongkai_web.supervision.services import IntakeError
from gongkai_web.supervision.services.assignment import assign_item
from gongkai_web.supervision.services.export import batch_csv, batch_xlsx
from gongkai_web.supervision.services.intake import create_batch
from gongkai_web.supervision.services.progress import batch_progress

ITEMS_PER_PAGE = 200
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def supervisor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @staff_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.role != Role.SUPERVISOR:  # type: ignore[union-attr]
            raise PermissionDenied(_("只有监督人员可以使用年报监督"))
        return view(request, *args, **kwargs)

    return wrapped


def _region_batches(request: HttpRequest) -> Any:
    return Batch.objects.filter(agency__path__under=request.user.agency.path)  # type: ignore[union-attr]


def _batch(request: HttpRequest, pk: int) -> Batch:
    batch = get_object_or_404(Batch.objects.select_related("agency", "created_by"), pk=pk)
    require(request.user, "supervise", batch.agency)  # type: ignore[arg-type]
    return batch


@supervisor_required
def index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        urls = form.cleaned_data["urls"]
        try:
            batch = create_batch(
                request.user,  # type: ignore[arg-type]
                files=files,
                url_list=urls.read() if urls else None,
                name=form.cleaned_data["name"],
            )
        except IntakeError as exc:
            add_form_error(form, exc, default="files")
        else:
            return redirect("supervision:batch", batch.pk)
    batches = _region_batches(request).select_related("created_by")[:50]
    rows = [(b, batch_progress(b)) for b in batches]
    waiting = BatchItem.objects.filter(
        batch__in=_region_batches(request), status=ItemStatus.NEEDS_ASSIGNMENT
    ).count()
    return render(request, "supervision/index.html", {"form": form, "rows": rows, "waiting": waiting})


@supervisor_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    items = batch.items.select_related("version__report__agency").defer("content", "data")
    status = request.GET.get("status", "")
    if status in ItemStatus.values:
        items = items.filter(status=status)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/batch.html",
        {
            "batch": batch,
            "page": page,
            "progress": batch_progress(batch),
            "statuses": ItemStatus.choices,
            "status": status,
        },
    )


@supervisor_required
def batch_progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(batch_progress(_batch(request, pk)))


@supervisor_required
def batch_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = _batch(request, pk)
    if fmt == "csv":
        response = HttpResponse(batch_csv(batch), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            batch_xlsx(batch),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}.{fmt}"'
    return response


def _assignable(request: HttpRequest) -> Any:
    return Agency.objects.filter(path__under=request.user.agency.path)  # type: ignore[union-attr]


@supervisor_required
def assignment_queue(request: HttpRequest) -> HttpResponse:
    items = (
        BatchItem.objects.filter(batch__in=_region_batches(request), status=ItemStatus.NEEDS_ASSIGNMENT)
        .select_related("batch")
        .defer("content", "data")
    )
    agencies = _assignable(request)
    rows = [
        (item, AssignForm(agencies=agencies, prefix=f"i{item.pk}", initial=_initial(item))) for item in items
    ]
    return render(request, "supervision/assign.html", {"rows": rows})


def _initial(item: BatchItem) -> dict[str, Any]:
    """The year as read; the best candidate pre-selected only when clearly ahead (a person confirms it)."""
    scores = [float(c["score"]) for c in item.candidates]
    ahead = bool(scores) and scores[0] >= 0.5 and (len(scores) == 1 or scores[0] > scores[1])
    return {"agency": item.candidates[0]["pk"] if ahead else None, "year": item.year}


@supervisor_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(BatchItem.objects.select_related("batch__agency"), pk=pk)
    require(request.user, "supervise", item.batch.agency)  # type: ignore[arg-type]
    form = AssignForm(request.POST, agencies=_assignable(request), prefix=f"i{item.pk}")
    if form.is_valid():
        try:
            done = assign_item(request.user, item, form.cleaned_data["agency"], form.cleaned_data["year"])  # type: ignore[arg-type]
        except IntakeError as exc:
            messages.error(request, f"{item.name}：{exc.message}")
        else:
            messages.success(request, f"{item.name}：{done.reason}")
    else:
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"{item.name}：{errors}")
    return redirect("supervision:assign_queue")


@supervisor_required
def collected_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(CollectedReport.objects.select_related("agency", "latest"), pk=pk)
    if not can(request.user, "supervise", report.agency):  # type: ignore[arg-type]
        raise PermissionDenied
    return report_page(request, report)


def report_page(
    request: HttpRequest, report: CollectedReport, form: Any = None, *, status: int = 200
) -> HttpResponse:
    """A collected report: its publication date (with the correction form), the latest version's findings
    (each drilling down to its cell), and every version with what changed."""
    from gongkai_web.supervision.dashboard_views import publication_context

    versions = list(report.versions.all())
    diffs = []
    for newer, older in itertools.pairwise(versions):
        cells, _texts = diff_reports(report_from_dict(older.data), report_from_dict(newer.data))
        diffs.append((newer, older, cells))
    latest = versions[0] if versions else None
    findings = [{**f, "index": i} for i, f in (latest.counted_checks() if latest else [])]
    findings.sort(key=lambda f: SEVERITY_ORDER.get(f["severity"], 9))
    return render(
        request,
        "supervision/report.html",
        {
            "report": report,
            "versions": versions,
            "diffs": diffs,
            "latest": latest,
            "findings": findings,
            **publication_context(report, form),
        },
        status=status,
    )
