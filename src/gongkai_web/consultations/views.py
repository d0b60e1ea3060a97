"""The public pages of consultations (the list, a call with its comment form, its shown comments and its
feedback) and the staff pages to draft, publish, review comments, publish the feedback and link the
decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai_web.agencies.permissions import can, visible_agencies, visible_agencies_q
from gongkai_web.common.errors import WebError, add_form_error
from gongkai_web.common.views import staff_required
from gongkai_web.consultations import services as s
from gongkai_web.consultations.forms import (
    AssessForm,
    CommentForm,
    ConsultationForm,
    DecisionForm,
    FeedbackForm,
    ModerateForm,
)
from gongkai_web.consultations.models import Comment, Consultation, Moderation, Status
from gongkai_web.consultations.transitions import allowed
from gongkai_web.security.client import client_ip
from gongkai_web.security.limits import over_rate

CLOSED_SHOWN = 50
#: The review form's choice as a comment's review stands (none while it waits).
SHOW_INITIAL = {Moderation.PENDING: None, Moderation.SHOWN: "1", Moderation.HIDDEN: "0"}


def index(request: HttpRequest) -> HttpResponse:
    """Calls for comments: those taking comments, those about to, and the closed ones with their feedback."""
    today = timezone.localdate()
    published = Consultation.objects.exclude(status=Status.DRAFT).select_related("agency")
    open_now = list(published.filter(status=Status.OPEN, closes_on__gte=today).order_by("closes_on", "id"))
    context = {
        "open": [c for c in open_now if c.opens_on <= today],
        "upcoming": [c for c in open_now if c.opens_on > today],
        "closed": [
            (c, s.phase(c, today))
            for c in published.exclude(status=Status.OPEN, closes_on__gte=today).order_by(
                "-closes_on", "-id"
            )[:CLOSED_SHOWN]
        ],
    }
    return render(request, "consultations/index.html", context)


def _published_or_staff(request: HttpRequest, pk: int) -> tuple[Consultation, bool]:
    item = get_object_or_404(Consultation.objects.select_related("agency", "decision"), pk=pk)
    staff = can(request.user, "view", item.agency)
    if item.status == Status.DRAFT and not staff:
        raise Http404
    return item, staff


def detail(request: HttpRequest, pk: int, form: CommentForm | None = None, status: int = 200) -> HttpResponse:
    item, staff = _published_or_staff(request, pk)
    now = s.phase(item, timezone.localdate())
    context = {
        "item": item,
        "staff": staff,
        "phase": now,
        "accepting": now is s.Phase.OPEN,
        "form": form or CommentForm(),
        "comments": item.comments.filter(moderation=Moderation.SHOWN),  # type: ignore[attr-defined]
        "tally": s.tally(item) if item.status in (Status.ANSWERED, Status.DECIDED) else None,
    }
    return render(request, "consultations/detail.html", context, status=status)


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    item, _staff = _published_or_staff(request, pk)
    retry = over_rate(client_ip(request) or "unknown", scope="comment")
    if retry:
        response = render(request, "consultations/too_many.html", {"minutes": (retry + 59) // 60}, status=429)
        response["Retry-After"] = str(retry)
        return response
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            s.submit_comment(item, form.cleaned_data)
        except s.CommentError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("您的意见已提交，经审核后公开。感谢您的参与！"))
            return redirect("consultations:detail", pk=item.pk)
    return detail(request, pk, form=form, status=400)


# ---- staff ----


@staff_required
def work(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    items = Consultation.objects.filter(visible_agencies_q(user)).select_related("agency")
    rows = [(c, s.phase(c, today), s.tally(c)) for c in items]
    context = {
        "rows": rows,
        "awaiting": s.awaiting_feedback(visible_agencies_q(user), today),
        "can_draft": any(can(user, "publish", a) for a in visible_agencies(user)),
    }
    return render(request, "consultations/work.html", context)


@staff_required
def create(request: HttpRequest) -> HttpResponse:
    user = request.user
    agencies = [a for a in visible_agencies(user) if can(user, "publish", a)]
    if not agencies:
        raise PermissionDenied
    agency = user.agency if user.agency in agencies else agencies[0]
    opens, closes = s.default_period(timezone.localdate())
    form = ConsultationForm(request.POST or None, initial={"opens_on": opens, "closes_on": closes})
    if request.method == "POST" and form.is_valid():
        try:
            item = s.draft_consultation(user, agency, {k: form.cleaned_data[k] for k in s.EDITABLE})
        except s.ConsultationError as exc:
            add_form_error(form, exc)
        else:
            return redirect("consultations:manage", pk=item.pk)
    return render(request, "consultations/form.html", {"form": form, "item": None, "agency": agency})


@staff_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Consultation.objects.select_related("agency"), pk=pk)
    if not can(request.user, "publish", item.agency):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, instance=item, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            s.update_consultation(
                request.user,
                item,
                expected_version=form.cleaned_data["version"],
                data={k: form.cleaned_data[k] for k in s.EDITABLE},
            )
        except s.ConsultationError as exc:
            add_form_error(form, exc)
        else:
            return redirect("consultations:manage", pk=item.pk)
    return render(request, "consultations/form.html", {"form": form, "item": item, "agency": item.agency})


def _manage_context(request: HttpRequest, item: Consultation, **forms: Any) -> dict[str, Any]:
    user = request.user
    comments = list(item.comments.all())  # type: ignore[attr-defined]
    can_moderate = can(user, "publish", item.agency) and item.status == Status.OPEN
    return {
        "item": item,
        "phase": s.phase(item, timezone.localdate()),
        "tally": s.tally(item),
        "steps": [t.name for t in allowed(user, item)],
        "can_edit": item.status == Status.DRAFT and can(user, "publish", item.agency),
        "can_moderate": can_moderate,
        "show_personal": can(user, "publish", item.agency),
        "comments": [
            (
                c,
                ModerateForm(
                    initial={"version": c.version, "show": SHOW_INITIAL[c.moderation]}, prefix=f"m{c.pk}"
                ),
                AssessForm(
                    initial={"version": c.version, "adoption": c.adoption, "note": c.adoption_note},
                    prefix=f"a{c.pk}",
                ),
            )
            for c in comments
        ],
        "feedback_form": forms.get("feedback_form")
        or FeedbackForm(
            initial={"version": item.version, "feedback": item.feedback or s.feedback_summary(item)}
        ),
        "decision_form": forms.get("decision_form")
        or DecisionForm(item=item, initial={"version": item.version}),
        "feedback_due": s.feedback_due(item),
        "error": forms.get("error"),
    }


@staff_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Consultation.objects.select_related("agency", "decision"), pk=pk)
    if not can(request.user, "view", item.agency):
        raise PermissionDenied
    return render(request, "consultations/manage.html", _manage_context(request, item))


def _version(request: HttpRequest, name: str = "version") -> int | None:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


@staff_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One step of :data:`~gongkai_web.consultations.transitions.TRANSITIONS`."""
    item = get_object_or_404(Consultation.objects.select_related("agency", "decision"), pk=pk)
    if not can(request.user, "view", item.agency):
        raise PermissionDenied
    forms: dict[str, Any] = {}
    try:
        if name == "open":
            s.open_consultation(request.user, item, expected_version=_version(request))
        elif name == "answer":
            form = FeedbackForm(request.POST)
            forms["feedback_form"] = form
            if not form.is_valid():
                raise s.ConsultationError(_("请填写意见采纳情况"), field="feedback")
            s.publish_feedback(
                request.user,
                item,
                expected_version=form.cleaned_data["version"],
                feedback=form.cleaned_data["feedback"],
            )
        elif name == "decide":
            decision_form = DecisionForm(request.POST, item=item)
            forms["decision_form"] = decision_form
            if not decision_form.is_valid():
                raise s.ConsultationError(_("请选择本机关已发布的决策文件"), field="decision")
            s.record_decision(
                request.user,
                item,
                expected_version=decision_form.cleaned_data["version"],
                decision=decision_form.cleaned_data["decision"],
            )
        else:
            raise Http404
    except WebError as exc:
        item.refresh_from_db()
        forms["error"] = exc.message
        return render(
            request, "consultations/manage.html", _manage_context(request, item, **forms), status=409
        )
    return redirect("consultations:manage", pk=item.pk)


