"""Who may enter, submit and approve a data set's values: the scoping rule (access.scope) applied to data sets.

Entering (and submitting) is for the roles the data set names, in the unit that reports it or above it; a
teacher's roles reach only their own classes. Approving, returning and reopening is for the level above: a
district coordinator or a regional officer whose unit lies strictly above the reporting unit (a school cannot
approve itself, a district cannot approve another district's schools).
"""

from sapat.access.models import Role
from sapat.access.scope import TEACHING_ROLES, scope_of
from sapat.structure.models import OrgUnit, SchoolClass

from .models import DataSet

DEFAULT_ENTRY_ROLES = {
    DataSet.Level.REGION: {Role.REGIONAL_OFFICER},
    DataSet.Level.DISTRICT: {Role.DISTRICT_COORDINATOR},
    DataSet.Level.SCHOOL: {Role.DIRECTOR, Role.DEPUTY_ACADEMIC, Role.DEPUTY_UPBRINGING},
    DataSet.Level.CLASS: {Role.DIRECTOR, Role.DEPUTY_ACADEMIC, Role.DEPUTY_UPBRINGING},
    DataSet.Level.STUDENT: {Role.DIRECTOR, Role.DEPUTY_ACADEMIC, Role.DEPUTY_UPBRINGING},
}
APPROVING_ROLES = {Role.REGIONAL_OFFICER, Role.DISTRICT_COORDINATOR}


def entry_roles(dataset: DataSet) -> set[str]:
    return set(dataset.entry_roles or ()) or DEFAULT_ENTRY_ROLES[dataset.level]


def _held(user) -> frozenset[tuple[str, str]]:
    """(role, unit path) of the user's memberships, from their scope (built once per request)."""
    return scope_of(user).held


def may_enter(user, dataset: DataSet, unit: OrgUnit, school_class: SchoolClass | None = None) -> bool:
    """Whether `user` may enter values of `dataset` for `unit` (and, for a class or its students, that class)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = entry_roles(dataset)
    for role, path in _held(user):
        if role not in roles or not unit.path.startswith(path):
            continue
        if role not in TEACHING_ROLES:
            return True
        if school_class is not None and school_class.pk in scope_of(user).class_ids:
            return True
    return False


def classes_entered_by(user, dataset: DataSet, classes) -> list:
    """The classes among `classes` whose values `user` may enter (a teacher: only their own)."""
    return [c for c in classes if may_enter(user, dataset, c.school, c)]


def may_approve(user, unit: OrgUnit) -> bool:
    """Whether `user` may approve, return and reopen what `unit` submitted: the level above it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        role in APPROVING_ROLES and unit.path.startswith(path) and unit.path != path for role, path in _held(user)
    )
