"""Rating schemes are configuration that superusers edit (bands, minimum group size, effective date)."""

from django.contrib import admin

from sapat.access.admin_scoping import SUPERUSER, ScopedAdmin

from .models import RatingScheme


@admin.register(RatingScheme)
class RatingSchemeAdmin(ScopedAdmin):
    rule = SUPERUSER
    list_display = ("code", "indicator", "method", "min_group_size", "effective_from")
    list_filter = ("method", "indicator")
    search_fields = ("code", "name_ru", "name_en")
