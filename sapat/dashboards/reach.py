"""Who may open which dashboard, and which dashboard is a person's own.

Every object is fetched through the one scoping rule (sapat.access.scope.restrict + get_object_or_404), so
another unit's object answers 404 like a missing one. A unit's dashboard shows the figures of everything
under it, so it needs more than seeing the unit's row: the user must oversee the unit (a role held in it or
above it: sapat.access.scope.oversees). A teacher sees the school's row but not its whole figures: they reach
their classes and their own teacher dashboard; a parent reaches their child's dashboard.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from sapat.access.models import Role
from sapat.access.scope import overseen_above, overseen_part, oversees, oversees_department, restrict, scope_of
from sapat.colleges.vocabulary import words_for
from sapat.core.querysets import unscoped
from sapat.structure.models import OrgUnit, SchoolClass, Staff, Student


def unit_for(user, code: str) -> OrgUnit:
    unit = get_object_or_404(restrict(OrgUnit.objects.all(), user), code=code)
    if not oversees(user, unit):
        raise Http404
    return unit


def class_for(user, pk: int) -> SchoolClass:
    queryset = SchoolClass.objects.select_related("school", "year", "class_teacher")
    return get_object_or_404(restrict(queryset, user), pk=pk)


def student_for(user, pk: int) -> Student:
    return get_object_or_404(restrict(Student.objects.select_related("school"), user), pk=pk)


def teacher_for(user, pk: int) -> Staff:
    return get_object_or_404(restrict(Staff.objects.select_related("school"), user), pk=pk)


def department_for(user, pk: int):
    """A college department whose dashboard the user may read; the same 404 as a missing one otherwise."""
    from sapat.colleges.models import Department

    found = get_object_or_404(Department.objects.for_user(user).select_related("college"), pk=pk)
    if not oversees_department(user, found):
        raise Http404
    return found


def project_for(user, code: str):
    """A project and the unit its dashboard is counted in, for whoever may open the project's page and oversees
    that unit (the project's own unit, else the highest unit under it in their scope: docs/projects.md); the
    same 404 as a missing project otherwise (a teacher of a member school sees the page, not the figures)."""
    from sapat.projects.selectors import counted_unit, visible_projects

    project = get_object_or_404(visible_projects(user).select_related("owner"), code=code)
    return project, _counted(counted_unit(project, user))


def tutor_group_for(user, code: str):
    """A tutor school and the unit its group is counted in: the highest unit above the school the user oversees
    (its district for the district's coordinator, the region for its officer). A school that tutors none, or a
    reader who oversees only the school itself, gets the same 404 as a missing school."""
    from sapat.projects.selectors import tutors_any

    tutor = get_object_or_404(restrict(OrgUnit.objects.schools(), user), code=code)
    if not tutors_any(tutor):
        raise Http404
    return tutor, _counted(overseen_above(user, tutor))


@unscoped("a named group's row is read to find where it is counted; overseen_part then decides, failing closed")
def unit_group_for(user, code: str):
    """A named group of units and the unit it is counted in: the group's owner for whoever oversees it, else the
    highest unit under it in the reader's scope (a coordinator's district under the region's group)."""
    from sapat.structure.models import UnitGroup

    group = get_object_or_404(UnitGroup.objects.select_related("owner"), code=code)
    return group, _counted(overseen_part(user, group.owner))


def _counted(unit: OrgUnit | None) -> OrgUnit:
    if unit is None:
        raise Http404
    return unit


def may_see_class(user, school_class: SchoolClass) -> bool:
    return restrict(SchoolClass.objects.filter(pk=school_class.pk), user).exists()


# Landing: each person's own dashboards, the most useful first ----------------------------------------------

LEVEL_ORDER = {OrgUnit.Kind.REGION: 0, OrgUnit.Kind.DISTRICT: 1, OrgUnit.Kind.SCHOOL: 2}
UNIT_ROLES = (Role.REGIONAL_OFFICER, Role.DISTRICT_COORDINATOR, Role.DIRECTOR, Role.DEPUTY_ACADEMIC,
              Role.DEPUTY_UPBRINGING, Role.PSYCHOLOGIST, Role.METHODIST)  # fmt: skip


def own_dashboards(user) -> list[tuple[str, str]]:
    """(label, url) of the user's own dashboards: region, district or school of their roles; a head of a
    methodical association's school on each of their subjects; a class teacher's class; a teacher's own
    dashboard; a parent's children. Highest level first."""
    if scope_of(user).everything:
        roots = OrgUnit.objects.filter(parent__isnull=True).order_by("code")
        return [(root.name, reverse("dashboards:unit", args=[root.code])) for root in roots]
    memberships = user.memberships.select_related("unit", "association", "department", "student")
    found = _unit_dashboards(memberships) + _department_dashboards(memberships) + _subject_dashboards(memberships)
    found += _project_dashboards(user)
    return found + _teacher_dashboards(user) + _children_dashboards(user) + _own_record_dashboards(memberships)


def _project_dashboards(user) -> list[tuple[str, str]]:
    """The projects the user coordinates in a district (ProjectCoordinator.user) and may open."""
    from sapat.projects.selectors import visible_projects

    projects = visible_projects(user).filter(coordinators__user=user).distinct().order_by("code")
    return [(project.name, reverse("dashboards:project", args=[project.code])) for project in projects]


def _department_dashboards(memberships) -> list[tuple[str, str]]:
    """A head of department's department (docs/colleges.md)."""
    return [
        (m.department.name, reverse("dashboards:department", args=[m.department_id]))
        for m in memberships
        if m.role == Role.HEAD_OF_DEPARTMENT and m.department_id
    ]


def _own_record_dashboards(memberships) -> list[tuple[str, str]]:
    """A college student's own marks."""
    return [
        (m.student.full_name, reverse("dashboards:student", args=[m.student_id]))
        for m in memberships
        if m.role == Role.STUDENT and m.student_id
    ]


def _unit_dashboards(memberships) -> list[tuple[str, str]]:
    held = sorted(
        (m for m in memberships if m.role in UNIT_ROLES), key=lambda m: (LEVEL_ORDER[m.unit.kind], m.unit.path)
    )
    seen, found = set(), []
    for membership in held:
        if membership.unit_id not in seen:
            seen.add(membership.unit_id)
            found.append((membership.unit.name, reverse("dashboards:unit", args=[membership.unit.code])))
    return found


def _subject_dashboards(memberships) -> list[tuple[str, str]]:
    found = []
    for membership in (m for m in memberships if m.role == Role.MO_HEAD and m.association_id):
        url = reverse("dashboards:unit", args=[membership.unit.code])
        for subject in membership.association.subjects.order_by("code"):
            found.append((f"{membership.unit.name}: {subject.name}", f"{url}?subject={subject.code}"))
    return found


def _teacher_dashboards(user) -> list[tuple[str, str]]:
    staff = restrict(Staff.objects.filter(user=user), user).first()  # their own record, in their scope
    if staff is None:
        return []
    found = []
    homeroom = staff.homeroom_classes.select_related("year", "school").order_by("-year__code").first()
    if homeroom is not None:
        label = words_for(homeroom)("class_n", name=homeroom.name)
        found.append((label, reverse("dashboards:class", args=[homeroom.pk])))
    if staff.assignments.exists():
        found.append((words_for(staff)["my_classes"], reverse("dashboards:teacher", args=[staff.pk])))
    return found


def _children_dashboards(user) -> list[tuple[str, str]]:
    links = user.children_links.select_related("student").order_by("student__last_name")
    return [(link.student.full_name, reverse("dashboards:student", args=[link.student_id])) for link in links]
