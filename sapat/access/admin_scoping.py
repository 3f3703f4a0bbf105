"""The admin goes through the same scoping rule as the pages: lists, edits and choices are all narrowed."""

from django.contrib import admin

from .scope import can_change, restrict


def _scoped(queryset, user):
    return restrict(queryset, user) if hasattr(queryset.model, "scope_rule") else queryset


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows, foreign-key choices and permissions follow the user's scope."""

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_change(request.user, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", _scoped(db_field.remote_field.model._default_manager.all(), request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", _scoped(db_field.remote_field.model._default_manager.all(), request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInline(admin.TabularInline):
    extra = 0

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request.user)
