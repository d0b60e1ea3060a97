# ruff: noqa: RUF012  (Django Meta and ModelAdmin options are declarative class attributes)
from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, AuditEntry, DeadlineRule, User
from gongkai_web.common.admin import AuditedAdmin


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    """The agency tree is set up here (and by the register import): every change audited, none deleted."""

    list_display = ("name", "kind", "code", "parent", "accepts_applications")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    # a web address typed without a scheme is read as https (Django 6's default, without its warning)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    deletable = True

    list_display = ("region", "kind", "expected", "month", "day")
    list_filter = ("kind",)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[misc]
    """Users, their role, agency, groups and permissions: every add, change and deletion audited (the
    password's hash never); setting a password is audited too, without it."""

    deletable = True
    unlogged = ("password", "last_login")

    list_display = ("username", "full_name", "agency", "role", "is_active")
    list_filter = ("role", "agency", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("机构与角色"), {"fields": ("full_name", "agency", "role")}))
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("机构与角色"), {"fields": ("full_name", "agency", "role")}),
    )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:  # the password was set
                user = User.objects.get(pk=unquote(id))
                audit.record(
                    request.user,  # type: ignore[arg-type]
                    "admin_password",
                    user,
                    agency=user.agency,
                    before=None,
                    after={"usable_password": user.has_usable_password()},
                )
        return response


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "actor_label", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):  # type: ignore[misc]
    """Groups and their permissions (a user's memberships are on the user): audited like users."""

    deletable = True
