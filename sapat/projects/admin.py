from django.contrib import admin

from sapat.access.admin_scoping import ScopedAdmin, ScopedInline

from . import models


class MemberInline(ScopedInline):
    model = models.ProjectSchool
    autocomplete_fields = ("school",)


class CoordinatorInline(ScopedInline):
    model = models.ProjectCoordinator
    autocomplete_fields = ("district", "user")


class TutorInline(ScopedInline):
    model = models.ProjectTutor
    autocomplete_fields = ("tutor", "school")


@admin.register(models.Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ("code", "name", "owner", "order_number", "order_date", "starts_on", "ends_on")
    search_fields = ("code", "name_ru", "name_kk", "name_ky", "name_en")
    autocomplete_fields = ("owner",)
    inlines = [MemberInline, CoordinatorInline, TutorInline]
