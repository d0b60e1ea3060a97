"""Catalogue entries and 表二 figures are read-only here (they change through the review and the 表二 page,
versioned and audited); the 公开目录's categories are kept here, every change audited."""

from __future__ import annotations

from django.contrib import admin

from gongkai_web.common.admin import AuditedAdmin, ReadOnlyAdmin
from gongkai_web.disclosures.models import AnnualFigure, Category, Disclosure


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("__str__", "code", "agency", "order")
    list_filter = ("agency",)


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    """Read-only: entries change through the review (drafts, corrections and retractions are recorded)."""

    list_display = ("index_number", "title", "agency", "status", "issued_on", "validity")
    list_filter = ("status", "validity", "category", "is_rule", "is_normative")
    search_fields = ("index_number", "title", "document_number")


@admin.register(AnnualFigure)
class AnnualFigureAdmin(ReadOnlyAdmin):
    """Read-only: figures are entered on the 表二 page with their source (audited)."""

    list_display = ("agency", "year", "key", "value", "source")
