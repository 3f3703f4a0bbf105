"""Figures over a chosen set of students of a class: the engine's definitions applied per student in Python.

The summary tables hold whole classes; a cohort (the students of 7б followed into 8б and 9б) is a subset of a
class, so its figures are computed here from the period marks with exactly the rules of
sapat/indicators/engine.py (docs/indicators.md, "Who is counted"), then turned into indicators by the same
catalogue.compute. A test checks that over a whole class this gives the class's summary figures.
"""

from sapat.assessment.models import PeriodMark
from sapat.core.querysets import unscoped
from sapat.indicators.catalogue import compute
from sapat.indicators.sources.marks import counts_of_marks
from sapat.structure.models import Period, SchoolClass


@unscoped("an analysis engine: the marks of a class its caller reached through the scope")
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
    caller that reads the marks of many classes at once (the comparative report's followed classes). The counts
    are the marks source's Python twin (indicators.sources.marks.counts_of_marks): one definition of who counts."""
    counts = counts_of_marks(expected, rows, student_ids, subject_id=subject_id)
    return {**compute(counts, across_subjects=subject_id is None), "as_of": counts["as_of"]}
