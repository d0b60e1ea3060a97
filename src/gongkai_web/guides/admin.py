from __future__ import annotations

from django.contrib import admin

from gongkai_web.common.admin import ReadOnlyAdmin
from gongkai_web.guides.models import GuideDetails, GuideRevision


@admin.register(GuideDetails)
class GuideDetailsAdmin(ReadOnlyAdmin):
    """Read-only: the guide is edited on its page (/guide/<agency>/edit/, versioned and audited)."""

    list_display = ("agency", "office_name", "office_hours")


@admin.register(GuideRevision)
class GuideRevisionAdmin(ReadOnlyAdmin):
    """The revision history is a record: read only."""

    list_display = ("agency", "revised_on", "initial", "actor")
    list_filter = ("agency",)
