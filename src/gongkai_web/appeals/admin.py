"""Read-only in the admin: a case is filed, moved on, corrected and voided on its pages (audited)."""

from __future__ import annotations

from django.contrib import admin

from gongkai_web.appeals.models import Appeal
from gongkai_web.common.admin import ReadOnlyAdmin


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("kind", "case_number", "application", "filed_on", "stage", "outcome", "voided_at")
    list_filter = ("kind", "stage", "outcome")
