"""The one scoping rule: which units, classes, students and staff a user may see and change.

Every page, the admin and the API narrow their querysets through `restrict()` (usually via
`Model.objects.for_user(user)`); an object outside the result answers 404, exactly like a missing one.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from sapat.core.querysets import ScopeRule, unscoped

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
    Role.METHODIST,
}
# Roles that may change the structure (classes, students, staff, units) under their unit.
MANAGING_ROLES = {Role.REGIONAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.DIRECTOR, Role.DEPUTY_ACADEMIC}
TEACHING_ROLES = {Role.CLASS_TEACHER, Role.SUBJECT_TEACHER, Role.CURATOR}
# A college's roles that see their college's own row and a part of it: a department, their own record.
PART_ROLES = {Role.HEAD_OF_DEPARTMENT, Role.STUDENT}
# Roles that may grant access under their unit: give logins roles there, link logins to staff and children.
GRANTING_ROLES = {Role.REGIONAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.DIRECTOR}


@dataclass(frozen=True)
class Scope:
    """What one user may reach; computed once per request from memberships, staff record and parent links."""

    everything: bool = False
    paths: frozenset[str] = frozenset()  # subtrees the user oversees
    managed_paths: frozenset[str] = frozenset()  # subtrees the user may change
    granting_paths: frozenset[str] = frozenset()  # subtrees where the user may grant access
    reference_countries: frozenset[str] = frozenset()  # countries whose reference data the user may change
    unit_ids: frozenset[int] = frozenset()  # units the user belongs to without overseeing them
    class_ids: frozenset[int] = frozenset()  # a teacher's classes
    student_ids: frozenset[int] = frozenset()  # a parent's children
    staff_ids: frozenset[int] = frozenset()  # the user's own staff record
    department_ids: frozenset[int] = frozenset()  # the college departments the user heads
    roles: frozenset[str] = field(default=frozenset())
    held: frozenset[tuple[str, str]] = frozenset()  # (role, unit path) of each membership
    countries: frozenset[str] = frozenset()  # of the units the user belongs to (their time zone)

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


@unscoped("building the user's scope from their memberships")
def _compute_scope(user) -> Scope:
    if user.is_superuser:
        return Scope(everything=True, roles=frozenset({"superuser"}))
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    roles = frozenset(m.role for m in memberships)
    paths = frozenset(m.unit.path for m in memberships if m.role in OVERSEEING_ROLES)
    managed = frozenset(m.unit.path for m in memberships if m.role in MANAGING_ROLES)
    granting = frozenset(m.unit.path for m in memberships if m.role in GRANTING_ROLES)
    officer_countries = frozenset(m.unit.country for m in memberships if m.role == Role.REGIONAL_OFFICER)
    member_units = {m.unit_id for m in memberships if m.role in TEACHING_ROLES | PART_ROLES}
    staff_ids, class_ids = _teaching_reach(user)
    department_staff, department_classes = _department_reach(memberships)
    children = list(
        ParentLink.objects.filter(user=user).values_list("student_id", "student__school_id", "student__school__country")
    )
    if children:
        roles |= {Role.PARENT}
    own = {m.student_id for m in memberships if m.role == Role.STUDENT and m.student_id}
    return Scope(
        paths=paths,
        managed_paths=managed,
        granting_paths=granting,
        reference_countries=officer_countries,
        unit_ids=frozenset(member_units | {school_id for _, school_id, _country in children}),
        class_ids=frozenset(class_ids | department_classes),
        student_ids=frozenset({student_id for student_id, _school, _country in children} | own),
        staff_ids=frozenset(staff_ids | department_staff),
        department_ids=frozenset(
            m.department_id for m in memberships if m.role == Role.HEAD_OF_DEPARTMENT and m.department_id
        ),
        roles=roles,
        held=frozenset((m.role, m.unit.path) for m in memberships),
        countries=frozenset({m.unit.country for m in memberships} | {country for *_, country in children}),
    )


def _teaching_reach(user) -> tuple[set[int], set[int]]:
    from sapat.structure.models import SchoolClass, Staff, TeachingAssignment

    staff_ids = set(Staff.objects.filter(user=user).values_list("id", flat=True))
    if not staff_ids:
        return set(), set()
    taught = TeachingAssignment.objects.filter(teacher_id__in=staff_ids).values_list("school_class_id", flat=True)
    # A class teacher's homeroom classes and a curator's study groups of every year, in one query.
    led = Q(class_teacher_id__in=staff_ids) | Q(group_year__group__curator_id__in=staff_ids)
    homeroom = SchoolClass.objects.filter(led).values_list("id", flat=True)
    return staff_ids, set(taught) | set(homeroom)


def _department_reach(memberships) -> tuple[set[int], set[int]]:
    """A head of department's reach: the classes of every year of the department's groups, and its staff."""
    from sapat.colleges.models import Department, GroupYear

    departments = {m.department_id for m in memberships if m.role == Role.HEAD_OF_DEPARTMENT and m.department_id}
    if not departments:
        return set(), set()
    classes = GroupYear.objects.filter(group__speciality__department_id__in=departments)
    teachers = Department.teachers.through.objects.filter(department_id__in=departments)
    heads = Department.objects.filter(pk__in=departments, head__isnull=False)
    staff = set(teachers.values_list("staff_id", flat=True)) | set(heads.values_list("head_id", flat=True))
    return staff, set(classes.values_list("school_class_id", flat=True))


def restrict(queryset: QuerySet, user, *, for_change: bool = False, for_grant: bool = False) -> QuerySet:
    """Narrow `queryset` to the rows `user` may see (with for_change: may change; with for_grant: may grant
    access through, i.e. rows under a unit where the user holds a granting role)."""
    scope = scope_of(user)
    if scope.everything:
        return _scoped(queryset)
    rule = getattr(queryset.model, "scope_rule", None)
    if not isinstance(rule, ScopeRule):
        raise ImproperlyConfigured(f"{queryset.model.__name__} declares no scope_rule and cannot be scoped.")
    if for_grant:
        condition = _condition(rule, scope, scope.granting_paths, grants=False)
    elif for_change:
        condition = _condition(rule, scope, scope.managed_paths, grants=False)
    else:
        condition = _condition(rule, scope, scope.paths, grants=True)
    if condition is None:
        return _scoped(queryset.none())
    if rule.multi_valued:
        return _scoped(queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk")))
    return _scoped(queryset.filter(condition))


def _scoped(queryset: QuerySet) -> QuerySet:
    """The one place that marks a queryset as narrowed (see core/querysets.py: scoping fails closed)."""
    mark = getattr(queryset, "mark_scoped", None)
    return mark() if mark else queryset


def _condition(rule: ScopeRule, scope: Scope, paths: frozenset[str], *, grants: bool) -> Q | None:
    parts = []
    if rule.path:
        parts += [Q(**{f"{rule.path}__startswith": path}) for path in sorted(paths)]
    if grants:
        grants_by_lookup = (
            (rule.unit, scope.unit_ids),
            (rule.school_class, scope.class_ids),
            (rule.student, scope.student_ids),
            (rule.staff, scope.staff_ids),
        )
        parts += [Q(**{f"{lookup}__in": sorted(ids)}) for lookup, ids in grants_by_lookup if lookup and ids]
    return reduce(or_, parts) if parts else None


def oversees(user, unit) -> bool:
    """Whether `user` sees everything under `unit` (and so may see its totals), not just the unit's own row."""
    scope = scope_of(user)
    return scope.everything or any(unit.path.startswith(path) for path in scope.paths)


