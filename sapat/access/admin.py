"""Logins, memberships and parent links in the admin: managed only where the editor may grant access.

See access/grants.py for the rule: an editor changes a login, and gives it roles, only when everything the
login reaches lies under the editor's units; the staff and superuser flags, groups and permissions stay with
superusers.
"""

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_tasks_db.models import DBTaskResult

from .admin_scoping import GRANTS, PRIVATE, ScopedAdmin, ScopedInline
from .grants import manageable_logins, may_manage_login
from .models import Membership, ParentLink, User
from .scope import scope_of

SUPERUSER_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined")


class MembershipInline(ScopedInline):
    """A login's roles on its own page: the parent object is the login."""

    model = Membership
    fk_name = "user"
    rule = GRANTS
    autocomplete_fields = ("unit",)

    def _may_change(self, request, obj) -> bool:
        if obj is None or scope_of(request.user).everything:
            return super()._may_change(request, None)
        return may_manage_login(request.user, obj)


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    """Logins, seen and changed by the roles that grant access, within their units (access/grants.py)."""

    rule = GRANTS
    rows_by_own_rule = True  # manageable_logins (access/grants.py): a login has no unit of its own
    fieldsets = (*DjangoUserAdmin.fieldsets, (None, {"fields": ("language",)}))
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=manageable_logins(request.user).values("pk"))

    def _may_change(self, request, obj) -> bool:
        if obj is None or scope_of(request.user).everything:
            return super()._may_change(request, None)
        return may_manage_login(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if request.user.is_superuser else (*readonly, *SUPERUSER_FIELDS)

    def save_model(self, request, obj, form, change):
        # The login's roles come with the inline forms: whether it is the editor's is judged after them.
        DjangoUserAdmin.save_model(self, request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not self._may_change(request, form.instance):
            raise PermissionDenied  # a login outside the editor's units; the admin's transaction rolls back


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    rule = GRANTS
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    autocomplete_fields = ("user", "unit", "association")
    search_fields = ("user__username", "unit__code")


@admin.register(ParentLink)
class ParentLinkAdmin(ScopedAdmin):
    rule = GRANTS
    list_display = ("user", "student")
    autocomplete_fields = ("user", "student")


def _private(model) -> None:
    """Re-register another app's admin of `model` (Django's groups, django-axes, django-auditlog, the task queue)
    for superusers only: groups carry model permissions, the logs people's addresses and every audited value,
    the queue's results the reports' arguments and errors."""
    original = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(model, type(original.__name__, (ScopedAdmin, original), {"rule": PRIVATE}))


for _model in [Group, AccessAttempt, AccessLog, AccessFailureLog, LogEntry, DBTaskResult]:
    _private(_model)
