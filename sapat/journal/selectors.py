"""Reads of the journal: who may enter what, the grid of a class and subject, its figures, closed periods.

`can_enter_marks` is the one rule of who enters marks and results; every view and endpoint of the
journal asks it (after the class was fetched through the scoping rule, so another school's class is
already a 404).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from sapat.access.scope import scope_of
from sapat.assessment.models import GradingScheme, MarkValue, PeriodMark, Score
from sapat.assessment.schemes import scheme_for_class
from sapat.core.numbers import format_number, format_percent
from sapat.indicators.selectors import Filter, unit_figures
from sapat.structure.models import Enrolment, OrgUnit, Period, SchoolClass, Subject, SubjectGrade, TeachingAssignment

from .models import PeriodLock, closed_pairs

# How a mark is written in a cell; the forms people type are in forms.MARK_ALIASES.
SHORT = {
    MarkValue.NOT_ASSESSED: pgettext_lazy("short mark", "n/a"),
    MarkValue.EXEMPT: pgettext_lazy("short mark", "ex."),
}
TERMS = {"quarters": ("q1", "q2", "q3", "q4", "year"), "halves": ("h1", "h2", "year")}


# Who may do what ---------------------------------------------------------------------------------------


def _heads_school(user, school: OrgUnit) -> bool:
    """Director or deputy director (academic) of this very school: among the roles that may change a
    unit (access.scope.MANAGING_ROLES) they are the ones held in a school, so the school's own path is
    among the user's managed paths exactly then (a district coordinator manages the district's path)."""
    scope = scope_of(user)
    return scope.everything or school.path in scope.managed_paths


def can_enter_marks(user, school_class: SchoolClass, subject: Subject) -> bool:
    """The one rule: the director and the academic deputy enter every class and subject of their school; a
    teacher (subject teacher or class teacher alike) only the subjects they teach in the class; nobody else."""
    if _heads_school(user, school_class.school):
        return True
    staff_ids = scope_of(user).staff_ids
    return bool(staff_ids) and (
        TeachingAssignment.objects.filter(teacher_id__in=staff_ids, school_class=school_class, subject=subject).exists()
    )


def can_close_periods(user, school: OrgUnit) -> bool:
    """Closing a period and reopening it (with a reason) is for the school's director and academic deputy."""
    return school.is_school and _heads_school(user, school)


def enterable(user, year_ids=None) -> list[tuple[SchoolClass, list[Subject]]]:
    """The classes and subjects the user may enter (the journal's start page), in two queries.

    Heads of a school get every class of their schools with the subjects taught in it; teachers their own
    teaching assignments. (A superuser opens grids from the class pages instead of a list of every class.)"""
    scope = scope_of(user)
    headed = OrgUnit.objects.filter(path__in=scope.managed_paths, kind=OrgUnit.Kind.SCHOOL)
    assignments = TeachingAssignment.objects.filter(
        Q(teacher_id__in=scope.staff_ids) | Q(school_class__school__in=headed)
    ).select_related("school_class__school", "school_class__year", "subject")
    if year_ids is not None:
        assignments = assignments.filter(school_class__year_id__in=year_ids)
    grouped: dict[SchoolClass, set] = defaultdict(set)
    for assignment in assignments:
        grouped[assignment.school_class].add(assignment.subject)
    order = sorted(grouped, key=lambda c: (-c.year.starts_on.toordinal(), c.school.code, c.grade, c.letter))
    return [(c, sorted(grouped[c], key=lambda s: s.code)) for c in order]


# The grid of period marks ------------------------------------------------------------------------------


def criteria_based(school_class: SchoolClass) -> bool:
    """Whether the class's marks are derived from ФО/СОр/СОч scores (KZ) instead of typed."""
    scheme = scheme_for_class(school_class)
    return scheme is not None and scheme.kind == GradingScheme.Kind.CRITERIA


def default_terms(school_class: SchoolClass, subject: Subject) -> str:
    """Half-years for a subject taught one hour a week in a KZ grade (GLOSSARY.md), else quarters."""
    hours = (
        SubjectGrade.objects.filter(subject=subject, country=school_class.school.country, grade=school_class.grade)
        .values_list("hours_per_week", flat=True)
        .first()
    )
    if school_class.school.country == "KZ" and hours is not None and hours <= 1:
        return "halves"
    return "quarters"


def grid_periods(school_class: SchoolClass, terms: str) -> list[Period]:
    by_code = {p.code: p for p in Period.objects.filter(year_id=school_class.year_id, code__in=TERMS[terms])}
    return [by_code[code] for code in TERMS[terms] if code in by_code]


def closed_period_ids(school_class: SchoolClass, periods: list[Period]) -> set[int]:
    """Periods closed for the class's school, or for the whole country's calendar."""
    closed = {period_id for _, period_id in closed_pairs({school_class.school_id}, {p.pk for p in periods})}
    return closed | {p.pk for p in periods if p.locked}


