"""The life cycle of a problem as one table: open → notified → corrected, or accepted with a reason → closed.

Each transition's permission, the statuses it starts from and the one it leads to. The service functions
(:mod:`gongkai_web.rectification.services.problems`) enforce it; the problem's page offers :func:`allowed`
as its buttons, so an action no longer possible has no button. ``notify`` has no button: issuing a notice
takes it (:mod:`gongkai_web.rectification.services.notices`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.common.errors import WebError
from gongkai_web.common.transitions import allowed_now, ensure_allowed_now
from gongkai_web.rectification.models import Problem, ProblemStatus


class ProblemError(WebError):
    """Not allowed in the problem's current state, or not possible with these values."""

    subject = gettext_lazy("该问题")


@dataclass(frozen=True)
class Transition:
    name: str  # the URL segment (``/do/<name>/``); the audit action is ``problem_<name>``
    label: str | Promise  # the button
    permission: str  # see gongkai_web.agencies.permissions.ACTIONS
    sources: tuple[ProblemStatus, ...]
    target: ProblemStatus
    needs_reason: bool = False
    button: bool = True
    style: str = ""

    @property
    def action(self) -> str:
        return f"problem_{self.name}"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "notify",
            gettext_lazy("通知整改"),
            "rectify",
            (ProblemStatus.OPEN, ProblemStatus.NOTIFIED),
            ProblemStatus.NOTIFIED,
            button=False,
        ),
        Transition(
            "confirm",
            gettext_lazy("确认已整改"),
            "rectify",
            (ProblemStatus.OPEN, ProblemStatus.NOTIFIED),
            ProblemStatus.CORRECTED,
            style="primary",
        ),
        Transition(
            "accept",
            gettext_lazy("认可不改"),
            "rectify",
            (ProblemStatus.OPEN, ProblemStatus.NOTIFIED),
            ProblemStatus.ACCEPTED,
            needs_reason=True,
        ),
        Transition(
            "close",
            gettext_lazy("关闭问题"),
            "rectify",
            (ProblemStatus.CORRECTED, ProblemStatus.ACCEPTED),
            ProblemStatus.CLOSED,
            style="primary",
        ),
    )
}

#: a problem in one of these states still waits for its agency or its supervisor
ACTIVE = frozenset({ProblemStatus.OPEN, ProblemStatus.NOTIFIED})


def allowed(user: User, problem: Problem) -> list[Transition]:
    """The transitions with a button that ``user`` may take on ``problem`` now, in the table's order."""
    return [t for t in allowed_now(TRANSITIONS.values(), user, problem) if t.button]


def ensure_allowed(user: User, problem: Problem, transition: Transition) -> None:
    ensure_allowed_now(
        user, problem, transition, action=audit.action_label(transition.action), error=ProblemError
    )
