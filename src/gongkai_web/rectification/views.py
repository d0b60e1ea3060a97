"""Pages of 整改. A supervisor works on the agencies of their region and below; an agency's own staff see
their agency's problems and issued notices and send its corrected report. Every view asks the permission
helpers (``rectify`` for the supervisor's actions, ``answer_rectification`` for the agency's)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import report_from_dict
from gongkai_web.agencies.audit import action_label
from gongkai_web.agencies.models import Agency, AuditEntry, User
from gongkai_web.agencies.permissions import can, require, visible_agencies_q
from gongkai_web.common.errors import WebError, add_form_error
from gongkai_web.common.views import staff_required
from gongkai_web.rectification import forms as f
from gongkai_web.rectification.models import Notice, NoticeKind, Problem, ProblemStatus
from gongkai_web.rectification.services import notices as notice_services
from gongkai_web.rectification.services.corrections import receive_correction
from gongkai_web.rectification.services.export import problems_xlsx
from gongkai_web.rectification.services.problems import (
    can_see,
    open_problems,
    take,
    version_findings,
    visible_problems,
    where,
)
from gongkai_web.rectification.transitions import ACTIVE, TRANSITIONS, allowed
from gongkai_web.reports.services.diff import diff_reports
from gongkai_web.supervision.models import CollectedReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _is_supervisor(user: User) -> bool:
    return can(user, "rectify", user.agency)


def _agencies(user: User) -> Any:
    if _is_supervisor(user):
        return Agency.objects.filter(path__under=user.agency.path)  # type: ignore[union-attr]
    return Agency.objects.filter(pk=user.agency_id)


def _require_rectification_user(user: User) -> None:
    if not (can(user, "rectify", user.agency) or can(user, "answer_rectification", user.agency)):
        raise PermissionDenied(_("您没有权限查看年报整改"))


def _counts(problems: Any) -> dict[str, int]:
    return dict(problems.order_by().values_list("status").annotate(n=Count("id")))


@staff_required
def problem_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_rectification_user(user)
    form = f.FilterForm(request.GET or None, agencies=_agencies(user))
    visible = visible_problems(user)
    problems = form.apply(visible) if form.is_bound else visible
    counts = _counts(problems if form.is_bound else visible)
    rows = problems.select_related("agency", "report", "proposed_in").order_by(
        "agency__path", "-report__year", "id"
    )
    return render(
        request,
        "rectification/problems.html",
        {
            "form": form,
            "problems": rows[:500],
            "total": rows.count(),
            "counts": [(value, label, counts.get(value, 0)) for value, label in ProblemStatus.choices],
            "supervisor": _is_supervisor(user),
            "query": request.GET.urlencode(),
        },
    )


@staff_required
def problem_export(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_rectification_user(user)
    form = f.FilterForm(request.GET or None, agencies=_agencies(user))
    problems = visible_problems(user)
    if form.is_bound:
        problems = form.apply(problems)
    data = problems_xlsx(
        problems.order_by("agency__path", "-report__year", "id"), form.describe(), _counts(problems)
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="rectification-problems.xlsx"'
    return response


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The collected reports of the region, with their latest findings counts (the supervisor opens problems
    from a report's page)."""
    user = _user(request)
    if not _is_supervisor(user):
        raise PermissionDenied(_("只有监督人员可以从收集的报告登记问题"))
    reports = (
        CollectedReport.objects.filter(visible_agencies_q(user))
        .select_related("agency")
        .annotate(n_versions=Count("versions", distinct=True), n_problems=Count("problems", distinct=True))
        .order_by("agency__path", "-year")
    )
    return render(request, "rectification/reports.html", {"reports": reports[:500]})


def _report(request: HttpRequest, pk: int) -> CollectedReport:
    report = get_object_or_404(CollectedReport.objects.select_related("agency"), pk=pk)
    user = _user(request)
    # an agency user sees its own report once a problem was opened on it
    own = can(user, "answer_rectification", report.agency) and report.problems.exists()  # type: ignore[attr-defined]
    if not (can(user, "rectify", report.agency) or own):
        raise PermissionDenied(_("您没有权限查看该报告"))
    return report


