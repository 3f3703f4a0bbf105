"""Keeps the summary tables equal to what the raw marks say.

One SQL statement per table computes the counts from enrolments and marks; the same statement serves a
whole recompute (no filter) and the refresh of a few classes and periods after marks changed, so there is
one definition of N, missing and the across-subject categories (GLOSSARY.md, "Counting students"):

- the subjects expected of a class in a period are those in which any student of the class has a mark;
- a student counts if they are on the class list at the end of the period (joined on or before it, left
  after it or not at all);
- per subject, N = marks 5/4/3/2/н/а and a college's pass/fail credits; exempt is apart; no mark yet is
  "missing", outside N;
- across subjects, a student with any missing mark is "missing", outside N, so that incomplete data shows
  instead of lowering the figures; a student exempt from every subject is apart as well; a failed credit
  fails like a 2, a passed one neither makes nor spoils an excellent or good student (their five-point marks
  decide, and a student with credits only is in N, successful, in no category).

A recompute rebuilds the class rows, then the school rows as their sums (so that higher levels sum schools,
not classes). After marks change, `refresh` moves the rows instead of rebuilding them: the difference between a
class's fresh counts and its stored ones is added to its rows and its school's rows (INSERT … ON CONFLICT DO
UPDATE), under a lock of the class, so concurrent writers of one school all succeed and a save costs what its
class costs (docs/indicators.md, "Always fresh").
"""

import contextlib
from collections.abc import Iterable
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone

from sapat.assessment.models import PeriodMark
from sapat.core.bulk import add_to_rows, references_checked
from sapat.structure.models import Enrolment, Period, SchoolClass, Student

from .models import ClassSummary, SchoolSubjectSummary, SchoolSummary, SubjectSummary

ASSESSED = "('5', '4', '3', '2', 'na', 'p', 'f')"
CHUNK = 500


def _tables() -> dict[str, str]:
    return {
        "mark": PeriodMark._meta.db_table,
        "enrolment": Enrolment._meta.db_table,
        "period": Period._meta.db_table,
        "klass": SchoolClass._meta.db_table,
        "student": Student._meta.db_table,
        "subject_summary": SubjectSummary._meta.db_table,
        "class_summary": ClassSummary._meta.db_table,
        "school_subject_summary": SchoolSubjectSummary._meta.db_table,
        "school_summary": SchoolSummary._meta.db_table,
    }


# Each student on the list at the end of the period, with their mark (or none) in each expected subject.
STUDENT_MARKS = """
    (SELECT DISTINCT school_class_id, period_id, subject_id FROM {mark} WHERE {where}) x
    JOIN {period} p ON p.id = x.period_id
    JOIN {enrolment} e ON e.school_class_id = x.school_class_id
        AND e.starts_on <= p.ends_on AND (e.ends_on IS NULL OR e.ends_on >= p.ends_on)
    JOIN {student} s ON s.id = e.student_id
    LEFT JOIN {mark} m ON m.student_id = e.student_id AND m.subject_id = x.subject_id AND m.period_id = p.id
"""

SUBJECT_SQL = """
INSERT INTO {subject_summary} (school_class_id, period_id, school_id, year_id, grade, gender, subject_id,
    students, missing, n5, n4, n3, n2, n_na, exempt, n_pass, n_fail, as_of)
SELECT c.id, x.period_id, c.school_id, c.year_id, c.grade, s.gender, x.subject_id,
    SUM(CASE WHEN m.value IN {assessed} THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value IS NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '5' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '4' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '3' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '2' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = 'na' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = 'ex' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = 'p' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = 'f' THEN 1 ELSE 0 END),
    %s
FROM {student_marks}
JOIN {klass} c ON c.id = x.school_class_id
GROUP BY c.id, x.period_id, c.school_id, c.year_id, c.grade, s.gender, x.subject_id
"""

