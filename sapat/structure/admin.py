"""The structure in the admin: units, classes, students and staff by the scoping rule; the calendar and the
subjects' hours as reference data of a country; the subjects themselves for superusers (access/admin_scoping.py)."""

from django.contrib import admin

from sapat.access.admin_scoping import COUNTRY, SUPERUSER, ScopedAdmin, ScopedInline
from sapat.access.scope import may_grant, scope_of

from . import models

NAME_FIELDS = ("name_ky", "name_kk", "name_ru", "name_en")


@admin.register(models.OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "school_kind", "settlement", "country", "parent")
    list_filter = ("kind", "country", "school_kind", "settlement", "groups")
    search_fields = ("code", *NAME_FIELDS)
    autocomplete_fields = ("parent", "tutor")
    filter_horizontal = ("groups",)

    def get_readonly_fields(self, request, obj=None):
        """A unit moves, or changes its kind or country, only for someone who may change the unit above it."""
        readonly = super().get_readonly_fields(request, obj)
        if obj is None or obj.parent is None or self._may_change(request, obj.parent):
            return readonly
        return (*readonly, "parent", "kind", "country", "code")


@admin.register(models.UnitGroup)
class UnitGroupAdmin(ScopedAdmin):
    list_display = ("code", "name", "owner")
    search_fields = ("code", *NAME_FIELDS)


class PeriodInline(ScopedInline):
    model = models.Period
    rule = COUNTRY


@admin.register(models.AcademicYear)
class AcademicYearAdmin(ScopedAdmin):
    rule = COUNTRY
    list_display = ("code", "country", "starts_on", "ends_on")
    list_filter = ("country",)
    inlines = [PeriodInline]


@admin.register(models.Subject)
class SubjectAdmin(ScopedAdmin):
    """Subjects are shared by both countries: only a superuser changes them."""

    rule = SUPERUSER
    list_display = ("code", "name")
    search_fields = ("code", *NAME_FIELDS)


@admin.register(models.SubjectGrade)
class SubjectGradeAdmin(ScopedAdmin):
    rule = COUNTRY
    list_display = ("subject", "country", "grade", "hours_per_week")
    list_filter = ("country", "grade")


class EnrolmentInline(ScopedInline):
    model = models.Enrolment
    autocomplete_fields = ("student",)


class AssignmentInline(ScopedInline):
    model = models.TeachingAssignment
    autocomplete_fields = ("teacher",)


@admin.register(models.SchoolClass)
class SchoolClassAdmin(ScopedAdmin):
    list_display = ("name", "school", "year", "class_teacher")
    list_filter = ("year", "grade")
    search_fields = ("school__code", "letter")
    autocomplete_fields = ("school", "class_teacher")
    inlines = [EnrolmentInline, AssignmentInline]


@admin.register(models.Student)
class StudentAdmin(ScopedAdmin):
    list_display = ("full_name", "code", "school", "gender")
    search_fields = ("last_name", "first_name", "code")
    autocomplete_fields = ("school",)


@admin.register(models.Enrolment)
class EnrolmentAdmin(ScopedAdmin):
    list_display = ("student", "school_class", "starts_on", "ends_on")
    autocomplete_fields = ("student", "school_class")


class CategoryInline(ScopedInline):
    model = models.CategoryRecord


@admin.register(models.Staff)
class StaffAdmin(ScopedAdmin):
    list_display = ("full_name", "school", "position", "teaching_since")
    list_filter = ("position",)
    search_fields = ("last_name", "first_name")
    autocomplete_fields = ("school", "user")
    inlines = [CategoryInline]

    def get_readonly_fields(self, request, obj=None):
        """The link to a login gives access: only those who may grant it at the school change it."""
        readonly = super().get_readonly_fields(request, obj)
        scope = scope_of(request.user)
        allowed = scope.everything or (may_grant(request.user, obj) if obj else bool(scope.granting_paths))
        return readonly if allowed else (*readonly, "user")


@admin.register(models.CategoryRecord)
class CategoryRecordAdmin(ScopedAdmin):
    list_display = ("staff", "category", "awarded_on", "valid_until")
    list_filter = ("category",)
    autocomplete_fields = ("staff",)


@admin.register(models.TeachingAssignment)
class TeachingAssignmentAdmin(ScopedAdmin):
    list_display = ("teacher", "school_class", "subject")
    autocomplete_fields = ("teacher", "school_class", "subject")


@admin.register(models.MethodicalAssociation)
class MethodicalAssociationAdmin(ScopedAdmin):
    list_display = ("name", "school", "head")
    search_fields = NAME_FIELDS
    autocomplete_fields = ("school", "head")
    filter_horizontal = ("subjects", "members")
