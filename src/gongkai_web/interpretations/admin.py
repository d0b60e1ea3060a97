"""Read-only here: 政策解读 are drafted and published on their pages (versioned, audited)."""

from __future__ import annotations

from django.contrib import admin

from gongkai_web.common.admin import ReadOnlyAdmin
from gongkai_web.interpretations.models import Interpretation


@admin.register(Interpretation)
class InterpretationAdmin(ReadOnlyAdmin):
    list_display = ("title", "form", "agency", "status", "published_at")
    list_filter = ("form", "status")
