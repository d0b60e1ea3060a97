"""Staff pages of the review (条例第十七条): the entries awaiting a step, and one step taken from an entry's
page. The buttons of an entry are :func:`~gongkai_web.disclosures.transitions.allowed`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import can, require, visible_agencies, visible_agencies_q
from gongkai_web.common.views import perform_with_form, staff_required
from gongkai_web.disclosures.models import Disclosure, Status
from gongkai_web.disclosures.review import PERFORM
from gongkai_web.disclosures.transitions import TRANSITIONS, Transition, allowed
from gongkai_web.interpretations.models import State
from gongkai_web.interpretations.services import missing_interpretation, missing_interpretations

#: The statuses of the work list, in the order a drafter and a reviewer look at them; then the entries that
#: left the process without being (or staying) public, the latest first.
PENDING = (Status.REVIEW, Status.CLEARED, Status.DRAFT)
SETTLED = (Status.WITHHELD, Status.RETRACTED)
SETTLED_SHOWN = 50


def _make_form(transition: Transition, item: Disclosure, data: Any = None) -> forms.Form:
    assert transition.form is not None
    return transition.form(data, initial={"version": item.version}, prefix=transition.name)


def staff_context(
    user: User, item: Disclosure, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    """What the entry's page shows a member of staff: the record and the steps they may take now."""
    steps = allowed(user, item)
    return {
        "staff": True,
        "actions": [
            (t, bound[1] if bound and bound[0] == t.name else _make_form(t, item))
            for t in steps
            if t.form is not None
        ],
        "open_action": bound[0] if bound else "",
        "can_edit": item.status == Status.DRAFT and can(user, "publish", item.agency),
        "can_correct": any(t.name == "correct" for t in steps),
        "can_interpret": item.status != Status.RETRACTED and can(user, "publish", item.agency),
        "missing": missing_interpretation(item),
    }


def render_detail(
    request: HttpRequest, item: Disclosure, bound: tuple[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    """The entry's page: to the public as published (with its corrections); to its staff with the whole
    review record and the steps their role may take now."""
    staff = can(request.user, "view", item.agency)
    interpretations = item.interpretations.all()  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "item": item,
        "record": list(item.steps.select_related("actor")),
        "interpretations": interpretations if staff else interpretations.filter(status=State.PUBLISHED),
    }
    if staff:
        context |= staff_context(request.user, item, bound)
    return render(request, "disclosures/detail.html", context, status=status)


@staff_required
@require_POST
def act(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    item = get_object_or_404(Disclosure.objects.select_related("agency"), pk=pk)
    transition = TRANSITIONS.get(step)
    if transition is None or transition.form is None:
        raise Http404
    require(request.user, transition.permission, item.agency)
    form = _make_form(transition, item, request.POST)
    if perform_with_form(form, PERFORM[transition.name], request.user, item):
        return redirect("disclosures:detail", pk=item.pk)
    item.refresh_from_db()
    return render_detail(request, item, (transition.name, form), status=409 if form.errors else 200)


@staff_required
def work(request: HttpRequest) -> HttpResponse:
    """Entries of the agencies one may see that wait for a step: in review, cleared, drafts."""
    user = request.user
    qs = (
        Disclosure.objects.filter(visible_agencies_q(user), status__in=PENDING)
        .select_related("agency", "category", "drafted_by")
        .order_by("issued_on", "id")
    )
    groups = [(status.label, [d for d in qs if d.status == status]) for status in PENDING]
    settled = Disclosure.objects.filter(visible_agencies_q(user), status__in=SETTLED)
    settled = settled.select_related("agency", "category", "drafted_by").order_by("-id")
    groups += [(status.label, list(settled.filter(status=status)[:SETTLED_SHOWN])) for status in SETTLED]
    missing = missing_interpretations(visible_agencies_q(user), timezone.localdate())
    can_draft = any(can(user, "publish", a) for a in visible_agencies(user))
    context = {"groups": groups, "missing": missing, "can_draft": can_draft}
    return render(request, "disclosures/work.html", context)