@unscoped("the highest unit the user's own scope names under a unit (a unit of theirs)")
def overseen_part(user, unit):
    """`unit` itself when `user` oversees it, else the highest unit under it that they oversee (a coordinator's
    district under a region), else None: where a group of schools owned by `unit` is counted for them."""
    from sapat.structure.models import OrgUnit

    if oversees(user, unit):
        return unit
    paths = sorted((p for p in scope_of(user).paths if p.startswith(unit.path)), key=len)
    return OrgUnit.objects.filter(path=paths[0]).first() if paths else None


@unscoped("the highest unit above a school that the user's own scope names (a unit of theirs)")
def overseen_above(user, school):
    """The highest unit above `school` that `user` oversees (the region for its officer, the district for its
    coordinator), or None: where a group around the school (its tutor group) is counted for them."""
    return next((ancestor for ancestor in school.ancestors() if oversees(user, ancestor)), None)


def oversees_department(user, department) -> bool:
    """Whether `user` sees a college department's totals (its dashboard): who oversees the college, or its head.
    A curator, a teacher or a student of the department reaches its row, never its totals."""
    return oversees(user, department.college) or department.pk in scope_of(user).department_ids


def can_change(user, obj) -> bool:
    """Whether `user` may change `obj` (a row of a scoped model)."""
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, for_change=True).exists()


def may_grant(user, obj) -> bool:
    """Whether `user` may grant access through `obj` (a row of a scoped model, e.g. a unit, a student)."""
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, for_grant=True).exists()
