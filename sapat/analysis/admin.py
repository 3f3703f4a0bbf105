"""Rating schemes are configuration that superusers edit (bands, minimum group size, effective date)."""

from django.contrib import admin

from .models import RatingScheme


@admin.register(RatingScheme)
class RatingSchemeAdmin(admin.ModelAdmin):
    list_display = ("code", "indicator", "method", "min_group_size", "effective_from")
    list_filter = ("method", "indicator")
    search_fields = ("code", "name_ru", "name_en")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
