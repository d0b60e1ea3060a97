"""Pages of the annual report: the deadline dashboard, the drafting workspace (tables with drill-down,
narrative form, live findings), locked versions with their diff, import, and the public pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import Finding, failing, show_value
from gongkai.layout import cell_label, printed_label, template_for_year
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import require, visible_agencies
from gongkai_web.agencies.privacy import record_personal_view
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.forms import ChineseLabels, version_field
from gongkai_web.common.views import staff_required
from gongkai_web.reports import services as svc
from gongkai_web.reports.layout import report_tables, section_label
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.tables import cell_records

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
MIN_YEAR = 2019


def _agency_year(request: HttpRequest, agency_pk: int, year: int) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_pk)
    require(request.user, "view", agency)
    if not MIN_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return agency


def _finding_dict(f: Finding, base: str) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": str(f.severity),
        "message": f.message,
        "paths": list(f.paths),
        "href": f"{base}#cell-{f.paths[0]}" if f.paths else "",
        "accepted": f.accepted,
    }


class _Form(ChineseLabels, forms.Form):
    pass


class DraftForm(_Form):
    version = version_field(required=False)
    overview = forms.CharField(
        label=section_label("overview"), widget=forms.Textarea(attrs={"rows": 14}), required=False
    )
    problems = forms.CharField(
        label=section_label("problems"), widget=forms.Textarea(attrs={"rows": 9}), required=False
    )
    other = forms.CharField(
        label=section_label("other"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class LockForm(_Form):
    note = forms.CharField(label=_("更正说明（锁定新版本时必填）"), max_length=300, required=False)


class ImportForm(_Form):
    file = forms.FileField(
        label=_("已发布的年度报告文件"), help_text=_("PDF、Word、Excel、网页或纯文本，20 MB 以内")
    )


# ---- staff pages ---------------------------------------------------------------------------------------


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or svc.default_year(today))
    except ValueError:
        year = svc.default_year(today)
    year = min(max(year, MIN_YEAR), today.year)
    rows = svc.deadline_rows(visible_agencies(request.user), year, today)
    counts = {
        k: sum(1 for r in rows if r.state == k) for k in ("not_started", "drafting", "locked", "published")
    }
    late = sum(1 for r in rows if r.timing in ("late", "overdue"))
    return render(
        request,
        "reports/dashboard.html",
        {
            "rows": rows,
            "year": year,
            "years": range(today.year, MIN_YEAR - 1, -1),
            "counts": counts,
            "late": late,
        },
    )


@staff_required
def workspace(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    """The drafting page: the tables as computed now, the narrative, the findings, and the versions."""
    agency = _agency_year(request, agency_pk, year)
    may_draft = svc.can_draft(request.user, agency)
    draft = svc.get_draft(agency, year)
    form = DraftForm(request.POST or None)
    if request.method == "POST":
        if not may_draft:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.save_draft(request.user, agency, year, d, expected_version=d.get("version"))
            except svc.ReportError as exc:
                add_form_error(form, exc)
            else:
                messages.success(request, _("草稿已保存，检查结果已更新"))
                return redirect("reports:workspace", agency_pk=agency.pk, year=year)
    previous, previous_source = svc.previous_report(agency, year)
    sections = svc.draft_sections(draft)
    report = svc.current_report(agency, year, sections)
    facts = svc.year_facts(agency, year, report, previous)
    if request.method != "POST":
        filled = {k: v or "" for k, v in sections.items()}
        if draft is None:
            filled = svc.prefill(facts)
        form = DraftForm(initial={**filled, "version": draft.version if draft else None})
    findings = svc.findings_for(report, previous)
    flagged = {p for f in findings if f.severity != "info" for p in f.paths}
    versions = list(
        ReportVersion.objects.filter(agency=agency, year=year).defer("docx", "pdf", "html", "source_file")
    )
    return render(
        request,
        "reports/workspace.html",
        {
            "agency": agency,
            "year": year,
            "template": template_for_year(year),
            "tables": report_tables(report, flagged),
            "form": form,
            "draft": draft,
            "findings": [_finding_dict(f, "") for f in findings],
            "errors": len(failing(findings)),
            "facts": facts,
            "previous_source": previous_source,
            "may_draft": may_draft,
            "may_approve": svc.can_approve(request.user, agency),
            "lock_form": LockForm(),
            "versions": versions,
            "deadline": svc.deadline(agency, year),
        },
    )


@staff_required
@require_POST
def check(request: HttpRequest, agency_pk: int, year: int) -> JsonResponse:
    """The checker on the tables as computed now and the narrative being typed (not saved)."""
    agency = _agency_year(request, agency_pk, year)
    sections = {k: request.POST.get(k) or None for k in svc.SECTIONS}
    report = svc.current_report(agency, year, sections)
    previous, _source = svc.previous_report(agency, year)
    findings = svc.findings_for(report, previous)
    return JsonResponse(
        {"errors": len(failing(findings)), "findings": [_finding_dict(f, "") for f in findings]},
        json_dumps_params={"ensure_ascii": False},
    )


@staff_required
def cell(request: HttpRequest, agency_pk: int, year: int, path: str) -> HttpResponse:
    """The records behind one number, personal data hidden from roles that may not see it."""
    agency = _agency_year(request, agency_pk, year)
    try:
        records = cell_records(agency, year, path)
    except KeyError:
        raise Http404 from None
    label = _("信息处理费") if path == "fees" else printed_label(path)
    qs = records.queryset
    if records.kind == "appeals":
        qs = qs.select_related("application")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    personal = svc.can_see_personal_data(request.user, agency)
    if personal and records.kind == "applications" and page.object_list:
        codes = [a.tracking_code for a in page]
        record_personal_view(
            request.user, agency, agency=agency, what=f"{year} {path} 明细：{'、'.join(codes)}"
        )
    return render(
        request,
        "reports/cell.html",
        {
            "agency": agency,
            "year": year,
            "path": path,
            "label": label,
            "kind": records.kind,
            "page": page,
            "personal": personal,
        },
    )


@staff_required
@require_POST
def lock(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency_year(request, agency_pk, year)
    form = LockForm(request.POST)
    form.is_valid()
    try:
        version = svc.lock_report(request.user, agency, year, note=form.cleaned_data.get("note", ""))
    except svc.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:workspace", agency_pk=agency.pk, year=year)
    messages.success(request, _("已锁定为第%(n)s版") % {"n": version.number})
    return redirect("reports:version", agency_pk=agency.pk, year=year, number=version.number)


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
            "open_cells": [
                (cell_label(path, v.template), "、".join(show_value(c) for c in candidates))
                for path, candidates in (v.reading or {}).get("open_cells", {}).items()
            ],
        },
    )


@staff_required
@require_POST
def publish(request: HttpRequest, agency_pk: int, year: int, number: int) -> HttpResponse:
    v = _version(request, agency_pk, year, number)
    try:
        svc.publish_version(request.user, v)
    except svc.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("第%(n)s版已发布到公开页面") % {"n": v.number})
    return redirect("reports:version", agency_pk=v.agency_id, year=year, number=number)


def _file_response(v: ReportVersion, fmt: str) -> HttpResponse:
    if fmt == "json":
        return _json_response(v)
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(bytes(getattr(v, fmt)), content_type=CONTENT_TYPES[fmt])
    if fmt != "html":
        name = f"{v.agency.code}-{v.year}-v{v.number}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _json_response(v: ReportVersion) -> JsonResponse:
    payload = {
        "report": v.data,
        "version": v.number,
        "content_hash": v.content_hash,
        "origin": v.origin,
        "locked_at": v.locked_at.isoformat(),
        "published_at": v.published_at.isoformat() if v.published_at else None,
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})


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
                    v = svc.import_report(request.user, agency, year, name=upload.name, data=upload.read())
                except svc.ReportError as exc:
                    add_form_error(form, exc, default="file")
                else:
                    messages.success(
                        request, _("已导入为%(y)s年度报告第%(n)s版") % {"y": year, "n": v.number}
                    )
                    return redirect("reports:version", agency_pk=agency.pk, year=year, number=v.number)
        status = 400
    return render(
        request, "reports/import.html", {"agency": agency, "year": year, "form": form}, status=status
    )


# ---- public pages --------------------------------------------------------------------------------------


def public_index(request: HttpRequest) -> HttpResponse:
    versions = (
        ReportVersion.objects.filter(published_at__isnull=False)
        .select_related("agency")
        .defer("docx", "pdf", "html", "source_file", "data")
        .order_by("-year", "agency__path", "-number")
    )
    seen: set[tuple[int, int]] = set()
    latest = []
    for v in versions:
        if (v.agency_id, v.year) not in seen:
            seen.add((v.agency_id, v.year))
            latest.append(v)
    return render(request, "reports/public_index.html", {"versions": latest})


def _published(code: str, year: int) -> ReportVersion:
    agency = get_object_or_404(Agency, code=code)
    v = svc.published_version(agency, year)
    if v is None:
        raise Http404
    return v


def public_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The published report in the official layout (the HTML renderer's own page), with a thin bar on top
    (hidden in print) linking the other formats."""
    v = _published(code, year)
    html = bytes(v.html).decode("utf-8")
    base = reverse("reports:public_report", args=[code, year])
    bar = (
        '<div class="gk-bar" style="font:14px/1.6 system-ui,sans-serif;background:#14306f;color:#fff;'
        'padding:8px 16px;display:flex;gap:16px;flex-wrap:wrap"><style>@media print{.gk-bar{display:none}}'
        ".gk-bar a{color:#fff}</style>"
        f'<a href="{reverse("reports:public_index")}">政府信息公开工作年度报告</a>'
        f"<span>第{v.number}版 · 发布于 {timezone.localtime(v.published_at):%Y-%m-%d}</span>"
        f'<a href="{base}download.pdf">PDF</a><a href="{base}download.docx">Word</a>'
        f'<a href="{reverse("reports:public_json", args=[code, year])}">JSON</a>'
        f'<span style="opacity:.75">SHA-256 {escape(v.content_hash[:16])}…</span></div>'
    )
    html = html.replace("<body>", "<body>" + bar, 1)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def public_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "docx"):
        raise Http404
    return _file_response(_published(code, year), fmt)


def public_json(request: HttpRequest, code: str, year: int) -> JsonResponse:
    return _json_response(_published(code, year))
