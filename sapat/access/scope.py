"""The one scoping rule: which units, classes, students and staff a user may see and change.

Every page, the admin and the API narrow their querysets through `restrict()` (usually via
`Model.objects.for_user(user)`); an object outside the result answers 404, exactly like a missing one.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
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
    # (class id, subject id) of the user's teaching assignments, and of their department's teachers for its head
    taught: frozenset[tuple[int, int]] = frozenset()
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
    facts = _scope_facts(user.pk)
    memberships = facts["membership"]
    roles = frozenset(m.role for m in memberships)
    paths = frozenset(m.path for m in memberships if m.role in OVERSEEING_ROLES)
    managed = frozenset(m.path for m in memberships if m.role in MANAGING_ROLES)
    granting = frozenset(m.path for m in memberships if m.role in GRANTING_ROLES)
    officer_countries = frozenset(m.country for m in memberships if m.role == Role.REGIONAL_OFFICER)
    member_units = {m.unit_id for m in memberships if m.role in TEACHING_ROLES | PART_ROLES}
    department_staff, department_classes, department_taught = _department_reach(memberships)
    children = facts["child"]
    if children:
        roles |= {Role.PARENT}
    own = {m.student_id for m in memberships if m.role == Role.STUDENT and m.student_id}
    return Scope(
        paths=paths,
        managed_paths=managed,
        granting_paths=granting,
        reference_countries=officer_countries,
        unit_ids=frozenset(member_units | {child.unit_id for child in children}),
        class_ids=frozenset({row.unit_id for row in facts["class"]} | department_classes),
        taught=frozenset(
            {(row.unit_id, row.subject_id) for row in facts["class"] if row.subject_id} | department_taught
        ),
        student_ids=frozenset({child.student_id for child in children} | own),
        staff_ids=frozenset({row.unit_id for row in facts["staff"]} | department_staff),
        department_ids=frozenset(
            m.department_id for m in memberships if m.role == Role.HEAD_OF_DEPARTMENT and m.department_id
        ),
        roles=roles,
        held=frozenset((m.role, m.path) for m in memberships),
        countries=frozenset({m.country for m in memberships} | {child.country for child in children}),
    )


class _Fact(NamedTuple):
    """A row of `_scope_facts`: what is named depends on its kind (see there)."""

    kind: str
    role: str | None
    path: str | None
    country: str | None
    unit_id: int | None
    department_id: int | None
    student_id: int | None
    subject_id: int | None


def _scope_facts(user_id: int) -> dict[str, list[_Fact]]:
    """Everything a scope is built from, in one statement (a scope is built on every request, so its five
    lookups cost a fifth of a journal save): each membership with its unit's path and country
    ("membership"), the user's staff records ("staff", the id in unit_id), the classes they teach (with the
    subject), lead as class teacher or curate as a college group's curator ("class", the id in unit_id), and
    their children ("child": the student, their school in unit_id, its country)."""
    from sapat.colleges.models import GroupYear, StudyGroup
    from sapat.structure.models import OrgUnit, SchoolClass, Staff, Student, TeachingAssignment

    table = {model: model._meta.db_table for model in (
        Membership, ParentLink, OrgUnit, Staff, TeachingAssignment, SchoolClass, GroupYear, StudyGroup, Student,
    )}  # fmt: skip
    staff_of_user = f"SELECT id FROM {table[Staff]} WHERE user_id = %s"  # noqa: S608 - as below
    sql = f"""
        SELECT 'membership', m.role, u.path, u.country, m.unit_id, m.department_id, m.student_id,
               CAST(NULL AS BIGINT)
          FROM {table[Membership]} m JOIN {table[OrgUnit]} u ON u.id = m.unit_id WHERE m.user_id = %s
        UNION ALL SELECT 'staff', NULL, NULL, NULL, id, NULL, NULL, NULL FROM {table[Staff]} WHERE user_id = %s
        UNION ALL SELECT 'class', NULL, NULL, NULL, school_class_id, NULL, NULL, subject_id
          FROM {table[TeachingAssignment]} WHERE teacher_id IN ({staff_of_user})
        UNION ALL SELECT 'class', NULL, NULL, NULL, id, NULL, NULL, NULL FROM {table[SchoolClass]}
          WHERE class_teacher_id IN ({staff_of_user})
        UNION ALL SELECT 'class', NULL, NULL, NULL, y.school_class_id, NULL, NULL, NULL
          FROM {table[GroupYear]} y JOIN {table[StudyGroup]} g ON g.id = y.group_id
          WHERE g.curator_id IN ({staff_of_user})
        UNION ALL SELECT 'child', NULL, NULL, u.country, s.school_id, NULL, l.student_id, NULL
          FROM {table[ParentLink]} l JOIN {table[Student]} s ON s.id = l.student_id
          JOIN {table[OrgUnit]} u ON u.id = s.school_id WHERE l.user_id = %s
    """  # noqa: S608 - the table names are the models' own; the user id is a parameter
    facts: dict[str, list[_Fact]] = {"membership": [], "staff": [], "class": [], "child": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id] * 6)
        for row in cursor.fetchall():
            facts[row[0]].append(_Fact(*row))
    return facts


def _department_reach(memberships) -> tuple[set[int], set[int], set[tuple[int, int]]]:
    """A head of department's reach: the classes of every year of the department's groups, its staff, and the
    (class, subject) pairs those staff teach (the journals the head opens from the department's dashboard)."""
    from sapat.colleges.models import Department, GroupYear
    from sapat.structure.models import TeachingAssignment

    departments = {m.department_id for m in memberships if m.role == Role.HEAD_OF_DEPARTMENT and m.department_id}
    if not departments:
        return set(), set(), set()
    classes = GroupYear.objects.filter(group__speciality__department_id__in=departments)
    teachers = Department.teachers.through.objects.filter(department_id__in=departments)
    heads = Department.objects.filter(pk__in=departments, head__isnull=False)
    staff = set(teachers.values_list("staff_id", flat=True)) | set(heads.values_list("head_id", flat=True))
    taught = TeachingAssignment.objects.filter(teacher_id__in=staff).values_list("school_class_id", "subject_id")
    return staff, set(classes.values_list("school_class_id", flat=True)), set(taught)


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
