"""Who may do what, by role and agency. Every view and every service function asks :func:`require`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai_web.agencies.models import Agency, Role

if TYPE_CHECKING:
    from gongkai_web.agencies.models import User

# Actions and the roles allowed to take them in their own agency (admins: everywhere).
ACTIONS: dict[str, frozenset[str]] = {
    "view": frozenset(
        {Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}
    ),
    "register": frozenset({Role.REGISTRAR, Role.ADMIN}),
    "receive_correction": frozenset({Role.REGISTRAR, Role.HANDLER, Role.ADMIN}),
    "handle": frozenset({Role.HANDLER, Role.APPROVER, Role.ADMIN}),
    "extend": frozenset({Role.APPROVER, Role.ADMIN}),
    "decide": frozenset({Role.APPROVER, Role.ADMIN}),
    "attach": frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMIN}),
    # Draft catalogue entries and enter 表二 figures (the drafts go to review before anything is public).
    "publish": frozenset({Role.HANDLER, Role.APPROVER, Role.ADMIN}),
    # 保密审查 and 合法性审查 of a draft (条例第十七条), or send it back with a reason.
    "review_disclosure": frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMIN}),
    # Publish a reviewed entry (or record that it is not proactively disclosed), correct or retract it.
    "release_disclosure": frozenset({Role.APPROVER, Role.ADMIN}),
    # Keep the 政府信息公开指南 current (条例第十二条).
    "edit_guide": frozenset({Role.APPROVER, Role.ADMIN}),
    "appeal": frozenset({Role.HANDLER, Role.APPROVER, Role.ADMIN}),
    # Correct an application's intake details (applicant, request, receipt), with a reason.
    "correct_intake": frozenset({Role.REGISTRAR, Role.APPROVER, Role.ADMIN}),
    # Void an application registered by mistake (duplicate, wrong agency): out of 表三, kept on record.
    "void_application": frozenset({Role.APPROVER, Role.ADMIN}),
    "audit": frozenset({Role.APPROVER, Role.SUPERVISOR, Role.ADMIN}),
    # batch intake and the assignment queue of collected reports (gongkai_web.supervision)
    "supervise": frozenset({Role.SUPERVISOR}),
    # the register of agencies, the annual-report deadlines and the roster of a region
    "keep_register": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # 整改 (gongkai_web.rectification): open problems in collected reports, issue notices, accept and close
    "rectify": frozenset({Role.SUPERVISOR}),
    # an agency's own side of 整改: read its notices and problems, send its corrected report
    "answer_rectification": frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER}),
    # the indicators, rankings and charts of a region's collected reports (gongkai_web.analysis); an agency's
    # own page across years needs only "view"
    "analyse": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # a region's 汇总 and the dataset of its collected reports (gongkai_web.summaries)
    "summarise": frozenset({Role.SUPERVISOR, Role.ADMIN}),
}
# Supervisors see (read-only) their own agency and every agency below it, and supervise that region.
DOWNWARD = frozenset({"view", "audit", "supervise", "keep_register", "rectify", "analyse", "summarise"})


def is_staff_member(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "agency_id", None) is not None or getattr(user, "role", None) == Role.ADMIN
    )


def can(user: User | None, action: str, agency: Agency | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    roles = ACTIONS[action]
    if user.role not in roles:
        return False
    if user.role == Role.ADMIN:
        return True
    if agency is None or user.agency_id is None:
        return False
    if agency.pk == user.agency_id:
        return True
    if user.role == Role.SUPERVISOR and action in DOWNWARD:
        return agency.path.startswith(user.agency.path)
    return False


def require(user: User | None, action: str, agency: Agency | None) -> None:
    if not can(user, action, agency):
        raise PermissionDenied(_("您没有权限执行此操作"))


def visible_agencies_q(user: User, field: str = "agency") -> Q:
    """A filter for the objects of the agencies ``user`` may see (``field`` names the agency relation; ``""``
    filters agencies themselves)."""
    if user.role == Role.ADMIN:
        return Q()
    if user.agency_id is None:
        return Q(pk__in=[])
    prefix = f"{field}__" if field else ""
    if user.role == Role.SUPERVISOR:
        return Q(**{f"{prefix}path__under": user.agency.path})
    return Q(**{f"{field}_id" if field else "pk": user.agency_id})


def visible_agencies(user: User) -> list[Agency]:
    if user.role == Role.ADMIN:
        return list(Agency.objects.all())
    if user.agency_id is None:
        return []
    if user.role == Role.SUPERVISOR:
        return list(Agency.objects.filter(path__under=user.agency.path))
    return [user.agency]
