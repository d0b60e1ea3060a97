from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gongkai_web.disclosures.models import AnnualFigure, Category, Disclosure


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "code", "agency", "order")
    list_filter = ("agency",)


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    """Read-only: entries change through the review (drafts, corrections and retractions are recorded)."""

    list_display = ("index_number", "title", "agency", "status", "issued_on", "validity")
    list_filter = ("status", "validity", "category", "is_rule", "is_normative")
    search_fields = ("index_number", "title", "document_number")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Disclosure | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Disclosure | None = None) -> bool:
        return False


@admin.register(AnnualFigure)
class AnnualFigureAdmin(admin.ModelAdmin):
    list_display = ("agency", "year", "key", "value", "source")
