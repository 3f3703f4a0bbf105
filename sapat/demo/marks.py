"""Period marks for demo and benchmark data: realistic, deterministic, inserted in bulk.

Each student on a class list at the end of a period gets a mark in each subject of their grade's
curriculum; the mix drifts by student ability so that classes differ, as they do in real schools.
"""

import random
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from sapat.assessment.models import PeriodMark
from sapat.core.bulk import write_rows
from sapat.structure.models import Enrolment, Period, SchoolClass, SubjectGrade

MARK_PERIODS = ("q1", "q2", "q3", "q4", "year")
COLUMNS = ("student_id", "school_class_id", "subject_id", "period_id", "school_id", "year_id", "value", "derived",
           "changed_at")  # fmt: skip


@transaction.atomic
def generate_marks(*, year_ids: list[int], seed: int, min_grade: int = 2) -> int:
    """Insert marks for every class of the given years from `min_grade` up; returns how many."""
    rng = random.Random(seed)
    curriculum = _curriculum()
    total = 0
    for year_id in year_ids:
        periods = list(Period.objects.filter(year_id=year_id, code__in=MARK_PERIODS))
        rows = _class_rows(rng, year_id, min_grade, periods, curriculum)
        total += _insert(rows)
    return total


def _curriculum() -> dict[tuple[str, int], list[int]]:
    subjects = defaultdict(list)
    for country, grade, subject_id in SubjectGrade.objects.values_list("country", "grade", "subject_id"):
        subjects[(country, grade)].append(subject_id)
    return subjects


def _class_rows(rng, year_id, min_grade, periods, curriculum):
    """Read the classes and class lists first, then return a generator of rows: the rows are written while
    it runs, on the same connection (PostgreSQL's COPY holds it), so it must not query. The order of a row's
    values is COLUMNS."""
    classes = list(SchoolClass.objects.filter(year_id=year_id, grade__gte=min_grade).select_related("school"))
    on_list = _enrolments_by_class(year_id)
    now = connection.ops.adapt_datetimefield_value(timezone.now())

    def rows():
        for klass in classes:
            subjects = curriculum.get((klass.school.country, klass.grade), [])
            for student_id, starts_on, ends_on in on_list.get(klass.pk, ()):
                yield from _student_rows(rng, klass, student_id, starts_on, ends_on, periods, subjects, now)

    return rows()


def _student_rows(rng, klass, student_id, starts_on, ends_on, periods, subjects, now):
    ability = rng.random()
    for period in periods:
        if starts_on > period.ends_on or (ends_on and ends_on < period.starts_on):
            continue
        for subject_id in subjects:
            value = _mark(rng, ability)
            yield (student_id, klass.pk, subject_id, period.pk, klass.school_id, klass.year_id, value, False, now)


def _enrolments_by_class(year_id):
    rows = defaultdict(list)
    enrolments = Enrolment.objects.filter(year_id=year_id).values_list(
        "school_class_id", "student_id", "starts_on", "ends_on"
    )
    for class_id, student_id, starts_on, ends_on in enrolments.iterator(chunk_size=20_000):
        rows[class_id].append((student_id, starts_on, ends_on))
    return rows


def _mark(rng: random.Random, ability: float) -> str:
    roll = rng.random() * 0.6 + ability * 0.4
    if roll < 0.004:
        return "na"
    if roll < 0.008:
        return "ex"
    if roll < 0.05:
        return "2"
    if roll < 0.42:
        return "3"
    if roll < 0.78:
        return "4"
    return "5"


def _insert(rows) -> int:
    """Insert through core.bulk.write_rows: PostgreSQL's COPY or SQLite's executemany, streamed, with the
    references checked once for the whole year instead of by a trigger per row and foreign key."""
    return write_rows(PeriodMark, COLUMNS, rows)