@staff_required
@require_POST
def review_comment(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Moderate a comment (``kind`` = ``moderate``) or record whether it was adopted (``assess``)."""
    c = get_object_or_404(Comment.objects.select_related("consultation__agency"), pk=pk)
    item = c.consultation
    if not can(request.user, "publish", item.agency):
        raise PermissionDenied
    try:
        if kind == "moderate":
            form: ModerateForm | AssessForm = ModerateForm(request.POST, prefix=f"m{c.pk}")
            if not form.is_valid():
                raise s.CommentError(_("请选择审核结果"))
            s.moderate_comment(
                request.user,
                c,
                expected_version=form.cleaned_data["version"],
                show=form.cleaned_data["show"],
                reason=form.cleaned_data["reason"],
            )
        elif kind == "assess":
            form = AssessForm(request.POST, prefix=f"a{c.pk}")
            if not form.is_valid():
                raise s.CommentError(_("请选择采纳情况"))
            s.assess_comment(
                request.user,
                c,
                expected_version=form.cleaned_data["version"],
                adoption=form.cleaned_data["adoption"],
                note=form.cleaned_data["note"],
            )
        else:
            raise Http404
    except WebError as exc:
        context = _manage_context(request, item, error=f"{_('意见')} #{c.pk}：{exc.message}")
        return render(request, "consultations/manage.html", context, status=409)
    return redirect(reverse("consultations:manage", args=[item.pk]) + f"#comment-{c.pk}")
