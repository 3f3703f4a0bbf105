"""Writes to a college's structure; each validates fully (core.services.validated_save) and saves all or nothing."""

import datetime

from auditlog.models import LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.audit.registry import log_bulk
from sapat.core.multilingual import LANGUAGE_CODES
from sapat.core.services import refuse, validated_save
from sapat.structure import services as structure
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, SchoolClass, Subject
from sapat.structure.signals import enrolment_changed

from .models import SEMESTERS, Department, Discipline, GroupYear, Speciality, StudyGroup

# A college's semesters within its academic year: the first with the winter session in January.
SEMESTER_DATES = {"s1": ((9, 1), (1, 15)), "s2": ((1, 16), (6, 30))}


def name_language(college: OrgUnit) -> str:
    """The language a name written in a college's file is in: its first language of instruction, else Russian."""
    first = (college.languages or "").split(",")[0].strip()
    return first if first in LANGUAGE_CODES else "ru"


@transaction.atomic
def department_ensure(*, college: OrgUnit, code: str, names: dict[str, str] | None = None) -> tuple[Department, bool]:
    """The college's department with this code, created (named by `names`, else by its code) when missing."""
    found = Department.objects.filter(college=college, code=code).first()
    if found:
        return found, False
    names = names or {name_language(college): code}
    return validated_save(Department(college=college, code=code, **_name_fields(names))), True


@transaction.atomic
def speciality_ensure(
    *, college: OrgUnit, code: str, department: Department, names: dict[str, str]
) -> tuple[Speciality, bool]:
    """The college's speciality with this code, created in `department` when missing; a speciality is taught in
    one department, so the same code under another department is refused; names given fill empty languages."""
    found = Speciality.objects.filter(college=college, code=code).first()
    if found is None:
        return validated_save(
            Speciality(college=college, code=code, department=department, **_name_fields(names))
        ), True
    if found.department_id != department.pk:
        refuse(
            _("The speciality %(code)s is taught in the department %(department)s.")
            % {"code": code, "department": found.department.code}
        )
    missing = {f"name_{lang}": text for lang, text in names.items() if text and not getattr(found, f"name_{lang}")}
    if missing:
        for field, text in missing.items():
            setattr(found, field, text)
        validated_save(found, update_fields=list(missing))
    return found, False


def _name_fields(names: dict[str, str]) -> dict[str, str]:
    return {f"name_{lang}": text for lang, text in names.items() if lang in LANGUAGE_CODES and text}


@transaction.atomic
def semesters_ensure(*, year: AcademicYear) -> list[Period]:
    """The semesters s1 and s2 of an academic year, the periods of a college's year, created when missing."""
    found = {p.code: p for p in Period.objects.filter(year=year, code__in=SEMESTERS)}
    for code in SEMESTERS:
        if code not in found:
            starts, ends = (_date_in(year, month_day) for month_day in SEMESTER_DATES[code])
            found[code] = structure.period_create(
                year=year, code=code, starts_on=max(starts, year.starts_on), ends_on=min(ends, year.ends_on)
            )
    return [found[code] for code in SEMESTERS]


def _date_in(year: AcademicYear, month_day: tuple[int, int]) -> datetime.date:
    month, day = month_day
    return datetime.date(year.first_calendar_year + (month < 9), month, day)


@transaction.atomic
def study_group_place(
    *, college: OrgUnit, year: AcademicYear, code: str, course: int, speciality: Speciality
) -> tuple[GroupYear, bool]:
    """The group `code` in course `course` of `year`: the group (created with the intake year the course implies)
    and its class of the year (grade = course, letter = code). Refused when the file contradicts what is known:
    another speciality, or a course that does not follow from the intake year."""
    intake = year.first_calendar_year - course + 1
    group = StudyGroup.objects.filter(college=college, code=code).first()
    if group is None:
        group = validated_save(StudyGroup(college=college, code=code, speciality=speciality, intake_year=intake))
    elif group.speciality_id != speciality.pk:
        refuse(
            _("The group %(group)s belongs to the speciality %(code)s.")
            % {"group": code, "code": group.speciality.code}
        )
    elif group.intake_year != intake:
        course = group.course_in(year.first_calendar_year)
        refuse(
            _("The group %(group)s entered in %(intake)s, so in %(year)s it is in course %(course)s.")
            % {"group": code, "intake": group.intake_year, "year": year.code, "course": course}
        )
    return _group_year(group, year)


def _group_year(group: StudyGroup, year: AcademicYear) -> tuple[GroupYear, bool]:
    existing = GroupYear.objects.filter(group=group, school_class__year=year).select_related("school_class").first()
    if existing:
        return existing, False
    course = group.course_in(year.first_calendar_year)
    klass = SchoolClass.objects.filter(school_id=group.college_id, year=year, letter=group.code).first()
    if klass is None:
        klass = structure.school_class_create(school=group.college, year=year, grade=course, letter=group.code)
    return validated_save(GroupYear(group=group, school_class=klass)), True


@transaction.atomic
def study_group_advance(*, group: StudyGroup, year: AcademicYear) -> GroupYear:
    """Move a group into its next course in `year`: its class of that year, with every student who was on the
    group's list at the end of the year before (a group is followed from course to course like a class)."""
    previous = (
        GroupYear.objects.filter(group=group, school_class__year__country=year.country)
        .filter(school_class__year__starts_on__lt=year.starts_on)
        .select_related("school_class__year")
        .order_by("-school_class__year__starts_on")
        .first()
    )
    if previous is None:
        refuse(_("The group %(group)s has no earlier year to follow.") % {"group": group.code})
    group_year, _created = _group_year(group, year)
    klass, last_day = group_year.school_class, previous.school_class.year.ends_on
    staying = Enrolment.objects.filter(school_class=previous.school_class, starts_on__lte=last_day)
    already = Enrolment.objects.filter(year=year, student__school_id=group.college_id).values("student_id")
    carried = staying.exclude(ends_on__lt=last_day).exclude(student_id__in=already).order_by("pk")
    # In one statement: each student was on last year's list to its end and is on no list of this year, so the
    # one check of an enrolment (no two lists at once) holds by construction.
    new = Enrolment.objects.bulk_create(
        [
            Enrolment(student_id=e.student_id, school_class=klass, year_id=year.pk, starts_on=year.starts_on)
            for e in carried
        ]
    )
    log_bulk([(e, LogEntry.Action.CREATE, {"school_class": [None, str(klass.pk)]}) for e in new])
    enrolment_changed.send(sender=Enrolment, school_class_id=klass.pk)
    return group_year


@transaction.atomic
def discipline_set(
    *, speciality: Speciality, subject: Subject, course: int, semester: str, form: str, hours: int | None = None
) -> Discipline:
    """Teach `subject` to a speciality in a course and semester, assessed by `form` (changed if already set)."""
    discipline = Discipline.objects.filter(
        speciality=speciality, subject=subject, course=course, semester=semester
    ).first() or Discipline(speciality=speciality, subject=subject, course=course, semester=semester)
    discipline.form, discipline.hours = form, hours
    return validated_save(discipline)


@transaction.atomic
def department_teacher_add(*, department: Department, teacher) -> None:
    """A teacher of the college joins a department."""
    if teacher.school_id != department.college_id:
        refuse(_("A teacher can only join a department of their own college."))
    department.teachers.add(teacher)
