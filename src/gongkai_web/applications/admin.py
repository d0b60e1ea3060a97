# ruff: noqa: RUF012  (Django Meta and ModelAdmin options are declarative class attributes)
"""Read-only in the admin: state changes go through the service functions (and the audit log)."""

from __future__ import annotations

from django.contrib import admin

from gongkai_web.applications.models import Application, ApplicationEvent, Document
from gongkai_web.common.admin import ReadOnlyAdmin


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("tracking_code", "applicant_name", "agency", "status", "received_on", "due_on", "outcome")
    list_filter = ("status", "agency")
    search_fields = ("tracking_code", "applicant_name")
    inlines = [EventInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("name", "application", "kind", "size", "uploaded_at")
