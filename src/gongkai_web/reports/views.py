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

from gongkai import Finding, failing, render_report
from gongkai.layout import printed_label, template_for_year
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import require, visible_agencies
from gongkai_web.agencies.privacy import record_personal_view
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.forms import ChineseLabels, version_field
from gongkai_web.common.views import staff_required
from gongkai_web.disclosures.models import figure_spec
from gongkai_web.reports import services as svc
from gongkai_web.reports.layout import report_tables, section_label
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.tables import cell_records

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MIN_YEAR = 2019


def _agency_year(request: HttpRequest, agency_pk: int, year: int) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_pk)
    require(request.user, "view", agency)
    if not MIN_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return agency


def _finding_dict(f: Finding | dict[str, Any], agency: Agency, year: int) -> dict[str, Any]:
    """A finding for the page: its link (the section's text box, the table cell) and, for a 表二 figure
    entered by hand (T205 blank or wrong), the 表二数据 page where it is entered."""
    d = f if isinstance(f, dict) else {**svc.finding_record(f), "accepted": f.accepted}
    first = d["paths"][0] if d["paths"] else ""
    href = entry = ""
    if first.startswith("sections."):
        href = "#id_" + first.removeprefix("sections.")
    elif first:
        href = "#cell-" + first
        key = first.removeprefix("proactive.")
        if first.startswith("proactive.") and figure_spec(year, key) is not None:
            entry = f"{reverse('disclosures:table_two')}?agency={agency.pk}&year={year}#figure-{key}"
    return {**d, "href": href, "entry": entry}


class _Form(ChineseLabels, forms.Form):
    pass


class DraftForm(_Form):
    version = version_field()  # svc.NO_DRAFT when the year had no draft yet
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
    """Sent with the narrative form (the lock button submits it): what the officer saw checked."""

    note = forms.CharField(label=_("更正说明（锁定新版本时必填）"), max_length=300, required=False)
    checked = forms.CharField(widget=forms.HiddenInput, required=False)
    replace_import = forms.BooleanField(label=_("以台账数据取代导入的报告"), required=False)


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
    """The drafting page: the tables as computed now, the narrative, the findings of the SAVED report (the
    one a lock would freeze), and the versions. 保存 and 保存并检查 both save the narrative first."""
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
                if svc.unsaved(draft, d):
                    svc.save_draft(request.user, agency, year, d, expected_version=d["version"])
            except svc.ReportError as exc:
                add_form_error(form, exc)
                return _workspace_page(request, agency, year, form, status=409)
            else:
                if request.POST.get("action") == "check":
                    previous = svc.previous_report(agency, year)[0]
                    errors = failing(svc.findings_for(svc.saved_report(agency, year), previous))
                    if errors:
                        messages.error(request, _("已保存并检查：发现 %(n)s 个错误") % {"n": len(errors)})
                    else:
                        messages.success(request, _("已保存并检查：未发现错误，可以锁定"))
                else:
                    messages.success(request, _("草稿已保存，检查结果已更新"))
                return redirect("reports:workspace", agency_pk=agency.pk, year=year)
    if request.method == "POST":
        return _workspace_page(request, agency, year, form, status=400)
    return _workspace_page(request, agency, year, None)


def _workspace_page(
    request: HttpRequest, agency: Agency, year: int, form: DraftForm | None, *, status: int = 200
) -> HttpResponse:
    """The workspace; ``form`` (bound): the narrative as the officer typed it, shown again unsaved."""
    draft = svc.get_draft(agency, year)
    previous, previous_source = svc.previous_report(agency, year)
    sections = svc.draft_sections(draft)
    report = svc.current_report(agency, year, sections)
    facts = svc.year_facts(agency, year, report, previous)
    if form is None:
        filled = {k: v or "" for k, v in sections.items()}
        if draft is None:
            filled = svc.prefill(facts)
        form = DraftForm(initial={**filled, "version": draft.version if draft else svc.NO_DRAFT})
    findings = svc.findings_for(report, previous)
    flagged = {p for f in findings if f.severity != "info" for p in f.paths}
    versions = list(
        ReportVersion.objects.filter(agency=agency, year=year).defer(
            "docx", "pdf", "html", "xlsx", "source_file"
        )
    )
    last = versions[0] if versions else None
    replacing = last is not None and last.origin == ReportVersion.Origin.IMPORT
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
            "findings": [_finding_dict(f, agency, year) for f in findings],
            "errors": len(failing(findings)),
            "facts": facts,
            "previous_source": previous_source,
            "may_draft": svc.can_draft(request.user, agency),
            "may_approve": svc.can_approve(request.user, agency),
            "lock_form": LockForm(initial={"checked": svc.content_hash(report) if draft else ""}),
            "replace_warning": svc.replace_import_warning(last, report) if last and replacing else "",
            "versions": versions,
            "deadline": svc.deadline(agency, year),
        },
        status=status,
    )