@dataclass
class Cell:
    """One cell of the grid: a student's mark in a period, as stored and as it is shown."""

    period: Period
    value: str = ""
    on_list: bool = True
    closed: bool = False
    typed: str | None = None  # what was typed when a save of the whole table was refused
    error: str = ""

    @property
    def display(self) -> str:
        return mark_display(self.value)

    @property
    def shown(self) -> str:
        return self.display if self.typed is None else self.typed

    @property
    def editable(self) -> bool:
        return self.on_list and not self.closed


@dataclass
class Row:
    enrolment: Enrolment
    cells: list[Cell] = field(default_factory=list)

    @property
    def student(self):
        return self.enrolment.student


def mark_display(value: str) -> str:
    return str(SHORT.get(value, value))


def class_enrolments(school_class: SchoolClass) -> list[Enrolment]:
    """Everyone on the class list at some time of the year, by name (one query)."""
    rows = Enrolment.objects.filter(school_class=school_class).select_related("student")
    return list(rows.order_by("student__last_name", "student__first_name", "student__patronymic", "starts_on"))


def _on_list(enrolments: list[Enrolment], period: Period) -> bool:
    """Like the write path's rule: on the list at some time during the period."""
    return any(
        e.starts_on <= period.ends_on and (e.ends_on is None or e.ends_on >= period.starts_on) for e in enrolments
    )


def grid_rows(school_class: SchoolClass, subject: Subject, periods: list[Period]) -> list[Row]:
    """The students as rows and the periods as cells, in three queries whatever the size of the class."""
    enrolments = class_enrolments(school_class)
    marks = PeriodMark.objects.filter(school_class=school_class, subject=subject, period__in=periods)
    values = {(s, p): v for s, p, v in marks.values_list("student_id", "period_id", "value")}
    closed = closed_period_ids(school_class, periods)
    spans = defaultdict(list)
    for enrolment in enrolments:
        spans[enrolment.student_id].append(enrolment)
    rows = []
    for student_id, own in spans.items():
        cells = [Cell(p, values.get((student_id, p.pk), ""), _on_list(own, p), p.pk in closed) for p in periods]
        rows.append(Row(own[0], cells))
    return rows


# Figures -----------------------------------------------------------------------------------------------


def class_subject_figures(school_class: SchoolClass, subject: Subject, period: Period) -> dict:
    """The class's figures in one subject and period, from the summary tables, ready to show."""
    flt = Filter(unit=school_class.school, period=period, subject_id=subject.pk, class_ids=(school_class.pk,))
    return shown_figures(unit_figures(flt))


def shown_figures(row: dict) -> dict:
    """Quality, success, average and СОУ as people read them, with N and the marks still missing."""
    return {
        "quality": format_percent(row["quality_pct"]),
        "success": format_percent(row["success_pct"]),
        "average": format_number(row["average_mark"]),
        "sou": format_percent(row["sou_pct"]),
        "students": str(row["students"]),
        "missing": str(row["missing"]),
    }


FIGURE_LABELS = (
    ("quality", pgettext_lazy("figure", "Quality of knowledge")),
    ("success", pgettext_lazy("figure", "Success rate")),
    ("average", pgettext_lazy("figure", "Average mark")),
    ("sou", pgettext_lazy("figure", "Degree of learning (СОУ)")),
    ("students", pgettext_lazy("figure", "Students counted (N)")),
    ("missing", pgettext_lazy("figure", "Marks missing")),
)


def figures_table(school_class: SchoolClass, subject: Subject, periods: list[Period]) -> list[tuple]:
    """(code, label, [value per period]) for the panel under the grid; one query per period."""
    by_period = [class_subject_figures(school_class, subject, period) for period in periods]
    return [(code, label, [figures[code] for figures in by_period]) for code, label in FIGURE_LABELS]


# Closed periods ----------------------------------------------------------------------------------------


def school_periods(school: OrgUnit, year) -> list[tuple[Period, PeriodLock | None]]:
    """The year's periods of a school, each with the lock in force (None when open)."""
    periods = list(Period.objects.filter(year=year))
    locks = PeriodLock.objects.closed().filter(school=school, period__in=periods).select_related("locked_by")
    by_period = {lock.period_id: lock for lock in locks}
    return [(period, by_period.get(period.pk)) for period in periods]


def lock_history(school: OrgUnit, year) -> list[PeriodLock]:
    return list(
        PeriodLock.objects.filter(school=school, period__year=year)
        .select_related("period", "locked_by", "reopened_by")
        .order_by("-locked_at")
    )


# KZ scores ---------------------------------------------------------------------------------------------


def scores_of(school_class: SchoolClass, subject: Subject, period: Period) -> dict[int, dict[str, list]]:
    """student id -> kind -> [(score, maximum)] in their order, for the ФО/СОр/СОч grid (one query)."""
    found: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    rows = Score.objects.filter(school_class=school_class, subject=subject, period=period).order_by("number")
    for student_id, kind, score, maximum in rows.values_list("student_id", "kind", "score", "max_score"):
        found[student_id][kind].append((score, maximum))
    return found


def marks_of(school_class: SchoolClass, subject: Subject, periods: list[Period]) -> dict[tuple[int, int], str]:
    rows = PeriodMark.objects.filter(school_class=school_class, subject=subject, period__in=periods)
    return {(s, p): v for s, p, v in rows.values_list("student_id", "period_id", "value")}
