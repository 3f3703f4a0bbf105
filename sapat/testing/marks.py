"""Helpers to put marks into the test world through the real services."""

import datetime

from sapat.assessment.services import MarkEntry, period_marks_save
from sapat.structure.models import Period

QUARTERS = {
    "q1": ((9, 2), (10, 31)),
    "q2": ((11, 8), (12, 28)),
    "q3": ((1, 13), (3, 20)),
    "q4": ((4, 1), (5, 25)),
    "h1": ((9, 2), (12, 28)),
    "h2": ((1, 13), (5, 25)),
    "year": ((9, 2), (5, 25)),
}


def add_periods(year) -> dict[str, Period]:
    """The usual periods of a school year (quarters, half-years and the year)."""
    first = year.first_calendar_year
    periods = {}
    for code, ((m1, d1), (m2, d2)) in QUARTERS.items():
        starts = datetime.date(first if m1 >= 9 else first + 1, m1, d1)
        ends = datetime.date(first if m2 >= 9 else first + 1, m2, d2)
        periods[code], _ = Period.objects.get_or_create(
            year=year, code=code, defaults={"starts_on": starts, "ends_on": ends}
        )
    return periods


def put_marks(school_class, period, marks: dict, actor=None):
    """marks: {(student, subject): value}; saved as one batch."""
    entries = [MarkEntry(student, school_class, subject, period, value) for (student, subject), value in marks.items()]
    return period_marks_save(entries=entries, actor=actor)
