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
from sapat.core.querysets import unscoped
from sapat.structure.models import Enrolment, OrgUnit, Period, SchoolClass, Student, Subject

FAILING, NOT_ASSESSED, DROP = "failing", "not_assessed", "drop"
MARKS = ("5", "4", "3", "2", "na")
CHUNK = 2000  # students per query of earlier marks: well under every database's limit of parameters
REASONS = {
    FAILING: _("failing (2)"),
    NOT_ASSESSED: _("not assessed (n/a)"),
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

    @property
    def urgency(self) -> tuple[int, int, int]:
        """How urgent, higher first: the subjects failed or not assessed, then the marks lost in drops, then
        the number of subjects of concern."""
        failing = sum(1 for c in self.concerns if FAILING in c.reasons or NOT_ASSESSED in c.reasons)
        lost = sum(int(c.previous) - int(c.mark) for c in self.concerns if DROP in c.reasons)
        return failing, lost, len(self.concerns)

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


@unscoped("an analysis engine: the students at risk in a unit or class the caller reached through the scope")
def students_at_risk(
    *, user, unit: OrgUnit | SchoolClass, period: Period, subject_id: int | None = None
) -> list[StudentAtRisk]:
    """The students at risk of a unit (a school, or any unit above) or of one class, for a period.

    Ordered by school, class (grade, letter) and student name; each student's concerns by subject code. Only
    students on the class list at the end of the period, and only marks `user` may see. Eight queries for a
    school (one more per 2000 students at risk of a drop).
    """
    class_ids = _class_ids(unit, period)
    marks = _marks(user, class_ids, period, subject_id)
    current = _on_list(marks, _enrolments(class_ids, period))
    before = previous_period(period)
    previous = _previous_marks(user, {s for s, _, _ in current}, before) if before and current else {}
    concerns = defaultdict(list)
    for (student_id, class_id, subject), value in sorted(current.items()):
        earlier = previous.get((student_id, subject))
        reasons = _reasons(value, earlier)
        if reasons:
            concerns[(student_id, class_id)].append((subject, value, earlier, reasons))
    return _students(user, concerns, before)


def by_urgency(found: list[StudentAtRisk]) -> list[StudentAtRisk]:
    """The most urgent first (`StudentAtRisk.urgency`); equals keep their order (school, class, name)."""
    return sorted(found, key=lambda row: tuple(-part for part in row.urgency))


def _class_ids(unit, period: Period) -> list[int]:
    """The classes of the unit in the period's year: the marks' index starts with the class."""
    if isinstance(unit, SchoolClass):
        return [unit.pk]
    classes = SchoolClass.objects.filter(school_id__in=OrgUnit.objects.school_ids_under(unit), year_id=period.year_id)
    return list(classes.values_list("pk", flat=True))


def _marks(user, class_ids: list[int], period: Period, subject_id: int | None):
    marks = PeriodMark.objects.filter(school_class_id__in=class_ids, period=period, value__in=MARKS)
    if subject_id is not None:
        marks = marks.filter(subject_id=subject_id)
    return restrict(marks, user)


def _enrolments(class_ids: list[int], period: Period):
    """The enrolments in these classes on the list at the end of the period (the engine's rule)."""
    day = period.ends_on
    on_list = Enrolment.objects.filter(school_class_id__in=class_ids, starts_on__lte=day)
    return on_list.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def _on_list(marks, enrolments) -> dict:
    """{(student, class, subject): mark} of the students on their class list at the end of the period."""
    on_list = set(enrolments.values_list("student_id", "school_class_id"))
    rows = marks.values_list("student_id", "school_class_id", "subject_id", "value")
    return {(s, c, subject): value for s, c, subject, value in rows if (s, c) in on_list}


def _previous_marks(user, student_ids: set[int], before: Period) -> dict:
    """The earlier marks of these students (the previous year's in other classes): one query per CHUNK."""
    ordered, found = sorted(student_ids), {}
    for start in range(0, len(ordered), CHUNK):
        earlier = PeriodMark.objects.filter(student_id__in=ordered[start : start + CHUNK], period=before)
        rows = restrict(earlier, user).values_list("student_id", "subject_id", "value")
        found.update(((student, subject), value) for student, subject, value in rows)
    return found


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
    """The at-risk rows with names, classes, class teachers and subjects: three queries in all. Names are
    read once per class and subject (a school may have thousands of concerns)."""
    students = {s.pk: s for s in restrict(Student.objects.filter(pk__in={s for s, _ in concerns}), user)}
    classes = SchoolClass.objects.filter(pk__in={c for _, c in concerns}).select_related("school", "class_teacher")
    classes = {c.pk: c for c in classes}
    about = {pk: _about_class(c) for pk, c in classes.items()}
    subject_ids = {concern[0] for found in concerns.values() for concern in found}
    subjects = {s.pk: (s.code, s.name) for s in Subject.objects.filter(pk__in=subject_ids)}
    compared = {"previous_year": before and before.year.code, "previous_period": before and before.code}
    rows = [
        StudentAtRisk(
            students[s].pk, students[s].full_name, **about[c], **compared, concerns=_concerns(found, subjects)
        )
        for (s, c), found in concerns.items()
        if s in students
    ]
    return sorted(rows, key=lambda r: (*_class_order(classes[r.class_id]), r.student_name))


def _concerns(found: list, subjects: dict) -> tuple[Concern, ...]:
    items = [Concern(subject, *subjects[subject], value, earlier, why) for subject, value, earlier, why in found]
    return tuple(sorted(items, key=lambda c: c.subject))


def _class_order(school_class: SchoolClass) -> tuple:
    return school_class.school.path, school_class.grade, school_class.letter


def _about_class(school_class: SchoolClass) -> dict:
    teacher = school_class.class_teacher
    return {
        "class_id": school_class.pk,
        "class_name": school_class.name,
        "school": school_class.school.code,
        "school_name": school_class.school.name,
        "class_teacher_id": teacher.pk if teacher else None,
        "class_teacher_name": teacher.full_name if teacher else None,
    }


def previous_period(period: Period) -> Period | None:
    """The previous period of the same kind (see the module docstring), or None. One query."""
    first = period.year.first_calendar_year
    years = (period.year.code, f"{first - 1}-{first}")
    earlier = Period.objects.filter(
        year__country=period.year.country, year__code__in=years, kind=period.kind, ends_on__lt=period.starts_on
    )
    return earlier.select_related("year").order_by("-ends_on").first()
