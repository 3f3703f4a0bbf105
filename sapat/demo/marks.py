"""Period marks for demo and benchmark data: realistic, deterministic, inserted in bulk.

Each student on a class list at the end of a period gets a mark in each subject of their grade's
curriculum; the mix drifts by student ability so that classes differ, as they do in real schools.
"""

import random
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from sapat.assessment.models import PeriodMark
from sapat.structure.models import Enrolment, Period, SchoolClass, SubjectGrade

MARK_PERIODS = ("q1", "q2", "q3", "q4", "year")
BATCH = 20_000


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
    classes = SchoolClass.objects.filter(year_id=year_id, grade__gte=min_grade).select_related("school")
    on_list = _enrolments_by_class(year_id)
    now = timezone.now()
    for klass in classes.iterator(chunk_size=2000):
        subjects = curriculum.get((klass.school.country, klass.grade), [])
        for student_id, starts_on, ends_on in on_list.get(klass.pk, ()):
            ability = rng.random()
            for period in periods:
                if starts_on > period.ends_on or (ends_on and ends_on < period.starts_on):
                    continue
                for subject_id in subjects:
                    value = _mark(rng, ability)
                    yield (student_id, klass.pk, subject_id, period.pk, klass.school_id, year_id, value, False, now)


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
    table = PeriodMark._meta.db_table
    columns = "student_id, school_class_id, subject_id, period_id, school_id, year_id, value, derived, changed_at"
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
