"""The counterpart of a class, a teacher's classes and a student in an earlier period, for a change.

A school's, district's or region's counterpart last year is itself. A class is not: 9б of this year was 8б
last year. Sapat follows the students (docs/analysis.md, "Cohorts"): a class's counterpart in another
academic year is the class of the same school that held most of its students at the end of that year's
period (ties: the lower grade, then letter), the rule of `cohort_dynamics`. A teacher's counterpart is the
teacher: their own classes of the subject in that year. A student is their own counterpart, whatever class
they were in.
"""

from sapat.core.querysets import unscoped
from sapat.structure.models import Enrolment, Period, SchoolClass, TeachingAssignment

from .dynamics import _follow, end_of, on_list_at


def class_in(school_class: SchoolClass, period: Period, *, since: Period | None = None) -> int | None:
    """The id of the class that held most of `school_class`'s students at the end of `period`.

    The students are those on its list at the end of `since` (a period of its own year; the year's end
    when not given). In the class's own year that is the class itself. Two queries otherwise."""
    if period.year_id == school_class.year_id:
        return school_class.pk
    students = _students(school_class, since)
    followed = _follow(school_class.school_id, period.year, period, students) if students else None
    return followed["class"].pk if followed else None


def cohort_classes(school_class: SchoolClass, period_code: str) -> dict[int, int]:
    """{academic year id: class id} for every year of the country with the period `period_code` in which
    some of the class's students (on its list at the end of that period of its own year) were in the
    school. About two queries per year."""
    periods = Period.objects.filter(year__country=school_class.year.country, code=period_code).select_related("year")
    periods = list(periods)
    own = next((p for p in periods if p.year_id == school_class.year_id), None)
    students = _students(school_class, own)
    found = {}
    for period in periods:
        if period.year_id == school_class.year_id:
            found[period.year_id] = school_class.pk
            continue
        followed = _follow(school_class.school_id, period.year, period, students) if students else None
        if followed is not None:
            found[period.year_id] = followed["class"].pk
    return found


@unscoped("an analysis engine: a teacher's classes, the teacher fetched through the scope by the caller")
def teacher_classes(teacher_id: int, subject_id: int, year_id: int | None = None) -> tuple[int, ...]:
    """The classes in which the teacher taught the subject (in one academic year, or in all of them)."""
    taught = TeachingAssignment.objects.filter(teacher_id=teacher_id, subject_id=subject_id)
    if year_id is not None:
        taught = taught.filter(school_class__year_id=year_id)
    return tuple(sorted(set(taught.values_list("school_class_id", flat=True))))


@unscoped("an analysis engine: the students of a class the caller reached through the scope")
def _students(school_class: SchoolClass, since: Period | None) -> set[int]:
    day = end_of(school_class.year, since if since is not None and since.year_id == school_class.year_id else None)
    on_list = on_list_at(Enrolment.objects.filter(school_class=school_class), day)
    return set(on_list.values_list("student_id", flat=True))