@staff_required
def fact(request: HttpRequest, agency_pk: int, year: int, key: str) -> HttpResponse:
    """The records behind one number of section 一 (:func:`svc.fact_records`)."""
    agency = _agency_year(request, agency_pk, year)
    counts = {c.key: c for c in svc.overview_facts(agency, year).counts()}
    try:
        rows = svc.fact_records(agency, year, key)
    except KeyError:
        raise Http404 from None
    count = counts.get(key)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"agency": agency, "year": year, "key": key, "count": count, "page": page, "total": len(rows)}
    return render(request, "reports/fact.html", context)


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
    """Lock the saved report, as checked. The button submits the narrative form, so text typed and not
    saved is refused, not silently dropped."""
    agency = _agency_year(request, agency_pk, year)
    if not svc.can_approve(request.user, agency):
        raise PermissionDenied
    form = LockForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    # the narrative as the form cleans it (the same cleaning a save applies), compared with the saved draft
    typed = DraftForm(request.POST) if any(k in request.POST for k in svc.SECTIONS) else None
    try:
        if typed is not None and not typed.is_valid():
            raise svc.ReportError(str(svc.UNSAVED))
        posted = {k: typed.cleaned_data.get(k) for k in svc.SECTIONS} if typed is not None else {}
        if not d.get("checked"):
            raise svc.ReportError(_("请先点“保存并检查”，看过检查结果后再锁定"))
        version = svc.lock_report(
            request.user,
            agency,
            year,
            note=d.get("note", ""),
            checked=d["checked"],
            sections=dict(posted) if posted else None,
            replace_import=bool(d.get("replace_import")),
        )
    except svc.ReportError as exc:
        messages.error(request, str(exc))
        return _workspace_page(request, agency, year, typed, status=409)  # what was typed stays, unsaved
    messages.success(request, _("已锁定为第%(n)s版") % {"n": version.number})
    return redirect("reports:version", agency_pk=agency.pk, year=year, number=version.number)


def _file_response(v: ReportVersion, fmt: str) -> HttpResponse:
    if fmt == "json":
        return _json_response(v)
    if fmt not in CONTENT_TYPES:
        raise Http404
    data = bytes(getattr(v, fmt))
    if not data and fmt == "xlsx":  # a version locked before versions kept their Excel file
        data = render_report(svc.version_report(v), "xlsx")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
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
        "locked_at": v.locked_at.isoformat() if v.locked_at else None,
        "published_at": v.published_at.isoformat() if v.published_at else None,
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})


# ---- public pages --------------------------------------------------------------------------------------


def public_index(request: HttpRequest) -> HttpResponse:
    versions = (
        ReportVersion.objects.filter(published_at__isnull=False)
        .select_related("agency")
        .defer("docx", "pdf", "html", "xlsx", "source_file", "data")
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
        f'<a href="{base}download.xlsx">Excel</a>'
        f'<a href="{reverse("reports:public_json", args=[code, year])}">JSON</a>'
        f'<span style="opacity:.75">SHA-256 {escape(v.content_hash[:16])}…</span></div>'
    )
    html = html.replace("<body>", "<body>" + bar, 1)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def public_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "docx", "xlsx"):
        raise Http404
    return _file_response(_published(code, year), fmt)


def public_json(request: HttpRequest, code: str, year: int) -> JsonResponse:
    return _json_response(_published(code, year))
