"""Period marks for demo and benchmark data: realistic, deterministic, inserted in bulk.

Each student on a class list at the end of a period gets a mark in each subject of their grade's
curriculum, near that student's usual level, so that excellent, good and failing students appear in the
proportions schools report, and schools differ a little, as they do. The year mark follows from the quarter
marks as schools set it (GLOSSARY.md): the rounded mean (half up) of the quarters with a mark; never
"4, 4, 4, 4 → 3".
"""

import random
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from sapat.assessment.models import PeriodMark
from sapat.core.bulk import write_rows
from sapat.structure.models import Enrolment, Period, SchoolClass, SubjectGrade

MARK_PERIODS = ("q1", "q2", "q3", "q4", "year")
# A student's usual mark is BASE + SPAN × ability (plus their school's level); each subject's mark spreads
# around it. Tuned so that a school looks like the regions' reports: quality of knowledge about 40–50 %,
# excellent students 5–10 %, failing students a few per cent, schools a few points apart.
BASE, SPAN, SUBJECT_SPREAD, SCHOOL_SPREAD = 2.95, 2.15, 0.3, 0.12
NOT_ASSESSED, EXEMPT = 0.001, 0.002
NUMERIC = {"2": 2, "3": 3, "4": 4, "5": 5}
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
        rows = _class_rows(rng, seed, year_id, min_grade, periods, curriculum)
        total += _insert(rows)
    return total


def _curriculum() -> dict[tuple[str, int], list[int]]:
    subjects = defaultdict(list)
    for country, grade, subject_id in SubjectGrade.objects.values_list("country", "grade", "subject_id"):
        subjects[(country, grade)].append(subject_id)
    return subjects


def _class_rows(rng, seed, year_id, min_grade, periods, curriculum):
    """Read the classes and class lists first, then return a generator of rows: the rows are written while
    it runs, on the same connection (PostgreSQL's COPY holds it), so it must not query. The order of a row's
    values is COLUMNS."""
    classes = list(SchoolClass.objects.filter(year_id=year_id, grade__gte=min_grade).select_related("school"))
    on_list = _enrolments_by_class(year_id)
    now = connection.ops.adapt_datetimefield_value(timezone.now())

    def rows():
        for klass in classes:
            subjects = curriculum.get((klass.school.country, klass.grade), [])
            level = _school_level(seed, klass.school_id)
            for student_id, starts_on, ends_on in on_list.get(klass.pk, ()):
                yield from _student_rows(rng, klass, student_id, starts_on, ends_on, periods, subjects, now, level)

    return rows()


def _student_rows(rng, klass, student_id, starts_on, ends_on, periods, subjects, now, level):
    base = level + SPAN * rng.random()  # the student's usual mark, between about 3 and 5
    on_list = [(p.code, p.pk) for p in periods if not (starts_on > p.ends_on or (ends_on and ends_on < p.starts_on))]
    quarters = [code for code, _pk in on_list if code != "year"]
    school_id, year_id, class_id = klass.school_id, klass.year_id, klass.pk
    for subject_id in subjects:
        marks = {code: _mark(rng, base) for code in quarters}
        marks["year"] = year_mark(marks.values())
        for code, period_id in on_list:
            value = marks[code]
            if value is not None:
                yield (student_id, class_id, subject_id, period_id, school_id, year_id, value, False, now)


def year_mark(quarters) -> str | None:
    """The year mark from the quarter marks the student has: the mean of the numeric ones rounded half up;
    without any, н/а if a quarter was not assessed, else exempt (None when the student had no quarter)."""
    values = list(quarters)
    numeric = [NUMERIC[v] for v in values if v in NUMERIC]
    if numeric:
        return str(int(sum(numeric) / len(numeric) + 0.5))
    if not values:
        return None
    return "na" if "na" in values else "ex"


def _school_level(seed: int, school_id: int) -> float:
    """Schools differ: a school's students sit a little above or below the usual level."""
    return BASE + random.Random(f"{seed}-school-{school_id}").gauss(0, SCHOOL_SPREAD)


def _enrolments_by_class(year_id):
    rows = defaultdict(list)
    enrolments = Enrolment.objects.filter(year_id=year_id).values_list(
        "school_class_id", "student_id", "starts_on", "ends_on"
    )
    for class_id, student_id, starts_on, ends_on in enrolments.iterator(chunk_size=20_000):
        rows[class_id].append((student_id, starts_on, ends_on))
    return rows


def _mark(rng: random.Random, base: float) -> str:
    """A mark near the student's usual one, rarely н/а or exempt."""
    roll = rng.random()
    if roll < NOT_ASSESSED:
        return "na"
    if roll < NOT_ASSESSED + EXEMPT:
        return "ex"
    return str(min(5, max(2, round(base + rng.gauss(0, SUBJECT_SPREAD)))))


def _insert(rows) -> int:
    """Insert through core.bulk.write_rows: PostgreSQL's COPY or SQLite's executemany, streamed, with the
    references checked once for the whole year instead of by a trigger per row and foreign key."""
    return write_rows(PeriodMark, COLUMNS, rows)
