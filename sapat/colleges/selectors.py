"""Reads of a college's structure: names of its parts for breakdowns, a group's years, the department of groups."""

from django.db.models import Prefetch

from .models import Department, GroupYear, Speciality, StudyGroup


def unit_labels(by: str, keys) -> dict:
    """(code, name) of the specialities or departments a breakdown of figures is keyed by."""
    model = Speciality if by == "speciality" else Department
    return {row.pk: (row.code, row.name) for row in model.objects.filter(pk__in=keys)}


def group_years(group: StudyGroup):
    """The group's classes year by year, with their course: how it was followed from course to course."""
    return (
        GroupYear.objects.filter(group=group).select_related("school_class__year").order_by("school_class__year__code")
    )


def departments_of(college, user) -> list[Department]:
    """The college's departments the user may see, with their specialities (the unit page), in two queries."""
    specialities = Prefetch("specialities", queryset=Speciality.objects.order_by("code"))
    departments = Department.objects.for_user(user).filter(college=college).order_by("code")
    return list(departments.prefetch_related(specialities))


def department_of_classes(class_ids) -> Department | None:
    """The one department whose specialities hold all these classes' study groups (the head who signs a note on
    them), or None when they span departments or are not a college's groups."""
    departments = set(
        GroupYear.objects.filter(school_class__in=class_ids).values_list("group__speciality__department", flat=True)
    )
    if len(departments) != 1:
        return None
    return Department.objects.select_related("head").get(pk=departments.pop())
