"""Every failed sign-in and every lockout is written to the audit log (django-axes counts them and locks)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from gongkai_web.agencies.models import AuditEntry
from gongkai_web.security.client import client_ip


def record_login_problem(action: str, username: str, request: HttpRequest | None) -> AuditEntry:
    """An audit entry for ``username``'s account (or the name typed, when there is no such account), under
    that account's agency so that its 审核 staff see it."""
    user = get_user_model().objects.filter(username=username).select_related("agency").first()
    ip = (client_ip(request) if request is not None else None) or ""
    return AuditEntry.objects.create(
        actor=None,
        actor_label=ip[:60],
        agency=getattr(user, "agency", None),
        action=action,
        object_type="agencies.user",
        object_id=str(user.pk) if user is not None else "",
        object_repr=username[:200],
        before=None,
        after={"username": username[:150], "ip": ip},
    )


@receiver(user_login_failed)
def audit_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    record_login_problem("login_failed", str(credentials.get("username") or ""), request)


@receiver(user_locked_out)
def audit_lockout(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kw: Any
) -> None:
    record_login_problem("login_locked", str(username or ""), request)
