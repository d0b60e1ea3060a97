from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gongkai_web.guides.models import GuideDetails, GuideRevision


@admin.register(GuideDetails)
class GuideDetailsAdmin(admin.ModelAdmin):
    list_display = ("agency", "office_name", "office_hours")
    readonly_fields = ("version",)


@admin.register(GuideRevision)
class GuideRevisionAdmin(admin.ModelAdmin):
    """The revision history is a record: read only."""

    list_display = ("agency", "revised_on", "initial", "actor")
    list_filter = ("agency",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: GuideRevision | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: GuideRevision | None = None) -> bool:
        return False
