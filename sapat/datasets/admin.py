"""Data sets in the admin: a country's definitions, changed by superusers and that country's regional officers.

The definitions (the data set, its elements and validation rules) are reference data of a country (a data
set for both countries is a superuser's); a data set a unit defined is changed only by an officer who may
change that unit too. Assignments follow the scoping rule; values and submissions change only through the
data-set pages (which validate, keep the summaries and the approval), so they are read-only here.
"""

from django.contrib import admin
from django.db.models import Q

from sapat.access.admin_scoping import COUNTRY, READ_ONLY, ScopedAdmin, ScopedInline
from sapat.access.scope import can_change, restrict, scope_of

from . import models


class ElementInline(ScopedInline):
    model = models.DataElement
    rule = COUNTRY


class RuleInline(ScopedInline):
    model = models.ValidationRule
    rule = COUNTRY


@admin.register(models.DataSet)
class DataSetAdmin(ScopedAdmin):
    rule = COUNTRY
    list_display = ("code", "name", "level", "period_kind", "country", "owner")
    list_filter = ("level", "period_kind", "country")
    search_fields = ("code", "name_ru", "name_en", "name_ky", "name_kk")
    filter_horizontal = ("directions",)
    inlines = [ElementInline, RuleInline]

    def get_queryset(self, request):
        """The shipped data sets, and those defined by the units the user sees."""
        rows = super().get_queryset(request)
        if scope_of(request.user).everything:
            return rows
        own = restrict(models.DataSet.objects.filter(owner__isnull=False), request.user)
        return rows.filter(Q(owner__isnull=True) | Q(pk__in=own.values("pk")))

    def _may_change(self, request, obj) -> bool:
        allowed = super()._may_change(request, obj)
        if obj is None or obj.owner_id is None or scope_of(request.user).everything:
            return allowed
        return allowed and can_change(request.user, obj.owner)


@admin.register(models.Assignment)
class AssignmentAdmin(ScopedAdmin):
    list_display = ("dataset", "unit")
    list_select_related = ("dataset", "unit")
    autocomplete_fields = ("unit",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "dataset":  # any data set the user sees may be assigned to units they may change
            kwargs["queryset"] = DataSetAdmin(models.DataSet, self.admin_site).get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.DataValue)
class DataValueAdmin(ScopedAdmin):
    rule = READ_ONLY
    list_display = ("dataset", "element", "unit", "school_class", "student", "period", "number", "option")
    list_filter = ("dataset",)
    list_select_related = ("dataset", "element", "unit", "school_class", "student", "period__year", "option")


@admin.register(models.Submission)
class SubmissionAdmin(ScopedAdmin):
    rule = READ_ONLY
    list_display = ("dataset", "unit", "period", "state")
    list_filter = ("state", "dataset")
    list_select_related = ("dataset", "unit", "period__year")
