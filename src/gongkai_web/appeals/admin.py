from __future__ import annotations

from django.contrib import admin

from gongkai_web.appeals.models import Appeal


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("kind", "case_number", "application", "filed_on", "stage", "outcome")
    list_filter = ("kind", "stage", "outcome")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
