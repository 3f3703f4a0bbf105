"""Reads of the structure: current years, a school's classes by parallel, class lists."""

import datetime
from itertools import groupby

from django.db.models import Count, Q

from sapat.core.querysets import unscoped

from .models import AcademicYear, Enrolment, OrgUnit, SchoolClass


def current_year(country: str, on: datetime.date | None = None) -> AcademicYear | None:
    """The academic year running on a date, else the latest one that has started."""
    on = on or datetime.date.today()
    years = AcademicYear.objects.filter(country=country)
    return years.filter(starts_on__lte=on, ends_on__gte=on).first() or (
        years.filter(starts_on__lte=on).order_by("-starts_on").first() or years.order_by("starts_on").first()
    )


def classes_by_parallel(classes) -> list[tuple[int, list[SchoolClass]]]:
    """Classes grouped by grade (the parallel), each with the number of students on the list."""
    annotated = classes.annotate(on_roll=Count("enrolments", filter=Q(enrolments__ends_on__isnull=True))).order_by(
        "grade", "letter"
    )
    return [(grade, list(group)) for grade, group in groupby(annotated, key=lambda c: c.grade)]


def class_list(school_class: SchoolClass):
    """The class's enrolments with their students, those who left last."""
    return school_class.enrolments.select_related("student").order_by(  # reached from the class the caller fetched
        "ends_on", "student__last_name", "student__first_name"
    )


@unscoped("how many schools, classes and students lie under a unit the view checked the user oversees")
def unit_counts(unit: OrgUnit, year: AcademicYear | None) -> dict[str, int]:
    """How many schools, classes and students lie under a unit in a year."""
    schools = OrgUnit.objects.subtree(unit).schools()
    classes = SchoolClass.objects.filter(school__in=schools, year=year)
    students = Enrolment.objects.filter(school_class__in=classes, ends_on__isnull=True)
    return {"schools": schools.count(), "classes": classes.count(), "students": students.count()}


@unscoped("the breakdowns' groups of schools within a unit the caller checked the user oversees")
def school_groups(by: str, unit: OrgUnit, period=None) -> dict[int, list[int]]:
    """The groups of schools a breakdown compares, each as its schools' ids within `unit`'s subtree:
    `tutor_group` (a tutor school with the schools attached to it on the period's last day, keyed by the tutor
    school; sapat.projects.selectors.tutor_groups), `unit_group`
    (a named group of units, keyed by the group; a district in a group brings its schools) and `project` (a
    project's member schools on the period's last day, keyed by the project)."""
    schools = OrgUnit.objects.subtree(unit).schools()
    groups: dict[int, list[int]] = {}
    if by == "tutor_group":  # on the period's last day, with the dates of the projects' attachments
        from sapat.projects.selectors import tutor_groups

        return tutor_groups(unit, period.ends_on if period is not None else datetime.date.today())
    if by == "unit_group":
        paths = dict(schools.values_list("pk", "path"))
        for group_id, path in OrgUnit.groups.through.objects.filter(orgunit__path__startswith=unit.path).values_list(
            "unitgroup_id", "orgunit__path"
        ):
            groups.setdefault(group_id, []).extend(s for s, p in paths.items() if p.startswith(path))
        return groups
    if by == "project":  # the members on the period's last day (sapat.projects)
        from sapat.projects.selectors import project_groups

        return project_groups(unit, period.ends_on if period is not None else datetime.date.today())
    raise ValueError(f"Unknown grouping of schools: {by}")


def school_group_labels(by: str, keys) -> dict:
    """(code, name) of each group key of `school_groups`."""
    from .models import UnitGroup

    if by == "project":
        from sapat.projects.selectors import project_labels

        return project_labels(keys)
    if by == "tutor_group":
        return {u.pk: (u.code, u.name) for u in OrgUnit.objects.filter(pk__in=keys)}
    return {g.pk: (g.code, g.name) for g in UnitGroup.objects.filter(pk__in=keys)}
