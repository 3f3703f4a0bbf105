"""Period marks for demo and benchmark data: realistic, deterministic, inserted in bulk.

Each student on a class list at the end of a period gets a mark in each subject of their grade's
curriculum; the mix drifts by student ability so that classes differ, as they do in real schools.
"""

import random
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from sapat.assessment.models import PeriodMark
from sapat.structure.models import Enrolment, Period, SchoolClass, SubjectGrade

MARK_PERIODS = ("q1", "q2", "q3", "q4", "year")
BATCH = 20_000


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
    it runs, on the same connection (PostgreSQL's COPY holds it), so it must not query."""
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
    """Insert through the driver itself: PostgreSQL's COPY, SQLite's executemany, in batches."""
    table = PeriodMark._meta.db_table
    columns = "student_id, school_class_id, subject_id, period_id, school_id, year_id, value, derived, changed_at"
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return _copy(connection.connection, table, columns, rows)
    sql = f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
    count, batch = 0, []
    raw = connection.connection
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            raw.executemany(sql, batch)
            count, batch = count + len(batch), []
    raw.executemany(sql, batch)
    return count + len(batch)


def _copy(raw, table: str, columns: str, rows) -> int:
    count = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
