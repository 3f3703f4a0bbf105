"""The marks source: the counts of period marks, summed from the summary tables the engine keeps.

Counts (GLOSSARY.md, docs/indicators.md "Who is counted"): `students` (N), `missing`, `n5` … `n2`, `n_na`,
`exempt`, a college's pass/fail credits `n_pass` and `n_fail`, and across subjects the students' categories
`excellent`, `good`, `one_three`, `failing`. Within one subject `failing` is n2 + н/а + failed credits and the
categories are not kept (None).

Two ways to the same counts: `sums()` adds up summary rows (school rows when a figure spans whole schools,
class rows when it is narrowed to a grade or to classes; a school row is by definition the sum of its class
rows), and `counts_of_marks()`, its Python twin, counts the period marks of any chosen set of students with the
engine's definitions (a cohort followed from class to class is a subset of a class, which no summary holds). A
test checks that over whole classes the two agree.
"""

from collections import defaultdict

from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from sapat.core.querysets import unscoped
from sapat.structure.models import OrgUnit

from ..models import ClassSummary, SchoolSubjectSummary, SchoolSummary, SubjectSummary
from . import Count, CountQuery, CountSource

MARK_FIELDS = ("n5", "n4", "n3", "n2", "n_na", "exempt", "n_pass", "n_fail")
CATEGORY_FIELDS = ("excellent", "good", "one_three", "failing")
STUDENT_FIELDS = ("students", "missing", *CATEGORY_FIELDS)  # across subjects, from the class rows
SUBJECT_FIELDS = ("students", "missing", *MARK_FIELDS)
# Breakdown name -> the summary field it groups by.
GROUP_FIELDS = {
    "class": "school_class_id",
    "parallel": "grade",
    "subject": "subject_id",
    "school": "school_id",
    "district": "school__parent_id",
    "school_kind": "school__school_kind",
    "settlement": "school__settlement",
    "gender": "gender",
    "period": "period_id",
    # A college's groups (sapat.colleges): a group is its class of the year, a course its groups' grade.
    "group": "school_class_id",
    "course": "grade",
    "speciality": "school_class__group_year__group__speciality_id",
    "department": "school_class__group_year__group__speciality__department_id",
}
# Breakdowns that only a college's groups have: the rows of other classes are left out of them.
COLLEGE_BREAKDOWNS = ("group", "course", "speciality", "department")
BY_CLASS = ("class", "parallel", *COLLEGE_BREAKDOWNS)
GRADED = {"5", "4", "3", "2", "na"}
ASSESSED = GRADED | {"p", "f"}
MARK_COUNT = {"5": "n5", "4": "n4", "3": "n3", "2": "n2", "na": "n_na", "ex": "exempt", "p": "n_pass", "f": "n_fail"}


class MarksSource(CountSource):
    def __init__(self):
        super().__init__(code="marks", label=_("period marks"), breakdowns=frozenset(GROUP_FIELDS))

    def counts(self) -> list[Count]:
        return [
            Count("students", _("students (N)")),
            Count("missing", _("marks missing")),
            Count("n5", _("marks 5")),
            Count("n4", _("marks 4")),
            Count("n3", _("marks 3")),
            Count("n2", _("marks 2")),
            Count("n_na", _("not assessed (n/a)")),
            Count("exempt", _("exempt")),
            Count("n_pass", _("credits passed")),
            Count("n_fail", _("credits failed")),
            Count("excellent", _("excellent students"), per_subject=False),
            Count("good", _("good students"), per_subject=False),
            Count("one_three", _("students with one 3"), per_subject=False),
            Count("failing", _("failing students")),
        ]

    @unscoped("the summaries engine: the marks' counts under a unit whose figures were asked")
    def sums(self, query: CountQuery) -> dict:
        group = GROUP_FIELDS[query.by] if query.by else None
        by_class = query.grade is not None or query.class_ids is not None or query.by in BY_CLASS
        if query.within_subject:
            rows = _rows(SubjectSummary if by_class else SchoolSubjectSummary, query)
            if query.subject_id is not None:
                rows = rows.filter(subject_id=query.subject_id)
            return {key: subject_counts(value) for key, value in _sum(rows, SUBJECT_FIELDS, group).items()}
        if by_class:
            marks = _sum(_rows(SubjectSummary, query), MARK_FIELDS, group)
            students = _sum(_rows(ClassSummary, query), STUDENT_FIELDS, group)
            return {key: across_counts(_merged(marks.get(key), students.get(key))) for key in marks | students}
        counts = _sum(_rows(SchoolSummary, query), (*STUDENT_FIELDS, *MARK_FIELDS), group)
        return {key: across_counts(value) for key, value in counts.items()}