@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = _user(request)
    supervisor = can(user, "rectify", report.agency)
    versions = list(report.versions.order_by("number"))
    latest = versions[-1] if versions else None
    findings = [{**x, "where": where(x)} for x in version_findings(latest)] if latest and supervisor else []
    taken = {k for p in report.problems.filter(status__in=ACTIVE) for k in p.keys}  # type: ignore[attr-defined]
    open_form = f.OpenForm(findings=[x for x in findings if x["key"] not in taken]) if supervisor else None
    cells, texts = ([], [])
    if len(versions) > 1:
        cells, texts = diff_reports(report_from_dict(versions[0].data), report_from_dict(versions[-1].data))
    return render(
        request,
        "rectification/report.html",
        {
            "report": report,
            "versions": versions,
            "latest": latest,
            "findings": findings,
            "taken": taken,
            "open_form": open_form,
            "problems": report.problems.select_related("proposed_in").order_by("id"),  # type: ignore[attr-defined]
            "correction_form": f.CorrectionForm(),
            "cells": cells,
            "texts": texts,
            "supervisor": supervisor,
        },
    )


@staff_required
@require_POST
def report_open(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = _user(request)
    require(user, "rectify", report.agency)
    keys = request.POST.getlist("keys")
    try:
        opened = open_problems(user, report, keys, grouped=request.POST.get("grouped") == "1")
    except WebError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记 %(n)s 条整改问题") % {"n": len(opened)})
    return redirect("rectification:report", report.pk)


@staff_required
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = f.CorrectionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("rectification:report", report.pk)
    upload = form.cleaned_data["file"]
    outcome = receive_correction(_user(request), report, upload.name, upload.read())
    if outcome.version is None:
        messages.error(request, outcome.message)
    else:
        messages.success(request, outcome.message)
    return redirect("rectification:report", report.pk)


def _problem(request: HttpRequest, pk: int) -> Problem:
    problem = get_object_or_404(
        Problem.objects.select_related("agency", "region", "report", "found_in", "proposed_in"), pk=pk
    )
    if not can_see(_user(request), problem.agency):
        raise PermissionDenied(_("您没有权限查看该问题"))
    return problem


@staff_required
def problem_detail(request: HttpRequest, pk: int, action: str = "", form: Any = None) -> HttpResponse:
    problem = _problem(request, pk)
    user = _user(request)
    buttons = [
        (
            t,
            form
            if t.name == action and form is not None
            else f.TransitionForm(initial={"version": problem.version}),
        )
        for t in allowed(user, problem)
    ]
    notices = problem.notices.filter(status=Notice.Status.ISSUED).order_by("issued_at")  # type: ignore[attr-defined]
    log = list(
        AuditEntry.objects.filter(object_type="rectification.problem", object_id=str(problem.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    for entry in log:
        entry.action_text = action_label(entry.action)  # type: ignore[attr-defined]
    findings = [{**x, "where": where(x)} for x in problem.findings]
    # the action failed and has no button now (the problem moved on): its reason goes above
    failed = form if form is not None and action not in {t.name for t, _form in buttons} else None
    return render(
        request,
        "rectification/problem.html",
        {
            "problem": problem,
            "findings": findings,
            "buttons": buttons,
            "failed": failed,
            "notices": notices,
            "log": log,
        },
        status=400 if form is not None else 200,
    )


@staff_required
@require_POST
def problem_do(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    problem = _problem(request, pk)
    transition = TRANSITIONS.get(name)
    if transition is None or not transition.button:
        raise Http404
    form = f.TransitionForm(request.POST)
    if form.is_valid():
        try:
            take(
                _user(request),
                problem,
                name,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except WebError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("已办理：%(action)s") % {"action": transition.label})
            return redirect("rectification:problem", problem.pk)
    return problem_detail(request, pk, action=name, form=form)


@staff_required
def notice_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_rectification_user(user)
    notices = (
        notice_services.visible_notices(user)
        .select_related("agency")
        .annotate(n_problems=Count("problems", distinct=True))
        .prefetch_related("recipients")
    )
    return render(
        request, "rectification/notices.html", {"notices": notices[:300], "supervisor": _is_supervisor(user)}
    )


@staff_required
def notice_compose(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _is_supervisor(user):
        raise PermissionDenied(_("只有监督人员可以起草整改通知"))
    candidates = (
        visible_problems(user)
        .filter(status__in=ACTIVE)
        .select_related("agency", "report")
        .order_by("agency__path", "id")
    )
    if request.method == "POST":
        form = f.ComposeForm(request.POST, problems=candidates)
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = notice_services.compose(
                    user,
                    data["kind"],
                    list(data["problems"]),
                    due_date=data["due_date"],
                    due_workdays=data["due_workdays"],
                )
            except WebError as exc:
                add_form_error(form, exc)
            else:
                return redirect("rectification:notice", notice.pk)
    else:
        chosen = [p for p in request.GET.getlist("problem") if p.isdigit()]
        agencies = set(candidates.filter(pk__in=chosen).values_list("agency", flat=True))
        kind = NoticeKind.NOTICE if len(agencies) <= 1 else NoticeKind.BULLETIN
        form = f.ComposeForm(
            problems=candidates, initial={"problems": chosen, "kind": kind, "due_workdays": 10}
        )
    return render(request, "rectification/compose.html", {"form": form})


def _notice(request: HttpRequest, pk: int) -> Notice:
    notice = get_object_or_404(Notice.objects.select_related("agency", "issued_by", "created_by"), pk=pk)
    if not notice_services.visible_notices(_user(request)).filter(pk=notice.pk).exists():
        raise PermissionDenied(_("您没有权限查看该通知"))
    return notice


@staff_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    user = _user(request)
    editable = notice.status == Notice.Status.DRAFT and can(user, "rectify", notice.agency)
    form = f.DraftForm(initial={"title": notice.title, "body": notice.body, "version": notice.version})
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("该通知不能修改"))
        form = f.DraftForm(request.POST)
        if form.is_valid():
            try:
                notice_services.edit_draft(
                    user,
                    notice,
                    form.cleaned_data["title"],
                    form.cleaned_data["body"],
                    expected_version=form.cleaned_data["version"],
                )
            except WebError as exc:
                add_form_error(form, exc)
            else:
                messages.success(request, _("草稿已保存"))
                return redirect("rectification:notice", notice.pk)
        status = 400
    rows = notice_services.rows(notice)
    return render(
        request,
        "rectification/notice.html",
        {
            "notice": notice,
            "form": form if editable else None,
            "issue_form": f.IssueForm(initial={"version": notice.version}) if editable else None,
            "rows": rows,
            "recipients": notice.recipients.all(),
            "problems": notice.problems.select_related("agency").order_by("agency__path", "id"),
            "placeholders": notice_services.template_placeholders(),
        },
        status=status,
    )


@staff_required
@require_POST
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = f.IssueForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    try:
        issued = notice_services.issue(_user(request), notice, expected_version=form.cleaned_data["version"])
    except WebError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已签发 %(number)s") % {"number": issued.number})
    return redirect("rectification:notice", notice.pk)


@staff_required
def notice_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    notice = _notice(request, pk)
    data = notice.docx if fmt == "docx" else notice.pdf if fmt == "pdf" else None
    if data is None:
        raise Http404
    content_type = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if fmt == "docx"
        else "application/pdf"
    )
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="notice-{notice.pk}.{fmt}"'
    return response


@staff_required
def templates(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _is_supervisor(user):
        raise PermissionDenied(_("只有监督人员可以修改通知模板"))
    assert user.agency is not None
    kind = request.POST.get("kind") or request.GET.get("kind") or NoticeKind.NOTICE
    if kind not in NoticeKind.values:
        raise Http404
    stored, title, body = notice_services.template_for(user.agency, kind)
    status = 200
    if request.method == "POST":
        form = f.TemplateForm(request.POST)
        if form.is_valid():
            try:
                notice_services.save_template(
                    user,
                    kind,
                    form.cleaned_data["title"],
                    form.cleaned_data["body"],
                    expected_version=form.cleaned_data["version"],
                )
            except WebError as exc:
                add_form_error(form, exc)
            else:
                messages.success(request, _("模板已保存"))
                return redirect(f"{request.path}?kind={kind}")
        status = 400
    else:
        form = f.TemplateForm(
            initial={
                "kind": kind,
                "title": title,
                "body": body,
                "version": stored.version if stored else None,
            }
        )
    return render(
        request,
        "rectification/templates.html",
        {
            "form": form,
            "kind": kind,
            "kinds": NoticeKind.choices,
            "stored": stored,
            "placeholders": notice_services.template_placeholders(),
        },
        status=status,
    )
