"""Students at risk in a school or class for a period, each with the class teacher who is to act.

A student is at risk when, in some subject, their mark for the period is 2 (failing), н/а (not assessed),
or at least one mark lower than in the previous period of the same kind: q2 against q1, q3 against q2, q4
against q3, h2 against h1, s2 against s1; the first of a kind (q1, h1, s1) and the year against the same
kind's last period of the previous academic year (q4, h2, s2; the year). Only students and marks the user
may see count (sapat.access.scope.restrict on the marks, so a drop shows only where the user may see the
earlier mark too).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sapat.access.scope import restrict
from sapat.assessment.models import PeriodMark
from sapat.structure.models import Enrolment, OrgUnit, Period, SchoolClass, Student, Subject

FAILING, NOT_ASSESSED, DROP = "failing", "not_assessed", "drop"
REASONS = {
    FAILING: _("failing (2)"),
    NOT_ASSESSED: _("not assessed (н/а)"),
    DROP: _("dropped by a mark or more"),
}


@dataclass(frozen=True)
class Concern:
    """One subject of a student at risk: the mark now, the previous period's mark, and why (reason codes)."""

    subject_id: int
    subject: str  # code
    subject_name: str
    mark: str  # "5" "4" "3" "2" "na"
    previous: str | None  # the mark of the previous period of the same kind, if any
    reasons: tuple[str, ...]  # failing | not_assessed | drop

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]

    def as_dict(self) -> dict:
        keys = ("subject_id", "subject", "subject_name", "mark", "previous", "reasons")
        return {**{key: getattr(self, key) for key in keys}, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class StudentAtRisk:
    """A student at risk with their class and its class teacher (None when the class has none)."""

    student_id: int
    student_name: str
    class_id: int
    class_name: str
    school: str  # code
    school_name: str
    class_teacher_id: int | None
    class_teacher_name: str | None
    previous_year: str | None  # the academic year of the compared period, e.g. "2024-2025"
    previous_period: str | None  # its code, e.g. "q1"
    concerns: tuple[Concern, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> tuple[str, ...]:
        found = {r for c in self.concerns for r in c.reasons}
        return tuple(r for r in REASONS if r in found)

    def as_dict(self) -> dict:
        keys = (
            "student_id",
            "student_name",
            "class_id",
            "class_name",
            "school",
            "school_name",
            "class_teacher_id",
            "class_teacher_name",
            "previous_year",
            "previous_period",
        )
        row = {key: getattr(self, key) for key in keys}
        return {**row, "reasons": list(self.reasons), "concerns": [c.as_dict() for c in self.concerns]}


def students_at_risk(
    *, user, unit: OrgUnit | SchoolClass, period: Period, subject_id: int | None = None
) -> list[StudentAtRisk]:
    """The students at risk of a unit (a school, or any unit above) or of one class, for a period.

    Ordered by school, class (grade, letter) and student name; each student's concerns by subject code. Only
    students on the class list at the end of the period, and only marks `user` may see. A constant number
    of queries.
    """
    marks = _marks(user, unit, period, subject_id)
    current = _on_list(marks, period)
    before = previous_period(period)
    previous = _previous_marks(user, marks, before) if before else {}
    concerns = defaultdict(list)
    for (student_id, class_id, subject), value in sorted(current.items()):
        reasons = _reasons(value, previous.get((student_id, subject)))
        if reasons:
            concerns[(student_id, class_id)].append((subject, value, previous.get((student_id, subject)), reasons))
    return _students(user, concerns, before)


def _marks(user, unit, period: Period, subject_id: int | None):
    marks = PeriodMark.objects.filter(period=period, value__in=("5", "4", "3", "2", "na"))
    if isinstance(unit, SchoolClass):
        marks = marks.filter(school_class=unit)
    else:
        marks = marks.filter(school__path__startswith=unit.path)
    if subject_id is not None:
        marks = marks.filter(subject_id=subject_id)
    return restrict(marks, user)


def _on_list(marks, period: Period) -> dict:
    """{(student, class, subject): mark} of the students on their class list at the end of the period."""
    day = period.ends_on
    enrolled = Enrolment.objects.filter(student_id__in=marks.values("student_id"), starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    on_list = set(enrolled.values_list("student_id", "school_class_id"))
    rows = marks.values_list("student_id", "school_class_id", "subject_id", "value")
    return {(s, c, subject): value for s, c, subject, value in rows if (s, c) in on_list}


def _previous_marks(user, marks, before: Period) -> dict:
    earlier = PeriodMark.objects.filter(period=before, student_id__in=marks.values("student_id"))
    rows = restrict(earlier, user).values_list("student_id", "subject_id", "value")
    return {(student, subject): value for student, subject, value in rows}


def _reasons(value: str, previous: str | None) -> tuple[str, ...]:
    reasons = []
    if value == "2":
        reasons.append(FAILING)
    if value == "na":
        reasons.append(NOT_ASSESSED)
    if value.isdigit() and previous is not None and previous.isdigit() and int(value) <= int(previous) - 1:
        reasons.append(DROP)
    return tuple(reasons)


def _students(user, concerns: dict, before: Period | None) -> list[StudentAtRisk]:
    """The at-risk rows with names, classes, class teachers and subjects: three queries in all."""
    student_ids = {student for student, _ in concerns}
    students = {s.pk: s for s in restrict(Student.objects.filter(pk__in=student_ids), user)}
    classes = {
        c.pk: c
        for c in SchoolClass.objects.filter(pk__in={c for _, c in concerns}).select_related("school", "class_teacher")
    }
    subjects = {s.pk: s for s in Subject.objects.filter(pk__in={c[0] for cs in concerns.values() for c in cs})}
    rows = []
    for (student_id, class_id), found in concerns.items():
        if student_id in students:
            rows.append(_row(students[student_id], classes[class_id], found, subjects, before))
    return sorted(rows, key=lambda r: (_class_order(classes[r.class_id]), r.student_name))


def _class_order(school_class: SchoolClass) -> tuple:
    return school_class.school.path, school_class.grade, school_class.letter


def _row(student: Student, school_class: SchoolClass, found: list, subjects: dict, before) -> StudentAtRisk:
    teacher = school_class.class_teacher
    concerns = sorted(
        (
            Concern(subject, subjects[subject].code, subjects[subject].name, value, previous, reasons)
            for subject, value, previous, reasons in found
        ),
        key=lambda c: c.subject,
    )
    return StudentAtRisk(
        student_id=student.pk,
        student_name=student.full_name,
        class_id=school_class.pk,
        class_name=school_class.name,
        school=school_class.school.code,
        school_name=school_class.school.name,
        class_teacher_id=teacher.pk if teacher else None,
        class_teacher_name=teacher.full_name if teacher else None,
        previous_year=before.year.code if before else None,
        previous_period=before.code if before else None,
        concerns=tuple(concerns),
    )


def previous_period(period: Period) -> Period | None:
    """The previous period of the same kind (see the module docstring), or None. One query."""
    first = period.year.first_calendar_year
    years = (period.year.code, f"{first - 1}-{first}")
    earlier = Period.objects.filter(
        year__country=period.year.country, year__code__in=years, kind=period.kind, ends_on__lt=period.starts_on
    )
    return earlier.select_related("year").order_by("-ends_on").first()
