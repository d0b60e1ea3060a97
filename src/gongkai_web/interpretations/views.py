"""The public page of a 政策解读 (linking back to its document); the staff pages to write and publish it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai_web.agencies.permissions import can
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.views import staff_required
from gongkai_web.disclosures.models import Disclosure
from gongkai_web.interpretations.forms import InterpretationForm
from gongkai_web.interpretations.models import Interpretation, State
from gongkai_web.interpretations.services import (
    EDITABLE,
    InterpretationError,
    draft_interpretation,
    publish_interpretation,
    update_interpretation,
)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Interpretation.objects.select_related("disclosure", "agency"), pk=pk)
    staff = can(request.user, "view", item.agency)
    if item.status != State.PUBLISHED and not staff:
        raise Http404
    context = {
        "item": item,
        "staff": staff,
        "can_edit": item.status == State.DRAFT and can(request.user, "publish", item.agency),
        "can_publish": item.status == State.DRAFT and can(request.user, "release_disclosure", item.agency),
        "error": None,
    }
    return render(request, "interpretations/detail.html", context)


@staff_required
def create(request: HttpRequest, document: int) -> HttpResponse:
    doc = get_object_or_404(Disclosure.objects.select_related("agency"), pk=document)
    if not can(request.user, "publish", doc.agency):
        raise PermissionDenied
    form = InterpretationForm(request.POST or None, initial={"title": f"《{doc.title}》政策解读"})
    if request.method == "POST" and form.is_valid():
        try:
            item = draft_interpretation(request.user, doc, {k: form.cleaned_data[k] for k in EDITABLE})
        except InterpretationError as exc:
            add_form_error(form, exc)
        else:
            return redirect("interpretations:detail", pk=item.pk)
    return render(request, "interpretations/form.html", {"form": form, "document": doc, "item": None})


@staff_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Interpretation.objects.select_related("disclosure", "agency"), pk=pk)
    if not can(request.user, "publish", item.agency):
        raise PermissionDenied
    form = InterpretationForm(request.POST or None, instance=item, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in EDITABLE}
        try:
            update_interpretation(
                request.user, item, expected_version=form.cleaned_data["version"], data=data
            )
        except InterpretationError as exc:
            add_form_error(form, exc)
        else:
            return redirect("interpretations:detail", pk=item.pk)
    context = {"form": form, "document": item.disclosure, "item": item}
    return render(request, "interpretations/form.html", context)


@staff_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Interpretation.objects.select_related("disclosure", "agency"), pk=pk)
    if not can(request.user, "release_disclosure", item.agency):
        raise PermissionDenied
    try:
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:  # no version: never published unchecked
            raise InterpretationError.stale() from None
        publish_interpretation(request.user, item, expected_version=version)
    except InterpretationError as exc:
        context = {"item": item, "staff": True, "can_edit": False, "can_publish": True, "error": exc.message}
        return render(request, "interpretations/detail.html", context, status=409)
    return redirect("interpretations:detail", pk=item.pk)
