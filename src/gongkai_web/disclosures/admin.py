from __future__ import annotations

from django.contrib import admin

from gongkai_web.disclosures.models import AnnualFigure, Category, Disclosure


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ("index_number", "title", "agency", "issued_on", "validity")
    list_filter = ("validity", "category", "is_rule", "is_normative")
    search_fields = ("index_number", "title", "document_number")
    readonly_fields = ("index_number", "year", "sequence", "version")


@admin.register(AnnualFigure)
class AnnualFigureAdmin(admin.ModelAdmin):
    list_display = ("agency", "year", "key", "value", "source")