CLASS_SQL = """
INSERT INTO {class_summary} (school_class_id, period_id, school_id, year_id, grade, gender,
    students, missing, excellent, good, one_three, failing, exempt, as_of)
SELECT c.id, st.period_id, c.school_id, c.year_id, c.grade, st.gender,
    SUM(CASE WHEN st.n_missing = 0 AND st.n_assessed > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_fail = 0 AND st.n_graded > 0 AND st.n5 = st.n_graded
        THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_fail = 0 AND st.n3 = 0 AND st.n4 > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_fail = 0 AND st.n3 = 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_fail > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_assessed = 0 THEN 1 ELSE 0 END),
    %s
FROM (
    SELECT x.school_class_id, x.period_id, e.student_id, s.gender,
        SUM(CASE WHEN m.value IS NULL THEN 1 ELSE 0 END) AS n_missing,
        SUM(CASE WHEN m.value IN {assessed} THEN 1 ELSE 0 END) AS n_assessed,
        SUM(CASE WHEN m.value IN ('5', '4', '3', '2', 'na') THEN 1 ELSE 0 END) AS n_graded,
        SUM(CASE WHEN m.value = '5' THEN 1 ELSE 0 END) AS n5,
        SUM(CASE WHEN m.value = '4' THEN 1 ELSE 0 END) AS n4,
        SUM(CASE WHEN m.value = '3' THEN 1 ELSE 0 END) AS n3,
        SUM(CASE WHEN m.value IN ('2', 'na', 'f') THEN 1 ELSE 0 END) AS n_fail
    FROM {student_marks}
    GROUP BY x.school_class_id, x.period_id, e.student_id, s.gender
) st
JOIN {klass} c ON c.id = st.school_class_id
GROUP BY c.id, st.period_id, c.school_id, c.year_id, c.grade, st.gender
"""


# The school rows: sums of the class rows, with the marks of all subjects pooled beside the student counts.
SCHOOL_SUBJECT_SQL = """
INSERT INTO {school_subject_summary} (school_id, period_id, year_id, gender, subject_id,
    students, missing, n5, n4, n3, n2, n_na, exempt, n_pass, n_fail, as_of)
SELECT school_id, period_id, year_id, gender, subject_id,
    SUM(students), SUM(missing), SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n_na), SUM(exempt), SUM(n_pass),
    SUM(n_fail), MAX(as_of)
FROM {subject_summary} WHERE {where}
GROUP BY school_id, period_id, year_id, gender, subject_id
"""

SCHOOL_SQL = """
INSERT INTO {school_summary} (school_id, period_id, year_id, gender,
    students, missing, excellent, good, one_three, failing, n5, n4, n3, n2, n_na, exempt, n_pass, n_fail, as_of)
SELECT school_id, period_id, year_id, gender, SUM(students), SUM(missing), SUM(excellent), SUM(good),
    SUM(one_three), SUM(failing), SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n_na), SUM(exempt), SUM(n_pass),
    SUM(n_fail), MAX(as_of)
FROM (
    SELECT school_id, period_id, year_id, gender, students, missing, excellent, good, one_three, failing,
        0 AS n5, 0 AS n4, 0 AS n3, 0 AS n2, 0 AS n_na, 0 AS exempt, 0 AS n_pass, 0 AS n_fail, as_of
    FROM {class_summary} WHERE {where}
    UNION ALL
    SELECT school_id, period_id, year_id, gender, 0, 0, 0, 0, 0, 0, n5, n4, n3, n2, n_na, exempt, n_pass,
        n_fail, as_of
    FROM {subject_summary} WHERE {where}
) parts
GROUP BY school_id, period_id, year_id, gender
"""


def _run_classes(where: str, params: list, *, staged: bool = False) -> None:
    """Rebuild the class rows `where` selects from the enrolments and marks."""
    names = _tables()
    student_marks = STUDENT_MARKS.format(where=where, **names)
    now = timezone.now()
    with connection.cursor() as cursor:
        for table in (names["subject_summary"], names["class_summary"]):
            cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608 - names are ours
        for template in (SUBJECT_SQL, CLASS_SQL):
            sql = template.format(student_marks=student_marks, assessed=ASSESSED, **names)
            if staged:
                _execute_staged(cursor, sql, [now, *params])
            else:
                cursor.execute(sql, [now, *params])


