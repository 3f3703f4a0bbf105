"""Indicators in the admin: the invariant part for superusers, a unit's own indicators for those who may define
them (who may change the owner unit). Formulas are defined and revised on the indicator pages, which check them
against the counts the unit may use; here only names, tags and display change."""

from django.contrib import admin

from sapat.access.admin_scoping import SUPERUSER, ScopedAdmin

from . import models

FORMULA_FIELDS = (
    "code", "owner", "measure", "numerator", "denominator", "factor", "numerator_in_subject",
    "denominator_in_subject", "effective_from",
)  # fmt: skip


@admin.register(models.Indicator)
class IndicatorAdmin(ScopedAdmin):
    list_display = ("code", "name", "owner", "measure", "effective_from")
    list_filter = ("measure", "headline", "compared")
    search_fields = ("code", "name_ru", "name_en", "name_ky", "name_kk")
    list_select_related = ("owner",)
    readonly_fields = FORMULA_FIELDS
    filter_horizontal = ("directions",)

    def has_add_permission(self, request):
        return False  # defined on the indicator pages (or loaded, the invariant part), where formulas are checked


@admin.register(models.Direction)
class DirectionAdmin(ScopedAdmin):
    rule = SUPERUSER
    list_display = ("code", "name", "framework", "order")
    list_filter = ("framework",)
