"""What the top menu offers a user, by their roles: a parent sees no journal and no import or export, and the
administration is offered only to who may change something in it (the admin's own list of models, with add
or change permission). Read once per request from the scope that the pages compute anyway."""

from functools import cached_property

from django.contrib import admin

from sapat.access.models import Role
from sapat.access.scope import scope_of

# Roles that enter marks or control works, or head those who do.
JOURNAL_ROLES = {Role.DIRECTOR, Role.DEPUTY_ACADEMIC, Role.DEPUTY_UPBRINGING, Role.MO_HEAD, Role.CLASS_TEACHER,
                 Role.SUBJECT_TEACHER}  # fmt: skip


class Menu:
    """The menu's entries for the request's user, each worked out only when the page shows it."""

    def __init__(self, request):
        self.request = request
        self.user = request.user

    @cached_property
    def journal(self) -> bool:
        scope = scope_of(self.user)
        return scope.everything or bool(scope.roles & JOURNAL_ROLES) or bool(scope.staff_ids)

    @cached_property
    def transfer(self) -> bool:
        """Import and export: everyone with a role in a school or above, never a parent alone."""
        scope = scope_of(self.user)
        return scope.everything or bool(scope.roles - {Role.PARENT}) or bool(scope.staff_ids)

    @cached_property
    def departments(self) -> list[tuple[str, str]]:
        """The dashboards of the college departments the user heads (docs/colleges.md)."""
        from django.urls import reverse

        from sapat.colleges.models import Department

        ids = scope_of(self.user).department_ids
        if not ids:
            return []
        found = Department.objects.for_user(self.user).filter(pk__in=ids).order_by("code")
        return [(department.name, reverse("dashboards:department", args=[department.pk])) for department in found]

    @cached_property
    def admin(self) -> bool:
        return may_change_in_admin(self.request)


def may_change_in_admin(request) -> bool:
    """Whether the admin holds anything the user may add or change (viewing alone is what the pages are for)."""
    if not (request.user.is_active and request.user.is_staff):
        return False
    models = (model for app in admin.site.get_app_list(request) for model in app["models"])
    return any(model["perms"].get("change") or model["perms"].get("add") for model in models)


def menu(request) -> dict:
    """The context processor: `menu.journal`, `menu.transfer`, `menu.admin` in every template."""
    return {"menu": Menu(request) if getattr(request, "user", None) and request.user.is_authenticated else None}
