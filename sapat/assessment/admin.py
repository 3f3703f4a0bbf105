"""Grading schemes are a country's reference data; marks, scores and results are read-only here.

Marks and scores change only through the services (period_marks_save, scores_save and the loaders), which
validate a whole batch, refresh the summaries and write the audit: an admin edit would do none of that.
"""

from django.contrib import admin

from sapat.access.admin_scoping import COUNTRY, READ_ONLY, ScopedAdmin, ScopedInline

from . import models


@admin.register(models.GradingScheme)
class GradingSchemeAdmin(ScopedAdmin):
    """Changed by a superuser or a regional officer of the scheme's country."""

    rule = COUNTRY
    list_display = ("code", "country", "kind", "grade_from", "grade_to", "effective_from")
    list_filter = ("country", "kind")
    search_fields = ("code",)


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Rows narrowed to the user's scope, shown but never added, changed or deleted here."""

    rule = READ_ONLY


@admin.register(models.PeriodMark)
class PeriodMarkAdmin(ReadOnlyScopedAdmin):
    list_display = ("student", "school_class", "subject", "period", "value", "derived", "changed_at")
    list_filter = ("period__code", "value", "derived", "year")
    list_select_related = ("student", "school_class", "subject", "period__year")
    search_fields = ("student__last_name", "student__code", "school__code")


@admin.register(models.Score)
class ScoreAdmin(ReadOnlyScopedAdmin):
    list_display = ("student", "school_class", "subject", "period", "kind", "number", "score", "max_score")
    list_filter = ("period__code", "kind", "year")
    list_select_related = ("student", "school_class", "subject", "period__year")
    search_fields = ("student__last_name", "student__code", "school__code")


class ControlTaskInline(ScopedInline):
    model = models.ControlTask
    rule = READ_ONLY


@admin.register(models.ControlWork)
class ControlWorkAdmin(ReadOnlyScopedAdmin):
    list_display = ("code", "school_class", "subject", "kind", "written_on", "max_score")
    list_filter = ("kind", "year")
    list_select_related = ("school_class", "subject")
    search_fields = ("code", "school__code", "topic")
    inlines = [ControlTaskInline]


@admin.register(models.ControlResult)
class ControlResultAdmin(ReadOnlyScopedAdmin):
    list_display = ("work", "student", "score", "mark")
    list_filter = ("mark", "work__kind")
    list_select_related = ("work__school_class", "work__subject", "student")
    search_fields = ("student__last_name", "student__code", "work__code")


@admin.register(models.ExternalTest)
class ExternalTestAdmin(ReadOnlyScopedAdmin):
    """A national test's definition (its code, dates, maximum and thresholds) belongs to no unit: every admin
    user sees every one, by this admin's own rule; its results are narrowed by the scope."""

    rows_by_own_rule = True
    list_display = ("code", "kind", "year", "held_on", "max_score", "threshold")

    def get_queryset(self, request):
        return admin.ModelAdmin.get_queryset(self, request)  # reference data: no scope_rule, every row

    list_filter = ("kind", "year")
    search_fields = ("code",)


@admin.register(models.ExternalResult)
class ExternalResultAdmin(ReadOnlyScopedAdmin):
    list_display = ("test", "student", "school", "score")
    list_filter = ("test__kind", "test")
    list_select_related = ("test", "student", "school")
    search_fields = ("student__last_name", "student__code", "test__code")