def _execute_staged(cursor, sql: str, params: list) -> None:
    """Run an `INSERT INTO t (columns) SELECT …` by way of a temporary table: PostgreSQL never gives an INSERT's
    SELECT parallel workers, but does give them to CREATE TABLE AS (on two cores 51 s instead of about 80 s for
    the region benchmark's two statements). The copy into the summary table then skips the per-row foreign-key
    checks where allowed (sapat.core.bulk.references_checked): they took 23 s at commit for 1.45 million rows
    whose references hold by construction."""
    head, select = sql.split("SELECT", 1)
    table, columns = head.split()[2], head[head.index("(") + 1 : head.rindex(")")]
    staged = f"SELECT * FROM (SELECT{select}) AS fresh ({columns})"  # noqa: S608 - our own statement
    cursor.execute(f"CREATE TEMPORARY TABLE sapat_recompute ON COMMIT DROP AS {staged}", params)
    # Every id in the rows was just selected from the table it refers to, in this transaction.
    with references_checked(connection, table, [c.strip() for c in columns.split(",") if c.strip().endswith("_id")]):
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT * FROM sapat_recompute")  # noqa: S608
    cursor.execute("DROP TABLE sapat_recompute")


def _run_schools(where: str, params: list) -> None:
    """Rebuild the school rows `where` selects (by school and period) from the class rows."""
    names = _tables()
    with connection.cursor() as cursor:
        for table in (names["school_subject_summary"], names["school_summary"]):
            cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608 - names are ours
        cursor.execute(SCHOOL_SUBJECT_SQL.format(where=where, **names), params)
        cursor.execute(SCHOOL_SQL.format(where=where, **names), [*params, *params])


