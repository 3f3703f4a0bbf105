"""Reads of projects: which schools were members on a day, the groups of schools the breakdowns `project` and
`tutor_group` compare (with the dates of membership and attachment), and what a project's page shows."""

import datetime

from django.db.models import Q

from sapat.core.querysets import unscoped

from .models import Project, ProjectSchool, ProjectTutor


def members_on(on: datetime.date):
    """The memberships in force on a day: joined on or before it, not left by then."""
    return ProjectSchool.objects.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


@unscoped("the breakdown `project`: memberships within a unit the caller checked the user oversees")
def project_groups(unit, on: datetime.date) -> dict[int, list[int]]:
    """{project id: [ids of its member schools in `unit`'s subtree on the day]}; a project without members there
    has no group."""
    groups: dict[int, list[int]] = {}
    rows = members_on(on).filter(school__path__startswith=unit.path).values_list("project_id", "school_id")
    for project_id, school_id in rows.order_by("project_id", "school__path"):
        groups.setdefault(project_id, []).append(school_id)
    return groups


@unscoped("the codes and names of the projects of a breakdown the caller asked for")
def project_labels(keys) -> dict:
    return {p.pk: (p.code, p.name) for p in Project.objects.filter(pk__in=keys)}


def tutors_on(on: datetime.date):
    """The attachments of schools to tutor schools within projects in force on a day."""
    attached = ProjectTutor.objects.filter(from_on__lte=on)
    return attached.filter(Q(until_on__isnull=True) | Q(until_on__gt=on))


@unscoped("the breakdown `tutor_group`: attachments within a unit the caller checked the user oversees")
def tutor_groups(unit, on: datetime.date) -> dict[int, list[int]]:
    """{tutor school id: [its id, then the ids of the schools attached to it on the day]} within `unit`'s subtree.

    A school attached within a project (ProjectTutor, with its dates) belongs to its tutor's group only while the
    attachment lasts; a school never attached within a project follows its standing `tutor` (structure). A group
    is a tutor school with at least one school attached on the day."""
    from sapat.structure.models import OrgUnit

    schools = dict(OrgUnit.objects.subtree(unit).schools().values_list("pk", "tutor_id"))
    dated = set(ProjectTutor.objects.filter(school_id__in=list(schools)).values_list("school_id", flat=True))
    attached: dict[int, set[int]] = {}
    for school_id, tutor_id in schools.items():
        if tutor_id and school_id not in dated:
            attached.setdefault(tutor_id, set()).add(school_id)
    for tutor_id, school_id in tutors_on(on).filter(school_id__in=list(schools)).values_list("tutor_id", "school_id"):
        attached.setdefault(tutor_id, set()).add(school_id)
    paths = dict(OrgUnit.objects.filter(pk__in=[*attached, *schools]).values_list("pk", "path"))
    return {
        tutor_id: [tutor_id, *sorted(members - {tutor_id}, key=paths.get)]
        for tutor_id, members in sorted(attached.items(), key=lambda item: paths.get(item[0], ""))
        if tutor_id in schools
    }


@unscoped("whether a school tutors any other: a yes or no about a school the caller found in the user's scope")
def tutors_any(school) -> bool:
    """Whether `school` is a tutor school: schools attached to it, standing (structure) or within a project."""
    from sapat.structure.models import OrgUnit

    return OrgUnit.objects.filter(tutor=school).exists() or ProjectTutor.objects.filter(tutor=school).exists()


PAGE_YEARS = 3  # the quality table of the project page: the last three academic years


def visible_projects(user):
    """The projects whose page `user` may open: those of a unit they oversee, or with a member school in a subtree
    they oversee (a district coordinator sees the regional project through their district's schools)."""
    from sapat.access.scope import scope_of

    scope = scope_of(user)
    # This is the projects' own rule: the rows it returns are the user's, whoever evaluates them later.
    projects = Project.objects.unscoped(
        "the projects' own reading rule (visible_projects), built from the user's scope"
    )
    if scope.everything:
        return projects.all()
    if not scope.paths:
        return Project.objects.none()
    owned = Q()
    member = Q()
    for path in scope.paths:
        owned |= Q(owner__path__startswith=path)
        member |= Q(members__school__path__startswith=path)
    return projects.filter(owned | member).distinct()


def project_page(project: Project, user) -> dict:
    """What the page of a project shows to `user`: the members, coordinators and tutor groups within their scope,
    each with their dates, and the quality table of the member schools over the last years (tables.table with the
    project), counted within the unit the user oversees."""
    from sapat.access.scope import restrict

    members = restrict(project.members.all(), user).select_related("school__parent").order_by("school__path")
    coordinators = restrict(project.coordinators.all(), user).select_related("district", "user")
    attached = restrict(project.tutors.all(), user).select_related("tutor", "school").order_by("tutor__path")
    groups: dict = {}
    for row in attached.order_by("tutor__path", "school__path", "from_on"):
        groups.setdefault(row.tutor, []).append(row)
    return {
        "project": project,
        "members": members,
        "coordinators": coordinators.order_by("district__path"),
        "tutor_groups": list(groups.items()),
        "quality": _quality(project, user),
    }


def _quality(project: Project, user) -> dict | None:
    from sapat.achievements.tables import TableError, table
    from sapat.structure.models import AcademicYear

    unit = counted_unit(project, user)
    if unit is None:
        return None
    years = AcademicYear.objects.filter(country=unit.country, periods__code="year").order_by("-starts_on")
    codes = [y.code for y in reversed(years[:PAGE_YEARS])]
    if not codes:
        return None
    try:
        result = table(kind="quality", unit=unit, years=codes, project=project)
    except TableError:
        return None
    schools: dict = {}
    for row in result["rows"]:
        schools.setdefault(row["unit"], {"code": row["unit"], "name": row["name"], "cells": {}})["cells"][
            row["year"]
        ] = row
    matrix = [{**school, "cells": [school["cells"].get(code) for code in codes]} for school in schools.values()]
    return {**result, "years": codes, "matrix": sorted(matrix, key=lambda s: s["code"]), "counted_in": unit}


def counted_unit(project: Project, user):
    """The unit the quality table is counted in: the project's own unit for whoever oversees it, else the
    highest unit under it that the user oversees (a coordinator's district)."""
    from sapat.access.scope import overseen_part

    return overseen_part(user, project.owner)
