"""Who sees applicants' personal data: the one rule, applied on every page, export and the audit log.

The agency that handles an application needs the applicant's name, ID number and contact details to
answer it (条例 第二十九条). Nobody else does: a 监督 officer oversees the handling — dates, outcomes,
the clock — not the people, so sees every personal field masked, in every agency including their own,
and cannot download the documents (ID scans, letters). Admins see everything. Every view of full
personal data (an application's page, a document download, a drill-down listing ID numbers) is itself
written to the audit log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency, AuditEntry, Role

if TYPE_CHECKING:
    from gongkai_web.agencies.models import User

# An application's personal fields (labels for the audit log's wording).
PERSONAL_FIELDS: dict[str, Any] = {
    "applicant_name": _("申请人姓名或名称"),
    "id_type": _("证件类型"),
    "id_number": _("证件号码"),
    "contact_person": _("联系人"),
    "phone": _("联系电话"),
    "email": _("电子邮箱"),
    "address": _("通信地址"),
}
ALL = frozenset(PERSONAL_FIELDS)
# The objects whose audit entries carry personal data, and those keys: a document's file name often names
# the applicant ("张三身份证.pdf").
AUDITED_PERSONAL_KEYS = {
    "applications.application": {*PERSONAL_FIELDS, "name"},
    "applications.document": {"name"},
}
NONE: frozenset[str] = frozenset()

# The fields each role sees unmasked — in its own agency only; admins everywhere.
UNMASKED_BY_ROLE: dict[str, frozenset[str]] = {
    Role.REGISTRAR: ALL,
    Role.HANDLER: ALL,
    Role.APPROVER: ALL,
    Role.REVIEWER: NONE,  # 保密审查 reviews catalogue entries, never applications
    Role.SUPERVISOR: NONE,
    Role.ADMIN: ALL,
}


def unmasked_fields(user: User | None, agency: Agency | None) -> frozenset[str]:
    """The personal fields of ``agency``'s applications that ``user`` sees as they are."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NONE
    if user.role == Role.ADMIN:
        return UNMASKED_BY_ROLE[Role.ADMIN]
    if agency is None or user.agency_id is None or agency.pk != user.agency_id:
        return NONE
    return UNMASKED_BY_ROLE.get(user.role, NONE)


def sees_personal_data(user: User | None, agency: Agency | None) -> bool:
    """Every personal field unmasked (and so the documents too)."""
    return unmasked_fields(user, agency) >= ALL


def personal_data_q(user: User, field: str = "agency") -> Q:
    """A filter for the objects whose agency's personal data ``user`` sees in full: what a search by a
    personal field (an applicant's name) may look in, so that masked data cannot be found by guessing."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if UNMASKED_BY_ROLE.get(user.role, NONE) < ALL:
        return Q(pk__in=[])
    if user.role == Role.ADMIN:
        return Q()
    return Q(**{f"{field}_id": user.agency_id})


def mask(field: str, value: object) -> str:
    """``value`` of the personal ``field`` with all but a hint hidden: 张** , 138****0000, ****1234."""
    text = "" if value is None else str(value)
    if not text:
        return ""
    if field in ("applicant_name", "contact_person"):
        return text[0] + "**"
    if field == "phone":
        return f"{text[:3]}****{text[-4:]}" if len(text) >= 11 else "****"
    if field == "id_number":
        return "*" * max(len(text) - 4, 4) + text[-4:] if len(text) > 8 else "****"
    if field == "email":
        local, _at, domain = text.partition("@")
        return f"{local[:1]}***@{domain}" if domain else "***"
    if field == "id_type":
        return text
    return _("（已隐去）")


def shown(user: User | None, application: Any, field: str) -> str:
    """The value of one personal field of ``application`` as ``user`` may see it."""
    value = getattr(application, field)
    if field in unmasked_fields(user, application.agency):
        return "" if value is None else str(value)
    return mask(field, value)


def shown_repr(user: User | None, entry: AuditEntry) -> str:
    """An audit entry's object description as ``user`` may see it (an application's is "查询码 申请人")."""
    if entry.object_type not in AUDITED_PERSONAL_KEYS or sees_personal_data(user, entry.agency):
        return entry.object_repr
    if entry.object_type == "applications.document":
        return str(_("（材料，名称已隐去）"))
    code, _space, name = entry.object_repr.partition(" ")
    return f"{code} {mask('applicant_name', name)}" if name else code


def shown_changes(user: User | None, entry: AuditEntry) -> list[tuple[str, object, object]]:
    """An audit entry's changes, personal fields masked for ``user`` as on the pages."""
    if sees_personal_data(user, entry.agency):
        return entry.changes
    personal = AUDITED_PERSONAL_KEYS.get(entry.object_type, set())
    visible = unmasked_fields(user, entry.agency)
    out = []
    for key, before, after in entry.changes:
        if key in personal and key not in visible:
            before, after = mask(key, before) or None, mask(key, after) or None
        out.append((key, before, after))
    return out


def record_personal_view(
    user: User, obj: models.Model, *, agency: Agency | None, what: str, once_a_day: bool = False
) -> AuditEntry | None:
    """Write "查看个人信息" (``what`` says which) to the audit log; ``once_a_day``: at most one entry per
    user, object and day (an application's page is opened many times while it is handled)."""
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    if once_a_day:
        start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
        if AuditEntry.objects.filter(
            action="view_personal", actor=user, object_type=object_type, object_id=object_id, at__gte=start
        ).exists():
            return None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=str(user)[:60],
        agency=agency,
        action="view_personal",
        object_type=object_type,
        object_id=object_id,
        object_repr=str(obj)[:200],
        before=None,
        after={"viewed": what},
    )