def subject_counts(summed: dict) -> dict:
    """The source's counts within one subject from summed columns: failing is n2 + н/а + failed credits, no
    categories."""
    counts = {key: summed.get(key) or 0 for key in SUBJECT_FIELDS}
    failing = counts["n2"] + counts["n_na"] + counts["n_fail"]
    counts.update({"excellent": None, "good": None, "one_three": None, "failing": failing})
    counts["as_of"] = summed.get("as_of")
    return counts


def across_counts(summed: dict) -> dict:
    counts = {key: summed.get(key) or 0 for key in (*STUDENT_FIELDS, *MARK_FIELDS)}
    counts["as_of"] = summed.get("as_of")
    return counts


def _rows(model, query: CountQuery):
    schools = OrgUnit.objects.school_ids_under(query.unit)
    found = model.objects.filter(period__in=[p.pk for p in query.periods], school_id__in=schools)
    if query.school_ids is not None:
        found = found.filter(school_id__in=query.school_ids)
    if query.grade is not None:
        found = found.filter(grade=query.grade)
    if query.class_ids is not None:
        found = found.filter(school_class_id__in=query.class_ids)
    if query.by in COLLEGE_BREAKDOWNS:
        found = found.filter(school_class__group_year__isnull=False)
    return found


def _sum(queryset, fields, group: str | None) -> dict:
    aggregates = {name: Sum(name) for name in fields}
    aggregates["as_of"] = Max("as_of")
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    return {row.pop(group): row for row in queryset.values(group).order_by().annotate(**aggregates)}


def _merged(marks: dict | None, students: dict | None) -> dict:
    """Across subjects from class rows: the marks pooled from the subject rows, the students from the class rows."""
    marks, students = marks or {}, students or {}
    merged = {**marks, **students}
    merged["as_of"] = max(filter(None, (marks.get("as_of"), students.get("as_of"))), default=None)
    return merged


# The Python twin ------------------------------------------------------------------------------------------


@unscoped("the summaries engine: counts of marks given to it")
def counts_of_marks(expected: set[int], rows, student_ids, *, subject_id: int | None = None) -> dict:
    """The source's counts over `student_ids` from their period marks, rows of (student, subject, value,
    changed_at), with the engine's definitions: the `expected` subjects are those in which any student of the
    class has a mark (marks outside them are ignored), a student without a mark in one is missing."""
    marks = defaultdict(dict)
    latest = None
    for student_id, subject, value, changed_at in rows:
        if subject in expected:
            marks[student_id][subject] = value
            latest = max(latest or changed_at, changed_at)
    per_student = [[marks[s].get(subject) for subject in expected] for s in student_ids]
    if subject_id is not None:
        counts = subject_counts(_subject_columns(per_student))
    else:
        counts = across_counts(_class_columns(per_student))
    counts["as_of"] = latest
    return counts


def _mark_columns(per_student: list[list[str | None]]) -> dict:
    counts = dict.fromkeys(MARK_COUNT.values(), 0)
    for values in per_student:
        for value in values:
            if value is not None:
                counts[MARK_COUNT[value]] += 1
    return counts


def _subject_columns(per_student: list[list[str | None]]) -> dict:
    """One subject: N = 5/4/3/2/н/а and credits, exempt apart, no mark = missing."""
    values = [student[0] for student in per_student]
    return {
        **_mark_columns(per_student),
        "students": sum(value in ASSESSED for value in values),
        "missing": sum(value is None for value in values),
    }


def _class_columns(per_student: list[list[str | None]]) -> dict:
    """Across subjects: marks pooled as in the subject summaries, students sorted as the class summary does."""
    counts = {**_mark_columns(per_student), **dict.fromkeys(STUDENT_FIELDS, 0)}
    for values in per_student:
        category = category_of(values)
        if category == "missing":
            counts["missing"] += 1
        elif category != "exempt":
            counts["students"] += 1
            if category:
                counts[category] += 1
    return counts


def category_of(values: list[str | None]) -> str | None:
    """missing, exempt (from every subject: apart from N), failing, excellent, good, one_three, or None (in N,
    none of these: two or more 3s, or pass/fail credits only). A failed credit fails; passed credits leave the
    category to the five-point marks."""
    if any(value is None for value in values):
        return "missing"
    assessed = [value for value in values if value in ASSESSED]
    if not assessed:
        return "exempt"
    if any(value in ("2", "na", "f") for value in assessed):
        return "failing"
    graded = [value for value in assessed if value in GRADED]
    if not graded:
        return None
    if all(value == "5" for value in graded):
        return "excellent"
    threes = graded.count("3")
    if threes == 0:
        return "good"
    return "one_three" if threes == 1 else None
