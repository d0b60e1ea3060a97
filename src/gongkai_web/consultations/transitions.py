"""The life of a consultation (意见征集) as one table: each step's permission, the statuses it starts from
and the status it leads to.

::

    draft 草稿 ──open (the period is checked)──▶ open 已发布征集 (未开始 → 征集中 → 已截止, by its dates)
    open, once the period has ended and every comment is reviewed ──answer (意见采纳情况)──▶ answered
    answered ──decide (the decision, a published catalogue entry)──▶ decided

Feedback comes before the decision: there is no step from ``open`` to ``decided``. The services
(:mod:`gongkai_web.consultations.services`) enforce the table; the staff page lists :func:`allowed`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from gongkai_web.agencies.models import User
from gongkai_web.common.errors import WebError
from gongkai_web.common.transitions import allowed_now, ensure_allowed_now
from gongkai_web.consultations.models import Consultation, Status


class ConsultationError(WebError):
    subject = gettext_lazy("该意见征集")


@dataclass(frozen=True)
class Transition:
    name: str  # the audit action and the URL segment (``/<pk>/<name>/``)
    label: str | Promise  # the button
    permission: str  # see gongkai_web.agencies.permissions.ACTIONS
    sources: tuple[Status, ...]
    target: Status


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("open", gettext_lazy("发布征集公告"), "release_disclosure", (Status.DRAFT,), Status.OPEN),
        Transition(
            "answer", gettext_lazy("发布意见采纳情况"), "release_disclosure", (Status.OPEN,), Status.ANSWERED
        ),
        Transition(
            "decide", gettext_lazy("关联决策文件"), "release_disclosure", (Status.ANSWERED,), Status.DECIDED
        ),
    )
}


def allowed(user: User, item: Consultation) -> list[Transition]:
    return allowed_now(TRANSITIONS.values(), user, item)


def ensure_allowed(user: User, item: Consultation, transition: Transition) -> None:
    ensure_allowed_now(user, item, transition, action=str(transition.label), error=ConsultationError)
