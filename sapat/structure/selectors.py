"""Reads of the structure: current years, a school's classes by parallel, class lists."""

import datetime
from itertools import groupby

from django.db.models import Count, Q

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
    return (
        Enrolment.objects.filter(school_class=school_class)
        .select_related("student")
        .order_by("ends_on", "student__last_name", "student__first_name")
    )


def unit_counts(unit: OrgUnit, year: AcademicYear | None) -> dict[str, int]:
    """How many schools, classes and students lie under a unit in a year."""
    schools = OrgUnit.objects.subtree(unit).schools()
    classes = SchoolClass.objects.filter(school__in=schools, year=year)
    students = Enrolment.objects.filter(school_class__in=classes, ends_on__isnull=True)
    return {"schools": schools.count(), "classes": classes.count(), "students": students.count()}
