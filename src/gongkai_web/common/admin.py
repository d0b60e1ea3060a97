"""The Django admin's two honest modes for the ledger's records.

- :class:`ReadOnlyAdmin`: records that change only through the service functions (which lock, check the
  version, bump it and write the audit entry): applications, appeals, catalogue entries, 表二 figures,
  政策解读, the guide. The admin lists and shows them; it cannot add, change or delete them.
- :class:`AuditedAdmin`: the set-up records the admin is the place to keep (agencies, the 公开目录's
  categories, deadline rules, users and their groups): every add and change writes an audit entry with the
  fields before and after — many-to-many ones (a user's groups and permissions) by name, once they are saved
  — in the same transaction; deleting is left to :attr:`AuditedAdmin.deletable` models and audited too.
  :attr:`AuditedAdmin.unlogged` fields (a password's hash) are never written to the log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from gongkai_web.agencies import audit


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]


def _many(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.many_to_many if f.editable]


def _agency(obj: models.Model) -> Any:
    """The agency an entry is filed under: the record's own agency, its region, or the agency itself."""
    for name in ("agency", "region"):
        if hasattr(obj, f"{name}_id"):
            return getattr(obj, name)
    return obj if obj._meta.label_lower == "agencies.agency" else None


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    deletable = False
    unlogged: tuple[str, ...] = ()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)

    def snapshot(self, obj: models.Model) -> dict[str, Any]:
        """The fields the log keeps of ``obj``: its own, and each many-to-many one as the names it holds."""
        out = audit.snapshot(obj, [f for f in _fields(obj) if f not in self.unlogged])
        for name in _many(obj):
            if name not in self.unlogged:
                out[name] = "、".join(sorted(str(o) for o in getattr(obj, name).all())) if obj.pk else ""
        return out

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The admin saves in one transaction (changeform_view): the record here, its many-to-many fields in
        # save_related, where the entry is written with both.
        form.audit_before = None
        if change:
            form.audit_before = self.snapshot(type(obj)._default_manager.select_for_update().get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit.record(
            request.user,  # type: ignore[arg-type]
            "admin_change" if change else "admin_add",
            obj,
            agency=_agency(obj),
            before=getattr(form, "audit_before", None),
            after=self.snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before = self.snapshot(obj)
            agency = _agency(obj)
            audit.record(request.user, "admin_delete", obj, agency=agency, before=before, after=None)  # type: ignore[arg-type]
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
