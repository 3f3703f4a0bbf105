"""Keeps the summary tables equal to what the raw marks say.

One SQL statement per table computes the counts from enrolments and marks; the same statement serves a
whole recompute (no filter) and the refresh of a few classes and periods after marks changed, so there is
one definition of N, missing and the across-subject categories (GLOSSARY.md, "Counting students"):

- the subjects expected of a class in a period are those in which any student of the class has a mark;
- a student counts if they are on the class list at the end of the period (joined on or before it, left
  after it or not at all);
- per subject, N = marks 5/4/3/2/н/а; exempt is apart; no mark yet is "missing", outside N;
- across subjects, a student with any missing mark is "missing", outside N, so that incomplete data shows
  instead of lowering the figures; a student exempt from every subject is apart as well.

After the class rows, the school rows of the same schools and periods are rebuilt as their sums (two more
statements over a few hundred rows per school), so that higher levels sum schools, not classes.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from sapat.assessment.models import PeriodMark
from sapat.core.bulk import references_checked
from sapat.structure.models import Enrolment, Period, SchoolClass, Student

from .models import ClassSummary, SchoolSubjectSummary, SchoolSummary, SubjectSummary

ASSESSED = "('5', '4', '3', '2', 'na')"
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
    students, missing, n5, n4, n3, n2, n_na, exempt, as_of)
SELECT c.id, x.period_id, c.school_id, c.year_id, c.grade, s.gender, x.subject_id,
    SUM(CASE WHEN m.value IN {assessed} THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value IS NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '5' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '4' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '3' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = '2' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = 'na' THEN 1 ELSE 0 END),
    SUM(CASE WHEN m.value = 'ex' THEN 1 ELSE 0 END),
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
    SUM(CASE WHEN st.n_missing = 0 AND st.n_assessed > 0 AND st.n5 = st.n_assessed THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_fail = 0 AND st.n3 = 0 AND st.n4 > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_fail = 0 AND st.n3 = 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_fail > 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN st.n_missing = 0 AND st.n_assessed = 0 THEN 1 ELSE 0 END),
    %s
FROM (
    SELECT x.school_class_id, x.period_id, e.student_id, s.gender,
        SUM(CASE WHEN m.value IS NULL THEN 1 ELSE 0 END) AS n_missing,
        SUM(CASE WHEN m.value IN {assessed} THEN 1 ELSE 0 END) AS n_assessed,
        SUM(CASE WHEN m.value = '5' THEN 1 ELSE 0 END) AS n5,
        SUM(CASE WHEN m.value = '4' THEN 1 ELSE 0 END) AS n4,
        SUM(CASE WHEN m.value = '3' THEN 1 ELSE 0 END) AS n3,
        SUM(CASE WHEN m.value IN ('2', 'na') THEN 1 ELSE 0 END) AS n_fail
    FROM {student_marks}
    GROUP BY x.school_class_id, x.period_id, e.student_id, s.gender
) st
JOIN {klass} c ON c.id = st.school_class_id
GROUP BY c.id, st.period_id, c.school_id, c.year_id, c.grade, st.gender
"""


# The school rows: sums of the class rows, with the marks of all subjects pooled beside the student counts.
SCHOOL_SUBJECT_SQL = """
INSERT INTO {school_subject_summary} (school_id, period_id, year_id, gender, subject_id,
    students, missing, n5, n4, n3, n2, n_na, exempt, as_of)
SELECT school_id, period_id, year_id, gender, subject_id,
    SUM(students), SUM(missing), SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n_na), SUM(exempt), MAX(as_of)
FROM {subject_summary} WHERE {where}
GROUP BY school_id, period_id, year_id, gender, subject_id
"""

SCHOOL_SQL = """
INSERT INTO {school_summary} (school_id, period_id, year_id, gender,
    students, missing, excellent, good, one_three, failing, n5, n4, n3, n2, n_na, exempt, as_of)
SELECT school_id, period_id, year_id, gender, SUM(students), SUM(missing), SUM(excellent), SUM(good),
    SUM(one_three), SUM(failing), SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n_na), SUM(exempt), MAX(as_of)
FROM (
    SELECT school_id, period_id, year_id, gender, students, missing, excellent, good, one_three, failing,
        0 AS n5, 0 AS n4, 0 AS n3, 0 AS n2, 0 AS n_na, 0 AS exempt, as_of
    FROM {class_summary} WHERE {where}
    UNION ALL
    SELECT school_id, period_id, year_id, gender, 0, 0, 0, 0, 0, 0, n5, n4, n3, n2, n_na, exempt, as_of
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


@transaction.atomic
def recompute_all() -> None:
    """Rebuild every summary row from the raw marks."""
    _run_classes("1 = 1", [], staged=connection.vendor == "postgresql")
    rebuild_school_rows()


def refresh_school(school_id: int) -> None:
    """Rebuild every period's rows of one school from its class rows (after a class was deleted)."""
    _run_schools("school_id = %s", [school_id])


def rebuild_school_rows() -> None:
    """Rebuild every school row from the class rows (also how migration 0002 filled the new tables)."""
    _run_schools("1 = 1", [])


@transaction.atomic
def refresh(class_periods: Iterable[tuple[int, int]]) -> None:
    """Rebuild the summary rows of the given (class id, period id) pairs after their marks changed, and the
    school rows of their schools."""
    by_period: dict[int, set[int]] = {}
    for class_id, period_id in class_periods:
        by_period.setdefault(period_id, set()).add(class_id)
    every_class = set().union(*by_period.values())
    school_of = dict(SchoolClass.objects.filter(pk__in=every_class).values_list("pk", "school_id"))
    for period_id, class_ids in by_period.items():
        for chunk in _chunks(class_ids):
            _run_classes(f"period_id = %s AND school_class_id IN ({_marks(chunk)})", [period_id, *chunk])
        for chunk in _chunks({school_of[c] for c in class_ids if c in school_of}):
            _run_schools(f"period_id = %s AND school_id IN ({_marks(chunk)})", [period_id, *chunk])


def _chunks(ids: set[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    return (ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK))


def _marks(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def refresh_classes(class_ids: Iterable[int]) -> None:
    """Rebuild every period of some classes, e.g. after a student joined or left a class list."""
    pairs = PeriodMark.objects.filter(school_class_id__in=list(class_ids)).values_list("school_class_id", "period_id")
    refresh(set(pairs))
