from __future__ import annotations

from django.contrib import admin

from gongkai_web.interpretations.models import Interpretation


@admin.register(Interpretation)
class InterpretationAdmin(admin.ModelAdmin):
    list_display = ("title", "form", "agency", "status", "published_at")
    list_filter = ("form", "status")
    readonly_fields = ("disclosure", "agency", "status", "published_at", "version", "created_by")
