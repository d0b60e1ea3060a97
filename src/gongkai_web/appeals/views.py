"""行政复议 / 行政诉讼 cases: list, filing from an application, and the case page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai_web.agencies.permissions import can, require, visible_agencies_q
from gongkai_web.appeals.forms import AppealCorrectionForm, AppealForm, AppealUpdateForm, VoidForm
from gongkai_web.appeals.models import Appeal
from gongkai_web.appeals.services import (
    CORRECTABLE,
    AppealError,
    correct_appeal,
    file_appeal,
    update_appeal,
    void_appeal,
)
from gongkai_web.applications.models import Application
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.views import staff_required


@staff_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    qs = Appeal.objects.filter(visible_agencies_q(request.user)).select_related("application", "agency")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {"page": page})


@staff_required
def create(request: HttpRequest, application_pk: int) -> HttpResponse:
    app = get_object_or_404(Application.objects.select_related("agency"), pk=application_pk)
    require(request.user, "appeal", app.agency)
    form = AppealForm(request.POST or None, application_pk=app.pk)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = file_appeal(request.user, app, **form.cleaned_data)
        except AppealError as exc:
            add_form_error(form, exc)
        else:
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/form.html", {"form": form, "app": app})


def _load(request: HttpRequest, pk: int) -> Appeal:
    appeal = get_object_or_404(Appeal.objects.select_related("application", "agency", "prior_review"), pk=pk)
    require(request.user, "view", appeal.agency)
    return appeal


def _update_form(request: HttpRequest, appeal: Appeal, data: object = None) -> AppealUpdateForm | None:
    """The progress form, for those who may record it on a case not voided."""
    if appeal.is_void or not can(request.user, "appeal", appeal.agency):
        return None
    initial = {
        "version": appeal.version,
        "stage": appeal.stage,
        "outcome": appeal.outcome,
        "decided_on": appeal.decided_on,
        "case_number": appeal.case_number,
        "note": appeal.note,
    }
    return AppealUpdateForm(data, initial=initial)


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _load(request, pk)
    form = _update_form(request, appeal, request.POST or None)
    status = 200
    if request.method == "POST":
        require(request.user, "appeal", appeal.agency)
        if form is None:
            return redirect("appeals:detail", pk=appeal.pk)
        if form.is_valid():
            d = form.cleaned_data
            try:
                update_appeal(
                    request.user,
                    appeal,
                    expected_version=d["version"],
                    stage=d["stage"],
                    outcome=d["outcome"],
                    decided_on=d["decided_on"],
                    case_number=d["case_number"],
                    note=d["note"],
                )
            except AppealError as exc:
                add_form_error(form, exc)
            else:
                return redirect("appeals:detail", pk=appeal.pk)
        status = 409
    return _detail(request, appeal, form, status=status)


def _detail(
    request: HttpRequest,
    appeal: Appeal,
    form: AppealUpdateForm | None,
    void_form: VoidForm | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = form is not None
    if editable and void_form is None:
        void_form = VoidForm(initial={"version": appeal.version}, prefix="void")
    context = {"appeal": appeal, "form": form, "void_form": void_form if editable else None}
    return render(request, "appeals/detail.html", context, status=status)


@staff_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the facts of a case as registered (type, body, case number, date), with a reason."""
    appeal = _load(request, pk)
    require(request.user, "appeal", appeal.agency)
    if appeal.is_void:
        return redirect("appeals:detail", pk=appeal.pk)
    initial = {name: getattr(appeal, name) for name in CORRECTABLE} | {"version": appeal.version}
    form = AppealCorrectionForm(
        request.POST or None, initial=initial, application_pk=appeal.application_id, exclude_pk=appeal.pk
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = dict(form.cleaned_data)
            version = d.pop("version")
            try:
                correct_appeal(request.user, appeal, expected_version=version, **d)
            except AppealError as exc:
                add_form_error(form, exc)
            else:
                return redirect("appeals:detail", pk=appeal.pk)
        status = 409 if form.non_field_errors() else 400
    return render(request, "appeals/correct.html", {"form": form, "appeal": appeal}, status=status)


@staff_required
@require_POST
def void(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a case registered by mistake (POST from the case page)."""
    appeal = _load(request, pk)
    require(request.user, "appeal", appeal.agency)
    form = VoidForm(request.POST, prefix="void")
    if form.is_valid():
        try:
            void_appeal(
                request.user,
                appeal,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except AppealError as exc:
            add_form_error(form, exc)
        else:
            return redirect("appeals:detail", pk=appeal.pk)
    appeal.refresh_from_db()
    return _detail(
        request, appeal, _update_form(request, appeal), form, status=409 if form.non_field_errors() else 400
    )
