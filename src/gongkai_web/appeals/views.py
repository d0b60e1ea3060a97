"""行政复议 / 行政诉讼 cases: list, filing from an application, and the case page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai_web.agencies.permissions import can, require, visible_agencies_q
from gongkai_web.appeals.forms import AppealForm, AppealUpdateForm
from gongkai_web.appeals.models import Appeal
from gongkai_web.appeals.services import AppealError, file_appeal, update_appeal
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


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal.objects.select_related("application", "agency", "prior_review"), pk=pk)
    require(request.user, "view", appeal.agency)
    editable = can(request.user, "appeal", appeal.agency)
    initial = {
        "version": appeal.version,
        "stage": appeal.stage,
        "outcome": appeal.outcome,
        "decided_on": appeal.decided_on,
        "case_number": appeal.case_number,
        "note": appeal.note,
    }
    form = AppealUpdateForm(request.POST or None, initial=initial) if editable else None
    status = 200
    if request.method == "POST":
        require(request.user, "appeal", appeal.agency)
        assert form is not None
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
    return render(request, "appeals/detail.html", {"appeal": appeal, "form": form}, status=status)
