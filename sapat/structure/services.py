"""Writes to the structure. Each validates fully and saves all or nothing."""

import datetime

from django.db import transaction

from sapat.core.services import validated_save
from sapat.structure.signals import enrolment_changed

from .models import (
    AcademicYear,
    CategoryRecord,
    Enrolment,
    OrgUnit,
    Period,
    SchoolClass,
    Staff,
    Student,
    TeachingAssignment,
)


@transaction.atomic
def org_unit_create(*, code: str, kind: str, parent: OrgUnit | None = None, **fields) -> OrgUnit:
    country = fields.pop("country", parent.country if parent else None)
    unit = OrgUnit(code=code, kind=kind, parent=parent, **fields)
    if country:
        unit.country = country
    return validated_save(unit)


@transaction.atomic
def org_unit_update(*, unit: OrgUnit, **changes) -> OrgUnit:
    """Change a unit; moving it under another parent moves its whole subtree."""
    for name, value in changes.items():
        setattr(unit, name, value)
    return validated_save(unit)


@transaction.atomic
def academic_year_create(*, country: str, code: str, starts_on: datetime.date, ends_on: datetime.date):
    return validated_save(AcademicYear(country=country, code=code, starts_on=starts_on, ends_on=ends_on))


@transaction.atomic
def period_create(*, year: AcademicYear, code: str, starts_on: datetime.date, ends_on: datetime.date) -> Period:
    return validated_save(Period(year=year, code=code, starts_on=starts_on, ends_on=ends_on))


@transaction.atomic
def school_class_create(
    *, school: OrgUnit, year: AcademicYear, grade: int, letter: str = "", class_teacher: Staff | None = None
) -> SchoolClass:
    return validated_save(
        SchoolClass(school=school, year=year, grade=grade, letter=letter, class_teacher=class_teacher)
    )


@transaction.atomic
def student_create(*, school: OrgUnit, code: str, last_name: str, first_name: str, **fields) -> Student:
    return validated_save(Student(school=school, code=code, last_name=last_name, first_name=first_name, **fields))


@transaction.atomic
def student_enrol(*, student: Student, school_class: SchoolClass, starts_on: datetime.date) -> Enrolment:
    """Put a student on a class list from a date; refused if they are on another list at that time."""
    Student.objects.select_for_update().filter(pk=student.pk).first()  # serialise enrolments of one student
    enrolment = validated_save(Enrolment(student=student, school_class=school_class, starts_on=starts_on))
    enrolment_changed.send(sender=Enrolment, school_class_id=school_class.pk)
    return enrolment


@transaction.atomic
def student_leave(*, enrolment: Enrolment, ends_on: datetime.date) -> Enrolment:
    """The student leaves the class on a date; their marks before it stay."""
    enrolment.ends_on = ends_on
    validated_save(enrolment)
    enrolment_changed.send(sender=Enrolment, school_class_id=enrolment.school_class_id)
    return enrolment


@transaction.atomic
def staff_create(*, school: OrgUnit, last_name: str, first_name: str, **fields) -> Staff:
    return validated_save(Staff(school=school, last_name=last_name, first_name=first_name, **fields))


@transaction.atomic
def category_award(*, staff: Staff, category: str, awarded_on: datetime.date, **fields) -> CategoryRecord:
    return validated_save(CategoryRecord(staff=staff, category=category, awarded_on=awarded_on, **fields))


@transaction.atomic
def teaching_assignment_create(*, teacher: Staff, school_class: SchoolClass, subject) -> TeachingAssignment:
    return validated_save(TeachingAssignment(teacher=teacher, school_class=school_class, subject=subject))
