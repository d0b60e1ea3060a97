"""Sign-in and the audit log."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai_web.agencies import privacy
from gongkai_web.agencies.audit import action_label, describe_changes
from gongkai_web.agencies.models import AuditEntry, Role
from gongkai_web.agencies.permissions import visible_agencies_q


class LoginView(auth_views.LoginView):
    template_name = "agencies/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "role", None) not in (Role.APPROVER, Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied
    qs = AuditEntry.objects.filter(visible_agencies_q(user)).select_related("actor", "agency")
    object_type = request.GET.get("type", "")
    object_id = request.GET.get("id", "")
    if object_type and object_id:
        qs = qs.filter(object_type=object_type, object_id=object_id)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    entries = list(page)
    described = describe_changes((e.object_type, privacy.shown_changes(user, e)) for e in entries)
    for entry, changes in zip(entries, described, strict=True):
        entry.action_text = action_label(entry.action)  # type: ignore[attr-defined]
        entry.shown_repr = privacy.shown_repr(user, entry)  # type: ignore[attr-defined]
        entry.shown_changes = changes  # type: ignore[attr-defined]
    return render(
        request, "agencies/audit.html", {"page": page, "object_type": object_type, "object_id": object_id}
    )
