"""Pages of one version of a year's report: the version with its diff (and, for an import, its findings and
reading notes), locking an import, publishing, the files, and importing the agency's own published report."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import show_value
from gongkai.layout import cell_label
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.views import staff_required
from gongkai_web.reports import services as svc
from gongkai_web.reports.layout import report_tables, section_label
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.views import _agency_year, _file_response, _finding_dict, _Form

FORMAT_LABELS = {"docx": "Word", "pdf": "PDF", "html": _("网页"), "xlsx": "Excel", "json": "JSON"}


class ImportForm(_Form):
    file = forms.FileField(
        label=_("本机关已发布的年度报告文件"), help_text=_("PDF、Word、Excel、网页或纯文本，20 MB 以内")
    )
    confirm_reason = forms.CharField(
        label=_("确认理由（文件中的机关名称与本机关不一致时必填）"),
        max_length=300,
        required=False,
        help_text=_("例如：机构更名前以原名称发布。其他机关的报告由上级机关在“监督”中收集。"),
    )


def _version(request: HttpRequest, agency_pk: int, year: int, number: int) -> ReportVersion:
    agency = _agency_year(request, agency_pk, year)
    return get_object_or_404(ReportVersion, agency=agency, year=year, number=number)


@staff_required
def version(request: HttpRequest, agency_pk: int, year: int, number: int) -> HttpResponse:
    v = _version(request, agency_pk, year, number)
    report = svc.version_report(v)
    before = ReportVersion.objects.filter(agency=v.agency, year=year, number=number - 1).first()
    diff = svc.diff_reports(svc.version_report(before), report) if before else None
    last = svc.latest_version(v.agency, year)
    return render(
        request,
        "reports/version.html",
        {
            "v": v,
            "agency": v.agency,
            "year": year,
            "report": report,
            "tables": report_tables(report),
            "sections": [(section_label(k), report.get(f"sections.{k}") or "") for k in svc.SECTIONS],
            "before": before,
            "cell_changes": diff[0] if diff else [],
            "text_changes": diff[1] if diff else [],
            "is_latest": last is not None and last.pk == v.pk,
            "may_approve": svc.can_approve(request.user, v.agency),
            "reading_notes": (v.reading or {}).get("notes", []),
            "reading_sources": (v.reading or {}).get("sources", []),
            "open_cells": [
                (cell_label(path, v.template), "、".join(show_value(c) for c in candidates))
                for path, candidates in (v.reading or {}).get("open_cells", {}).items()
            ],
            # an import shows what the checker found when it was read (it is locked only without errors)
            "findings": [_finding_dict(d, v.agency, year) for d in (v.reading or {}).get("findings", [])],
            "errors": sum(1 for d in (v.reading or {}).get("findings", []) if d["severity"] == "error"),
            "formats": [(fmt, FORMAT_LABELS[fmt]) for fmt in (*svc.FILE_FORMATS, "json")],
        },
    )


def _act(
    request: HttpRequest, year: int, number: int, v: ReportVersion, act: Callable[[], object], done: str
) -> HttpResponse:
    """Run ``act`` on version ``v``, say ``done`` or why not, and show the version again."""
    try:
        act()
    except svc.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("reports:version", agency_pk=v.agency_id, year=year, number=number)


@staff_required
@require_POST
def lock_version(request: HttpRequest, agency_pk: int, year: int, number: int) -> HttpResponse:
    """Check and lock an imported version: the step before it may be published."""
    v = _version(request, agency_pk, year, number)
    done = _("检查通过，第%(n)s版已锁定，可以发布") % {"n": v.number}
    return _act(request, year, number, v, lambda: svc.lock_import(request.user, v), done)


@staff_required
@require_POST
def publish(request: HttpRequest, agency_pk: int, year: int, number: int) -> HttpResponse:
    v = _version(request, agency_pk, year, number)
    done = _("第%(n)s版已发布到公开页面") % {"n": v.number}
    return _act(request, year, number, v, lambda: svc.publish_version(request.user, v), done)


@staff_required
def version_file(request: HttpRequest, agency_pk: int, year: int, number: int, fmt: str) -> HttpResponse:
    return _file_response(_version(request, agency_pk, year, number), fmt)


@staff_required
def import_view(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency_year(request, agency_pk, year)
    if not svc.can_approve(request.user, agency):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > svc.IMPORT_MAX_BYTES:
                form.add_error("file", _("文件过大，上限 %(mb)s MB") % {"mb": svc.IMPORT_MAX_BYTES // 10**6})
            else:
                try:
                    v = svc.import_report(
                        request.user,
                        agency,
                        year,
                        name=upload.name,
                        data=upload.read(),
                        confirm_reason=form.cleaned_data["confirm_reason"],
                    )
                except svc.ReportError as exc:
                    add_form_error(form, exc, default="file")
                else:
                    messages.success(
                        request,
                        _("已导入为%(y)s年度报告第%(n)s版（待核）：请看检查结果和读取说明，无误后锁定、发布")
                        % {"y": year, "n": v.number},
                    )
                    return redirect("reports:version", agency_pk=agency.pk, year=year, number=v.number)
        status = 400
    return render(
        request, "reports/import.html", {"agency": agency, "year": year, "form": form}, status=status
    )
