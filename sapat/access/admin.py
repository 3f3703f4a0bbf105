from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .admin_scoping import ScopedAdmin
from .models import Membership, ParentLink, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Logins are managed by superusers only: a login can be given any scope."""

    fieldsets = (*DjangoUserAdmin.fieldsets, (None, {"fields": ("language",)}))
    inlines = [MembershipInline]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_module_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    autocomplete_fields = ("user", "unit", "association")
    search_fields = ("user__username", "unit__code")


@admin.register(ParentLink)
class ParentLinkAdmin(ScopedAdmin):
    list_display = ("user", "student")
    autocomplete_fields = ("user", "student")