def lock_summaries() -> None:
    """Keep writers of marks out of the summary tables until this transaction ends (a recompute, or its
    comparison by `recompute --verify`): they wait at their first addition instead of adding to rows being
    rebuilt, which would break a unique key or be lost. SHARE ROW EXCLUSIVE lets the dashboards read on."""
    if connection.vendor != "postgresql":
        return  # SQLite: one writer at a time already
    tables = ", ".join(_tables()[name] for name in SUMMARY_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


SUMMARY_TABLES = ("subject_summary", "class_summary", "school_subject_summary", "school_summary")


@transaction.atomic
def recompute_all() -> None:
    """Rebuild every summary row from the raw marks."""
    lock_summaries()
    _run_classes("1 = 1", [], staged=connection.vendor == "postgresql")
    rebuild_school_rows()


def refresh_school(school_id: int) -> None:
    """Rebuild every period's rows of one school from its class rows (after a class was deleted)."""
    _run_schools("school_id = %s", [school_id])


def rebuild_school_rows() -> None:
    """Rebuild every school row from the class rows (also how migration 0002 filled the new tables)."""
    _run_schools("1 = 1", [])


def lock_classes(class_ids: Iterable[int]) -> None:
    """Take the write lock of some classes' summary rows, in the order of their ids (so that two writers never
    wait for each other in a cycle): SELECT … FOR NO KEY UPDATE of the classes' rows, which blocks another
    writer of the same class until this transaction ends but not the marks' own foreign-key checks. Writers of
    different classes of one school do not wait for each other at all. Taken before the marks are read, so that
    what a writer reads and then counts is never changed under it. SQLite needs none: one writer at a time
    holds the whole database (`transaction_mode: IMMEDIATE`) while the others wait."""
    ids = sorted(set(class_ids))
    if not ids or connection.vendor != "postgresql":
        return
    table = SchoolClass._meta.db_table
    with connection.cursor() as cursor:
        for chunk in _chunks(set(ids)):
            sql = f"SELECT id FROM {table} WHERE id IN ({_marks(chunk)}) ORDER BY id FOR NO KEY UPDATE"  # noqa: S608
            cursor.execute(sql, chunk)


@transaction.atomic(savepoint=False)  # inside a save's transaction: a savepoint would only cost two round trips
def refresh(
    class_periods: Iterable[tuple[int, int]], subject_ids: Iterable[int] | None = None, *, locked: bool = False
) -> dict[tuple[int, int, int], dict[str, int]]:
    """Move the summary rows of the given (class id, period id) pairs by what their marks changed, and the
    school rows of their schools by the same amounts (`subject_ids`: the only subjects whose marks changed).
    Returns the counts of MARKS of each (class id, period id, subject id) after the change, over both genders
    (with `subject_ids`, every one of those subjects; a subject left without marks counts zeros): what the
    journal's cell shows at once without reading the rows it has just written.

    Exactly incremental: the counts of each class and period are computed afresh over that one class (its
    students × its subjects, by the statements a recompute runs) and compared with its stored rows, which hold
    the counts before the change; each difference (a mark that moved from one count to another, a student whose
    across-subject category moved from the old to the new one) is added to the class's rows and to its school's
    rows with INSERT … ON CONFLICT DO UPDATE, never by rewriting them. The cost grows with the class, not with
    the school, the district or the region; the class's lock (`lock_classes`) makes its stored rows the counts
    before this change, and the additions commute, so concurrent writers of one school all succeed. `locked`:
    the caller took the classes' locks already, before it read the marks it changed."""
    by_period: dict[int, set[int]] = {}
    for class_id, period_id in class_periods:
        by_period.setdefault(period_id, set()).add(class_id)
    if not locked:
        lock_classes(set().union(*by_period.values()))
    subjects = sorted(set(subject_ids)) if subject_ids is not None else None
    moves = _Moves(timezone.now())
    for period_id, class_ids in sorted(by_period.items()):
        moves.fresh |= {(c, period_id, s): dict.fromkeys(MARKS, 0) for c in class_ids for s in subjects or ()}
        for chunk in _chunks(class_ids):
            moves.collect(f"period_id = %s AND school_class_id IN ({_marks(chunk)})", [period_id, *chunk], subjects)
    moves.apply()
    return moves.fresh


SUBJECT_KEY = ("school_class_id", "period_id", "subject_id", "gender")
CLASS_KEY = ("school_class_id", "period_id", "gender")
SCHOOL_SUBJECT_KEY = ("school_id", "period_id", "subject_id", "gender")
SCHOOL_KEY = ("school_id", "period_id", "gender")
MARKS = ("students", "missing", "n5", "n4", "n3", "n2", "n_na", "exempt", "n_pass", "n_fail")
CATEGORIES = ("students", "missing", "excellent", "good", "one_three", "failing", "exempt")
SCHOOL_COUNTS = ("students", "missing", "excellent", "good", "one_three", "failing", "n5", "n4", "n3", "n2", "n_na")
# A school row's counts as added: the class rows' students and categories, then the subject rows' pooled marks.
SCHOOL_ADDED = (*SCHOOL_COUNTS, "exempt", "n_pass", "n_fail")
POOLED = len(SCHOOL_ADDED) - 6  # n5 … n_fail, from the subject rows
MEMBERS = ("students", "missing", "exempt")  # every student of a row is in exactly one: none left, no row


class _Moves:
    """The differences between the fresh and the stored counts of some classes, keyed as the four summary
    tables are, and their application to those tables in one fixed order (tables, then keys)."""

    def __init__(self, now):
        self.now = now
        self.subject: dict[tuple, list] = {}  # key -> [deltas of MARKS, school_id, year_id, grade]
        self.klass: dict[tuple, list] = {}  # key -> [deltas of CATEGORIES, school_id, year_id, grade]
        self.fresh: dict[tuple, dict] = {}  # (class, period, subject) -> the counts of MARKS after the change

    def collect(self, where: str, params: list, subjects: list[int] | None) -> None:
        subject_where, subject_params = where, params
        if subjects is not None:
            subject_where = f"{where} AND subject_id IN ({_marks(subjects)})"
            subject_params = [*params, *subjects]
        fresh = self._diff(self.subject, SUBJECT_SQL, "subject_summary", SUBJECT_KEY, MARKS, subject_where,
                           subject_params)  # fmt: skip
        for (class_id, period_id, subject_id, _gender), counts in fresh:
            totals = self.fresh.setdefault((class_id, period_id, subject_id), dict.fromkeys(MARKS, 0))
            for name, value in zip(MARKS, counts, strict=True):
                totals[name] += value
        self._diff(self.klass, CLASS_SQL, "class_summary", CLASS_KEY, CATEGORIES, where, params)

    def _diff(self, into: dict, template: str, table: str, key, counts, where: str, params: list) -> list:
        """The stored rows (sign -1) and the fresh ones (sign 1) in one statement, summed per key; returns the
        fresh rows as (key, counts)."""
        names = _tables()
        fresh, columns = _select(template.format(student_marks=STUDENT_MARKS.format(where=where, **names),
                                                  assessed=ASSESSED, **names))  # fmt: skip
        stored = f"SELECT -1, {', '.join(columns)} FROM {names[table]} WHERE {where}"  # noqa: S608 - names are ours
        ordered = itemgetter(*[columns.index(c) + 1 for c in (*key, *counts, "school_id", "year_id", "grade")])
        width = len(key) + len(counts)
        fresh_rows = []
        with connection.cursor() as cursor:
            cursor.execute(f"{stored} UNION ALL SELECT 1, {fresh}", [*params, self.now, *params])
            for sign, *row in cursor.fetchall():
                row = ordered((sign, *row))
                entry = into.setdefault(tuple(row[: len(key)]), [0] * len(counts) + list(row[width:]))
                for position, value in enumerate(row[len(key) : width]):
                    entry[position] += sign * value
                if sign == 1:
                    fresh_rows.append((tuple(row[: len(key)]), row[len(key) : width]))
        return fresh_rows

    def apply(self) -> None:
        """The class rows, then the school rows they add up to; each table's rows in the order of their keys."""
        school_subject: dict[tuple, list] = {}
        school: dict[tuple, list] = {}
        for (_class, period, subject, gender), row in self.subject.items():
            _add(school_subject, (row[-3], period, subject, gender), row[: len(MARKS)], row[-2])
            _add(school, (row[-3], period, gender), [0] * 6 + row[2 : len(MARKS)], row[-2])  # n5 … n_fail
        for (_class, period, gender), row in self.klass.items():
            _add(school, (row[-3], period, gender), row[:6] + [0] * POOLED, row[-2])  # a class's exempt is not pooled
        as_of = [self.now]
        class_rows = ("school_id", "year_id", "grade", "as_of")
        with _pipeline():
            for model, rows, key, counts, replaced in (
                (SubjectSummary, self.subject, SUBJECT_KEY, MARKS, class_rows),
                (ClassSummary, self.klass, CLASS_KEY, CATEGORIES, class_rows),
                (SchoolSubjectSummary, school_subject, SCHOOL_SUBJECT_KEY, MARKS, ("year_id", "as_of")),
                (SchoolSummary, school, SCHOOL_KEY, SCHOOL_ADDED, ("year_id", "as_of")),
            ):
                rows = {k: (*row, *as_of) for k, row in rows.items()}
                add_to_rows(model, rows, key=key, added=counts, replaced=replaced, empty=MEMBERS)


def _pipeline():
    """On PostgreSQL, the four tables' statements sent together and answered at once (psycopg's pipeline mode):
    one round trip instead of one per table, in the same order, so the order of the row locks is kept."""
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    connection.ensure_connection()
    return connection.connection.pipeline()


def _add(into: dict, key: tuple, deltas: list, year_id: int) -> None:
    entry = into.setdefault(key, [0] * len(deltas) + [year_id])
    for position, value in enumerate(deltas):
        entry[position] += value


def _select(insert_sql: str) -> tuple[str, list[str]]:
    """What follows SELECT in one of the engine's INSERT … SELECT statements, and the columns it fills."""
    head, select = insert_sql.split("SELECT", 1)
    return select, [c.strip() for c in head[head.index("(") + 1 : head.rindex(")")].split(",")]


def _chunks(ids: set[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    return (ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK))


def _marks(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def refresh_classes(class_ids: Iterable[int]) -> None:
    """Rebuild every period of some classes, e.g. after a student joined or left a class list."""
    pairs = PeriodMark.objects.filter(school_class_id__in=list(class_ids)).values_list("school_class_id", "period_id")
    refresh(set(pairs))
