"""The review of a catalogue entry as one table (条例第十七条: 公开前审查): each step's permission, the
statuses it may start from, the status it leads to and the form that collects its data.

::

    draft 草稿 ──submit_review──▶ review 待审查 ──clear (保密审查 + 合法性审查)──▶ cleared 审查通过
    review / cleared ──reject_disclosure (with a reason)──▶ draft
    cleared ──publish (主动公开: the 索引号 is given)──▶ published
    cleared ──withhold (依申请公开 / 不予公开, with the ground)──▶ withheld
    published ──correct (with a reason)──▶ published
    published ──retract 撤稿 (with a reason)──▶ retracted

The services (:mod:`gongkai_web.disclosures.review`) enforce it through :func:`ensure_allowed`; the staff
page of an entry lists :func:`allowed` as its buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from gongkai_web.agencies.models import User
from gongkai_web.common.transitions import allowed_now, ensure_allowed_now
from gongkai_web.disclosures import forms as f
from gongkai_web.disclosures.models import Disclosure, Status, Step
from gongkai_web.disclosures.services import DisclosureError


@dataclass(frozen=True)
class Transition:
    name: Step  # the step recorded, the audit action and the URL segment (``/do/<name>/``)
    label: str | Promise  # the button
    permission: str  # see gongkai_web.agencies.permissions.ACTIONS
    sources: tuple[Status, ...]
    target: Status
    form: type[f.StepForm] | None  # None: done on the entry's edit page (a correction)
    style: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            Step.SUBMIT,
            gettext_lazy("提交审查"),
            "publish",
            (Status.DRAFT,),
            Status.REVIEW,
            f.StepForm,
            "primary",
        ),
        Transition(
            Step.CLEAR,
            gettext_lazy("审查通过"),
            "review_disclosure",
            (Status.REVIEW,),
            Status.CLEARED,
            f.ReviewForm,
            "primary",
        ),
        Transition(
            Step.REJECT,
            gettext_lazy("退回修改"),
            "review_disclosure",
            (Status.REVIEW, Status.CLEARED),
            Status.DRAFT,
            f.ReasonForm,
            "danger",
        ),
        Transition(
            Step.PUBLISH,
            gettext_lazy("发布"),
            "release_disclosure",
            (Status.CLEARED,),
            Status.PUBLISHED,
            f.StepForm,
            "primary",
        ),
        Transition(
            Step.WITHHOLD,
            gettext_lazy("认定不主动公开"),
            "release_disclosure",
            (Status.CLEARED,),
            Status.WITHHELD,
            f.StepForm,
        ),
        Transition(
            Step.CORRECT,
            gettext_lazy("更正"),
            "release_disclosure",
            (Status.PUBLISHED,),
            Status.PUBLISHED,
            None,
        ),
        Transition(
            Step.RETRACT,
            gettext_lazy("撤稿"),
            "release_disclosure",
            (Status.PUBLISHED,),
            Status.RETRACTED,
            f.ReasonForm,
            "danger",
        ),
    )
}


def allowed(user: User, item: Disclosure) -> list[Transition]:
    """The steps ``user`` may take on ``item`` now, in the table's order."""
    return allowed_now(TRANSITIONS.values(), user, item)


def ensure_allowed(user: User, item: Disclosure, transition: Transition) -> None:
    """Raise :class:`~django.core.exceptions.PermissionDenied` or :class:`DisclosureError` (with the reason)
    unless ``user`` may take ``transition`` on ``item`` now."""
    ensure_allowed_now(user, item, transition, action=str(transition.label), error=DisclosureError)
