"""The public 政府信息公开指南 of each agency, and the page where its own facts are kept current."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import can
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.views import staff_required
from gongkai_web.guides.forms import GuideForm
from gongkai_web.guides.models import GuideDetails, GuideRevision
from gongkai_web.guides.services import (
    DETAILS,
    GuideError,
    describe_revision,
    guide_facts,
    index_example,
    update_guide,
)


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guides/index.html", {"agencies": Agency.objects.all()})


def guide(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    revisions = GuideRevision.objects.filter(agency=agency)
    context = {
        "agency": agency,
        "facts": guide_facts(agency),
        "index_example": index_example(agency),
        "revisions": [(r, describe_revision(r)) for r in revisions if not r.initial],
        "first": revisions.filter(initial=True).first(),
        "can_edit": can(request.user, "edit_guide", agency),
    }
    return render(request, "guides/guide.html", context)


@staff_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    if not can(request.user, "edit_guide", agency):
        raise PermissionDenied
    details = GuideDetails.objects.filter(agency=agency).first() or GuideDetails(agency=agency)
    form = GuideForm(request.POST or None, instance=details, initial={"version": details.version})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in DETAILS}
        # a guide not yet saved is opened as version 1, the version its first save starts from
        version = form.cleaned_data["version"]
        try:
            update_guide(request.user, agency, expected_version=version, data=data)
        except GuideError as exc:
            add_form_error(form, exc)
        else:
            return redirect("guides:guide", pk=agency.pk)
    return render(request, "guides/form.html", {"form": form, "agency": agency})
