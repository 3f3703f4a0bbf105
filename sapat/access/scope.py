"""The one scoping rule: which units, classes, students and staff a user may see and change.

Every page, the admin and the API narrow their querysets through `restrict()` (usually via
`Model.objects.for_user(user)`); an object outside the result answers 404, exactly like a missing one.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from sapat.core.querysets import ScopeRule

from .models import Membership, ParentLink, Role

# Roles that see everything under the unit they hold the role in.
OVERSEEING_ROLES = {
    Role.REGIONAL_OFFICER,
    Role.DISTRICT_COORDINATOR,
    Role.DIRECTOR,
    Role.DEPUTY_ACADEMIC,
    Role.DEPUTY_UPBRINGING,
    Role.MO_HEAD,
    Role.PSYCHOLOGIST,
}
# Roles that may change the structure (classes, students, staff, units) under their unit.
MANAGING_ROLES = {Role.REGIONAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.DIRECTOR, Role.DEPUTY_ACADEMIC}
TEACHING_ROLES = {Role.CLASS_TEACHER, Role.SUBJECT_TEACHER}


@dataclass(frozen=True)
class Scope:
    """What one user may reach; computed once per request from memberships, staff record and parent links."""

    everything: bool = False
    paths: frozenset[str] = frozenset()  # subtrees the user oversees
    managed_paths: frozenset[str] = frozenset()  # subtrees the user may change
    unit_ids: frozenset[int] = frozenset()  # units the user belongs to without overseeing them
    class_ids: frozenset[int] = frozenset()  # a teacher's classes
    student_ids: frozenset[int] = frozenset()  # a parent's children
    staff_ids: frozenset[int] = frozenset()  # the user's own staff record
    roles: frozenset[str] = field(default=frozenset())

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.paths or self.unit_ids or self.class_ids or self.student_ids)


NO_SCOPE = Scope()


def scope_of(user) -> Scope:
    """The user's scope, cached on the user object for the length of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_sapat_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        user._sapat_scope = cached
    return cached


def forget_scope(user) -> None:
    """Drop the cached scope after the user's memberships changed."""
    user.__dict__.pop("_sapat_scope", None)


def _compute_scope(user) -> Scope:
    if user.is_superuser:
        return Scope(everything=True, roles=frozenset({"superuser"}))
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    roles = frozenset(m.role for m in memberships)
    paths = frozenset(m.unit.path for m in memberships if m.role in OVERSEEING_ROLES)
    managed = frozenset(m.unit.path for m in memberships if m.role in MANAGING_ROLES)
    teaching_units = {m.unit_id for m in memberships if m.role in TEACHING_ROLES}
    staff_ids, class_ids = _teaching_reach(user)
    children = list(ParentLink.objects.filter(user=user).values_list("student_id", "student__school_id"))
    if children:
        roles |= {Role.PARENT}
    return Scope(
        paths=paths,
        managed_paths=managed,
        unit_ids=frozenset(teaching_units | {school_id for _, school_id in children}),
        class_ids=frozenset(class_ids),
        student_ids=frozenset(student_id for student_id, _ in children),
        staff_ids=frozenset(staff_ids),
        roles=roles,
    )


def _teaching_reach(user) -> tuple[set[int], set[int]]:
    from sapat.structure.models import SchoolClass, Staff, TeachingAssignment

    staff_ids = set(Staff.objects.filter(user=user).values_list("id", flat=True))
    if not staff_ids:
        return set(), set()
    taught = TeachingAssignment.objects.filter(teacher_id__in=staff_ids).values_list("school_class_id", flat=True)
    homeroom = SchoolClass.objects.filter(class_teacher_id__in=staff_ids).values_list("id", flat=True)
    return staff_ids, set(taught) | set(homeroom)


def restrict(queryset: QuerySet, user, *, for_change: bool = False) -> QuerySet:
    """Narrow `queryset` to the rows `user` may see (or, with for_change, may change)."""
    scope = scope_of(user)
    if scope.everything:
        return queryset
    rule = getattr(queryset.model, "scope_rule", None)
    if not isinstance(rule, ScopeRule):
        raise ImproperlyConfigured(f"{queryset.model.__name__} declares no scope_rule and cannot be scoped.")
    condition = _condition(rule, scope, for_change)
    if condition is None:
        return queryset.none()
    if rule.multi_valued:
        return queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def _condition(rule: ScopeRule, scope: Scope, for_change: bool) -> Q | None:
    parts = []
    paths = scope.managed_paths if for_change else scope.paths
    if rule.path:
        parts += [Q(**{f"{rule.path}__startswith": path}) for path in sorted(paths)]
    if not for_change:
        grants = (
            (rule.unit, scope.unit_ids),
            (rule.school_class, scope.class_ids),
            (rule.student, scope.student_ids),
            (rule.staff, scope.staff_ids),
        )
        parts += [Q(**{f"{lookup}__in": sorted(ids)}) for lookup, ids in grants if lookup and ids]
    return reduce(or_, parts) if parts else None


def oversees(user, unit) -> bool:
    """Whether `user` sees everything under `unit` (and so may see its totals), not just the unit's own row."""
    scope = scope_of(user)
    return scope.everything or any(unit.path.startswith(path) for path in scope.paths)


def can_change(user, obj) -> bool:
    """Whether `user` may change `obj` (a row of a scoped model)."""
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, for_change=True).exists()
