"""Template context: the navigation items the signed-in user may open."""

from __future__ import annotations

from django.http import HttpRequest

from gongkai_web.agencies.models import Role
from gongkai_web.agencies.permissions import ACTIONS, is_staff_member


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    staff = is_staff_member(user)
    role = getattr(user, "role", None)
    return {
        "is_staff_member": staff,
        "can_audit": staff and role in (Role.APPROVER, Role.SUPERVISOR, Role.ADMIN),
        "is_admin": staff and role == Role.ADMIN,
        "can_supervise": staff and role == Role.SUPERVISOR,
        "can_summarise": staff and role in ACTIONS["summarise"],
        "can_keep_register": staff and role in (Role.SUPERVISOR, Role.ADMIN),
        "can_rectify": staff and role in ACTIONS["rectify"] | ACTIONS["answer_rectification"],
    }
