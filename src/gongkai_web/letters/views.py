"""Letter pages: issue a letter from an application's page, download it, and the agency's templates and 文号
pattern (edited by 审核 and admins)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai_web.agencies import privacy
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import can, require, visible_agencies
from gongkai_web.applications.models import Application
from gongkai_web.common.errors import WebError, add_form_error
from gongkai_web.common.forms import CleanTextForm
from gongkai_web.common.views import staff_required
from gongkai_web.letters import services as s
from gongkai_web.letters.defaults import (
    DEFAULT_TEXTS,
    NUMBER_PATTERN_FIELDS,
    PLACEHOLDERS,
    REQUIRED,
    LetterKind,
    TemplateKind,
)
from gongkai_web.letters.models import Letter

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class TemplateForm(CleanTextForm, forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=100)
    body = forms.CharField(label=gettext_lazy("正文"), widget=forms.Textarea(attrs={"rows": 16}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class PatternForm(CleanTextForm, forms.Form):
    pattern = forms.CharField(label=gettext_lazy("文号格式"), max_length=80)
    version = forms.IntegerField(widget=forms.HiddenInput)


@staff_required
@require_POST
def issue(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    app = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    require(request.user, "view", app.agency)
    if kind not in LetterKind.values:
        raise Http404
    try:
        s.issue_letter(request.user, app, kind)
    except WebError as exc:
        return render(
            request,
            "letters/refused.html",
            {"app": app, "reason": exc.message, "kind": LetterKind(kind).label},
            status=409,
        )
    return redirect(reverse("applications:detail", args=[app.pk]) + "#letters")


@staff_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    letter = get_object_or_404(Letter.objects.select_related("agency", "application"), pk=pk)
    require(request.user, "view", letter.agency)
    # a letter names the applicant and is addressed to them: the documents' rule
    if not privacy.sees_personal_data(request.user, letter.agency):
        raise PermissionDenied
    privacy.record_personal_view(request.user, letter.application, agency=letter.agency, what=f"下载{letter}")
    data = bytes(letter.docx if fmt == "docx" else letter.pdf)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{letter.get_kind_display()}-{letter.number}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _agency(request: HttpRequest) -> Agency:
    """The agency whose templates are shown: the user's own; an admin picks with ``?agency=``."""
    agencies = [a for a in visible_agencies(request.user) if can(request.user, "view", a)]
    wanted = request.GET.get("agency") or request.POST.get("agency")
    if wanted:
        found = [a for a in agencies if str(a.pk) == wanted]
        if not found:
            raise Http404
        return found[0]
    if request.user.agency is not None:
        return request.user.agency
    if not agencies:
        raise PermissionDenied
    return agencies[0]


@staff_required
def templates(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    may_edit = can(request.user, s.EDIT_PERMISSION, agency)
    rows = []
    for kind, label in TemplateKind.choices:
        title, _body, row = s.template_text(agency, kind)
        rows.append({"kind": kind, "label": label, "title": title, "own": row is not None, "row": row})
    pattern, rule = s.number_pattern(agency)
    form = PatternForm(
        request.POST or None, initial={"pattern": pattern, "version": rule.version if rule else 0}
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                s.save_pattern(
                    request.user,
                    agency,
                    form.cleaned_data["pattern"],
                    expected_version=form.cleaned_data["version"],
                )
            except WebError as exc:
                add_form_error(form, exc)
            else:
                return redirect(f"{request.path}?agency={agency.pk}")
    example = s.format_number(pattern, agency, 2024, 1, "reply") if not form.errors else ""
    return render(
        request,
        "letters/templates.html",
        {
            "agency": agency,
            "agencies": visible_agencies(request.user) if request.user.agency is None else [],
            "rows": rows,
            "form": form,
            "fields": NUMBER_PATTERN_FIELDS.items(),
            "example": example,
            "may_edit": may_edit,
        },
        status=409 if form.errors else 200,
    )


@staff_required
def edit_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in TemplateKind.values:
        raise Http404
    agency = _agency(request)
    require(request.user, s.EDIT_PERMISSION, agency)
    title, body, row = s.template_text(agency, kind)
    version = row.version if row else 0
    form = TemplateForm(request.POST or None, initial={"title": title, "body": body, "version": version})
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "reset":
                s.reset_template(request.user, agency, kind, expected_version=form.cleaned_data["version"])
            else:
                s.save_template(
                    request.user,
                    agency,
                    kind,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    expected_version=form.cleaned_data["version"],
                )
        except WebError as exc:
            add_form_error(form, exc, default="body")
        else:
            return redirect(f"{reverse('letters:templates')}?agency={agency.pk}")
    return render(
        request,
        "letters/edit.html",
        {
            "agency": agency,
            "kind": kind,
            "label": TemplateKind(kind).label,
            "form": form,
            "own": row is not None,
            "placeholders": PLACEHOLDERS,
            "required": REQUIRED.get(kind, ()),
            "default_title": DEFAULT_TEXTS[kind][0],
        },
        status=409 if form.errors else 200,
    )


__all__ = ["download", "edit_template", "issue", "templates"]
