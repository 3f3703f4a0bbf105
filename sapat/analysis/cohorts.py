"""Figures over a chosen set of students of a class: the engine's definitions applied per student in Python.

The summary tables hold whole classes; a cohort (the students of 7б followed into 8б and 9б) is a subset of a
class, so its figures are computed here from the period marks with exactly the rules of
sapat/indicators/engine.py (docs/indicators.md, "Who is counted"), then turned into indicators by the same
catalogue.compute. A test checks that over a whole class this gives the class's summary figures.
"""

from collections import defaultdict

from sapat.assessment.models import PeriodMark
from sapat.indicators.catalogue import compute
from sapat.structure.models import Period, SchoolClass

ASSESSED = {"5", "4", "3", "2", "na"}
MARK_COUNT = {"5": "n5", "4": "n4", "3": "n3", "2": "n2", "na": "n_na", "ex": "exempt"}


def student_figures(
    school_class: SchoolClass, period: Period, student_ids, *, subject_id: int | None = None
) -> dict | None:
    """Figures over `student_ids` (students on the class list at the end of the period) for the period.

    The subjects expected are those in which any student of the class has a mark; a student without a mark in
    one is missing. None when the class has no marks in the period (or none in the subject). Two queries.
    """
    expected = set(
        PeriodMark.objects.filter(school_class=school_class, period=period).values_list("subject_id", flat=True)
    )
    if subject_id is not None:
        expected &= {subject_id}
    if not expected:
        return None
    found = PeriodMark.objects.filter(period=period, student_id__in=list(student_ids), subject_id__in=expected)
    rows = found.values_list("student_id", "subject_id", "value", "changed_at")
    return figures_of_marks(expected, rows, student_ids, subject_id=subject_id)


def figures_of_marks(expected: set[int], rows, student_ids, *, subject_id: int | None = None) -> dict:
    """The figures over `student_ids` from their period marks, rows of (student, subject, value, changed_at);
    marks outside the `expected` subjects are ignored. The half of `student_figures` without queries, for a
    caller that reads the marks of many classes at once (the comparative report's followed classes)."""
    marks = defaultdict(dict)
    latest = None
    for student_id, subject, value, changed_at in rows:
        if subject in expected:
            marks[student_id][subject] = value
            latest = max(latest or changed_at, changed_at)
    per_student = [[marks[s].get(subject) for subject in expected] for s in student_ids]
    counts = _subject_counts(per_student) if subject_id is not None else _class_counts(per_student)
    return {**compute(counts, across_subjects=subject_id is None), "as_of": latest}


def _mark_counts(per_student: list[list[str | None]]) -> dict:
    counts = dict.fromkeys(MARK_COUNT.values(), 0)
    for values in per_student:
        for value in values:
            if value is not None:
                counts[MARK_COUNT[value]] += 1
    return counts


def _subject_counts(per_student: list[list[str | None]]) -> dict:
    """One subject: N = 5/4/3/2/н/а, exempt apart, no mark = missing."""
    values = [student[0] for student in per_student]
    return {
        **_mark_counts(per_student),
        "students": sum(value in ASSESSED for value in values),
        "missing": sum(value is None for value in values),
    }


def _class_counts(per_student: list[list[str | None]]) -> dict:
    """Across subjects: marks pooled as in the subject summaries, students sorted as the class summary does."""
    counts = {
        **_mark_counts(per_student),
        **dict.fromkeys(("students", "missing", "excellent", "good", "one_three", "failing"), 0),
    }
    for values in per_student:
        category = _category(values)
        if category == "missing":
            counts["missing"] += 1
        elif category != "exempt":
            counts["students"] += 1
            if category:
                counts[category] += 1
    return counts


def _category(values: list[str | None]) -> str | None:
    """missing, exempt (from every subject: apart from N), failing, excellent, good, one_three, or None (in N,
    none of these: two or more 3s)."""
    if any(value is None for value in values):
        return "missing"
    assessed = [value for value in values if value in ASSESSED]
    if not assessed:
        return "exempt"
    if any(value in ("2", "na") for value in assessed):
        return "failing"
    if all(value == "5" for value in assessed):
        return "excellent"
    threes = assessed.count("3")
    if threes == 0:
        return "good"
    return "one_three" if threes == 1 else None
