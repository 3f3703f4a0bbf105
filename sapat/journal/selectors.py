"""Reads of the journal: who may enter what, the grid of a class and subject, its figures, closed periods.

`can_enter_marks` is the one rule of who enters marks and results; every view and endpoint of the
journal asks it (after the class was fetched through the scoping rule, so another school's class is
already a 404).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from sapat.access.models import Membership, Role
from sapat.access.scope import scope_of
from sapat.assessment.control import derive_mark
from sapat.assessment.models import ControlResult, ControlTask, ControlWork, GradingScheme, MarkValue, PeriodMark, Score
from sapat.assessment.schemes import scheme_for_class
from sapat.core.numbers import format_figure
from sapat.core.querysets import unscoped
from sapat.indicators import catalogue, registry
from sapat.indicators.control import figures_of, task_shares
from sapat.indicators.control import works_of as control_works_of
from sapat.indicators.selectors import Filter, unit_figures
from sapat.structure.models import Enrolment, OrgUnit, Period, SchoolClass, Subject, SubjectGrade, TeachingAssignment

from .models import PeriodLock, closed_pairs

# How a mark is written in a cell; the forms people may type are sapat.core.values.MARK_ALIASES.
SHORT = {
    MarkValue.NOT_ASSESSED: pgettext_lazy("short mark", "n/a"),
    MarkValue.EXEMPT: pgettext_lazy("short mark", "ex."),
}
TERMS = {
    "quarters": ("q1", "q2", "q3", "q4", "year"), "halves": ("h1", "h2", "year"), "semesters": ("s1", "s2", "year"),
}  # fmt: skip
SCHOOL_TERMS = ("quarters", "halves")  # a college's groups have their semesters only (sapat.colleges)


# Who may do what ---------------------------------------------------------------------------------------


def _heads_school(user, school: OrgUnit) -> bool:
    """Director or deputy director (academic) of this very school: among the roles that may change a
    unit (access.scope.MANAGING_ROLES) they are the ones held in a school, so the school's own path is
    among the user's managed paths exactly then (a district coordinator manages the district's path)."""
    scope = scope_of(user)
    return scope.everything or school.path in scope.managed_paths


def can_enter_marks(user, school_class: SchoolClass, subject: Subject) -> bool:
    """The one rule: the director and the academic deputy enter every class and subject of their school; a
    teacher (subject teacher or class teacher alike) only the subjects they teach in the class; a college's head
    of department the subjects their department's teachers teach (the journals of the department's dashboard);
    nobody else. Decided from the scope's teaching pairs, without a query of its own."""
    if _heads_school(user, school_class.school):
        return True
    return (school_class.pk, subject.pk) in scope_of(user).taught


@unscoped("the user's own memberships: the methodical associations they head")
def association_subjects(user) -> set[tuple[int, int]]:
    """(school, subject) of the methodical associations the user heads (seed 002: the head of the МО sets and
    analyses the association's control works). One query."""
    rows = Membership.objects.filter(user=user, role=Role.MO_HEAD, association__isnull=False).values_list(
        "association__school_id", "association__subjects"
    )
    return {(school, subject) for school, subject in rows if subject is not None}


def can_enter_control(user, school_class: SchoolClass, subject: Subject) -> bool:
    """A control work's rule: whoever enters the class's marks in the subject, and the head of a methodical
    association for the association's subjects in every class of her school."""
    if can_enter_marks(user, school_class, subject):
        return True
    return (school_class.school_id, subject.pk) in association_subjects(user)


@unscoped("the classes of the schools whose methodical association the user heads (association_subjects)")
def control_enterable(user) -> list[tuple[SchoolClass, list[Subject]]]:
    """The classes and subjects whose control works the user may create: those of `enterable`, and for the
    head of a methodical association every class of her school taught one of its subjects."""
    grouped = {c: set(subjects) for c, subjects in enterable(user)}
    pairs = association_subjects(user)
    if pairs:
        wanted = Q()
        for school, subject in pairs:
            wanted |= Q(school_class__school_id=school, subject_id=subject)
        taught = TeachingAssignment.objects.filter(wanted).select_related(
            "school_class__school", "school_class__year", "subject"
        )
        for assignment in taught:
            grouped.setdefault(assignment.school_class, set()).add(assignment.subject)
    order = sorted(grouped, key=lambda c: (-c.year.starts_on.toordinal(), c.school.code, c.grade, c.letter))
    return [(c, sorted(grouped[c], key=lambda s: s.code)) for c in order]


def can_close_periods(user, school: OrgUnit) -> bool:
    """Closing a period and reopening it (with a reason) is for the school's director and academic deputy."""
    return school.is_school and _heads_school(user, school)


@unscoped("the user's own teaching assignments and the schools they head, both from their scope")
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


def grading_kind(school_class: SchoolClass) -> str:
    """How the class is marked: five-point (typed), criteria (derived from ФО/СОр/СОч) or no marks at all."""
    scheme = scheme_for_class(school_class)
    return scheme.kind if scheme is not None else GradingScheme.Kind.FIVE_POINT


def criteria_based(school_class: SchoolClass) -> bool:
    """Whether the class's marks are derived from ФО/СОр/СОч scores (KZ) instead of typed."""
    return grading_kind(school_class) == GradingScheme.Kind.CRITERIA


def default_terms(school_class: SchoolClass, subject: Subject) -> str:
    """A college's semesters; half-years for a subject taught one hour a week in a KZ grade (GLOSSARY.md), else
    quarters."""
    if school_class.school.school_kind == OrgUnit.SchoolKind.COLLEGE:
        return "semesters"
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
    rows = school_class.enrolments.select_related("student")  # reached from the class the view fetched
    return list(rows.order_by("student__last_name", "student__first_name", "student__patronymic", "starts_on"))


def _on_list(enrolments: list[Enrolment], period: Period) -> bool:
    """Like the write path's rule: on the list at some time during the period."""
    return any(
        e.starts_on <= period.ends_on and (e.ends_on is None or e.ends_on >= period.starts_on) for e in enrolments
    )


def grid_rows(school_class: SchoolClass, subject: Subject, periods: list[Period], closed: set[int]) -> list[Row]:
    """The students as rows and the periods as cells (closed: the ids of closed periods), in two queries
    whatever the size of the class."""
    enrolments = class_enrolments(school_class)
    values = marks_of(school_class, subject, periods)
    spans = defaultdict(list)
    for enrolment in enrolments:
        spans[enrolment.student_id].append(enrolment)
    rows = []
    for student_id, own in spans.items():
        cells = [Cell(p, values.get((student_id, p.pk), ""), _on_list(own, p), p.pk in closed) for p in periods]
        rows.append(Row(own[0], cells))
    return rows


# Figures -----------------------------------------------------------------------------------------------


def class_subject_figures(school_class: SchoolClass, subject: Subject, period: Period, counts=None) -> dict:
    """The class's figures in one subject and period, ready to show: from the summary tables, or from their
    `counts` in hand (what a save has just written there, engine.refresh)."""
    if counts is not None:
        in_force = {"unit": school_class.school, "on": period.ends_on}
        return shown_figures(catalogue.compute(counts, across_subjects=False, **in_force))
    flt = Filter(unit=school_class.school, period=period, subject_id=subject.pk, class_ids=(school_class.pk,))
    return shown_figures(unit_figures(flt))


def shown_figures(row: dict) -> dict:
    """Quality, success, average and СОУ as people read them (each to its indicator's precision, as on the
    dashboards), with N and the marks still missing."""
    return {
        "quality": format_figure(row["quality_pct"], "percent", places=registry.precision("quality_pct")),
        "success": format_figure(row["success_pct"], "percent", places=registry.precision("success_pct")),
        "average": format_figure(row["average_mark"], "mark", places=registry.precision("average_mark")),
        "sou": format_figure(row["sou_pct"], "percent", places=registry.precision("sou_pct")),
        "students": str(row["students"]),
        "missing": str(row["missing"]),
    }


FIGURE_LABELS = (
    ("quality", pgettext_lazy("figure", "Quality of knowledge")),
    ("success", pgettext_lazy("figure", "Success rate")),
    ("average", pgettext_lazy("figure", "Average mark")),
    ("sou", pgettext_lazy("figure", "Degree of learning (SOU)")),
    ("students", pgettext_lazy("figure", "Students counted (N)")),
    ("missing", pgettext_lazy("figure", "Marks missing")),
)


def figures_table(school_class: SchoolClass, subject: Subject, periods: list[Period]) -> list[tuple]:
    """(code, label, [(period, value)]) for the panel under the grid; one query per period, not per student."""
    from sapat.colleges.vocabulary import words_for

    by_period = [(period, class_subject_figures(school_class, subject, period)) for period in periods]
    words = words_for(school_class)
    labels = {**dict(FIGURE_LABELS), "students": words["journal_students"], "sou": words["journal_sou"]}
    return [(code, labels[code], [(p, figures[code]) for p, figures in by_period]) for code, _label in FIGURE_LABELS]


# Closed periods ----------------------------------------------------------------------------------------


@unscoped("the locks of a school the view fetched through the scope")
def school_periods(school: OrgUnit, year) -> list[tuple[Period, PeriodLock | None]]:
    """The year's periods of a school, each with the lock in force (None when open)."""
    periods = list(Period.objects.filter(year=year))
    locks = PeriodLock.objects.closed().filter(school=school, period__in=periods).select_related("locked_by")
    by_period = {lock.period_id: lock for lock in locks}
    return [(period, by_period.get(period.pk)) for period in periods]


@unscoped("the locks of a school the view fetched through the scope")
def lock_history(school: OrgUnit, year) -> list[PeriodLock]:
    return list(
        PeriodLock.objects.filter(school=school, period__year=year)
        .select_related("period", "locked_by", "reopened_by")
        .order_by("-locked_at")
    )


# KZ scores ---------------------------------------------------------------------------------------------


@unscoped("the scores of a class the view fetched and checked (can_enter_marks)")
def scores_of(school_class: SchoolClass, subject: Subject, period: Period) -> dict[int, dict[str, list]]:
    """student id -> kind -> [(score, maximum)] in their order, for the ФО/СОр/СОч grid (one query)."""
    found: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    rows = Score.objects.filter(school_class=school_class, subject=subject, period=period).order_by("number")
    for student_id, kind, score, maximum in rows.values_list("student_id", "kind", "score", "max_score"):
        found[student_id][kind].append((score, maximum))
    return found


@unscoped("the marks of a class the view fetched and checked (can_enter_marks)")
def marks_of(school_class: SchoolClass, subject: Subject, periods: list[Period]) -> dict[tuple[int, int], str]:
    rows = PeriodMark.objects.filter(school_class=school_class, subject=subject, period__in=periods)
    return {(s, p): v for s, p, v in rows.values_list("student_id", "period_id", "value")}


def plain(number) -> str:
    """A score as people write it: 17, 17.5 (no trailing zeros), "" for none."""
    if number is None:
        return ""
    number = Decimal(number)
    return str(number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize())


def score_periods(school_class: SchoolClass) -> list[Period]:
    """The periods scores are given for: quarters, and half-years for subjects taught one hour a week."""
    kinds = (Period.Kind.QUARTER, Period.Kind.HALF_YEAR)
    periods = Period.objects.filter(year_id=school_class.year_id, kind__in=kinds)
    return list(periods.order_by("-kind", "starts_on"))  # quarters, then half-years


# The cells of a student's row in the scores grid, in order, and the columns whose header holds a maximum.
SCORE_CELLS = ("fo", "sor1", "sor2", "sor3", "soch")
MAXIMA_CELLS = ("sor1", "sor2", "sor3", "soch")
# Their headings: the Russian abbreviations, which Kazakh writes ҚБ, БЖБ, ТЖБ.
SCORE_LABELS = {
    "fo": pgettext_lazy("KZ assessment", "ФО"),
    "sor1": pgettext_lazy("KZ assessment", "СОр 1"),
    "sor2": pgettext_lazy("KZ assessment", "СОр 2"),
    "sor3": pgettext_lazy("KZ assessment", "СОр 3"),
    "soch": pgettext_lazy("KZ assessment", "СОч"),
}


@dataclass
class ScoreRow:
    """One student's ФО (a list), СОр 1–3 and СОч of a period as typed, and the marks derived from them."""

    enrolment: Enrolment
    cells: dict
    marks: dict  # "term" and "year": the derived marks as shown
    on_list: bool
    errors: dict = field(default_factory=dict)

    @property
    def student(self):
        return self.enrolment.student

    @property
    def columns(self) -> list[tuple[str, str, str, str]]:
        """(cell, heading, text, error) in the order of the grid."""
        return [(c, SCORE_LABELS[c], self.cells.get(c, ""), self.errors.get(c, "")) for c in SCORE_CELLS]


@dataclass
class ScoreTable:
    period: Period
    rows: list[ScoreRow]
    maxima: dict  # column -> the maximum score written in its header
    closed: bool

    @property
    def headings(self) -> list:
        return [SCORE_LABELS[cell] for cell in SCORE_CELLS]

    @property
    def maxima_columns(self) -> list[tuple[str, str, str]]:
        return [(cell, SCORE_LABELS[cell], self.maxima.get(cell, "")) for cell in MAXIMA_CELLS]

    def show_refusal(self, typed: dict, maxima: dict, errors: dict) -> None:
        """Keep what was typed, with each message next to its cell."""
        self.maxima = maxima
        for row in self.rows:
            row.cells = typed.get(row.student, row.cells)
            row.errors = {
                cell: message for (student_id, cell), message in errors.items() if student_id == row.student.pk
            }


def score_table(school_class: SchoolClass, subject: Subject, period: Period, students=None) -> ScoreTable:
    """The ФО/СОр/СОч grid of a period in four queries, whatever the size of the class."""
    enrolments = [e for e in class_enrolments(school_class) if students is None or e.student_id in students]
    found = scores_of(school_class, subject, period)
    year = Period.objects.filter(year_id=school_class.year_id, code="year").first()
    marks = marks_of(school_class, subject, [p for p in (period, year) if p is not None])
    spans = defaultdict(list)
    for enrolment in enrolments:
        spans[enrolment.student_id].append(enrolment)
    maxima: dict[str, str] = {}
    rows = []
    for student_id, own in spans.items():
        cells = _score_cells(found.get(student_id, {}), maxima)
        shown = {"term": mark_display(marks.get((student_id, period.pk), ""))}
        shown["year"] = mark_display(marks.get((student_id, year.pk), "")) if year else ""
        rows.append(ScoreRow(own[0], cells, shown, _on_list(own, period)))
    return ScoreTable(period, rows, maxima, period.pk in closed_period_ids(school_class, [period]))


def _score_cells(by_kind: dict, maxima: dict) -> dict:
    """A student's scores as the cells show them; the first maximum met names each column's maximum."""
    cells = {"fo": " ".join(plain(score) for score, _maximum in by_kind.get(Score.Kind.FO, []))}
    columns = [(f"sor{n}", item) for n, item in enumerate(by_kind.get(Score.Kind.SOR, [])[:3], start=1)]
    columns += [("soch", item) for item in by_kind.get(Score.Kind.SOCH, [])[:1]]
    for cell in ("sor1", "sor2", "sor3", "soch"):
        cells[cell] = ""
    for cell, (score, maximum) in columns:
        cells[cell] = plain(score)
        maxima.setdefault(cell, plain(maximum))
    return cells


# Control works -----------------------------------------------------------------------------------------


@dataclass
class ControlRow:
    enrolment: Enrolment
    cells: dict  # "t1".."tn", "score", "mark": as typed or as stored, in the order of the grid
    mark: str  # the stored mark, derived or given
    error: str = ""

    @property
    def student(self):
        return self.enrolment.student

    @property
    def columns(self) -> list[tuple[str, str, str]]:
        """(cell, heading, text) in the order of the grid."""
        return [(cell, _control_heading(cell), text) for cell, text in self.cells.items()]


def _control_heading(cell: str) -> str:
    if cell == "score":
        return str(pgettext_lazy("control work", "Score"))
    if cell == "mark":
        return str(pgettext_lazy("control work", "Mark given"))
    return str(pgettext_lazy("control work", "Task %(number)s")) % {"number": cell[1:]}


@dataclass
class ControlTable:
    tasks: list[ControlTask]
    rows: list[ControlRow]

    def show_refusal(self, typed: dict, errors: dict) -> None:
        """Keep what was typed in every row, with each row's message next to it."""
        for row in self.rows:
            given = typed.get(row.student, {})
            row.cells = _cells(self.tasks, given.get("tasks", {}), given.get("score", ""), given.get("mark", ""))
            row.error = errors.get((row.student.pk, ""), "")


def _cells(tasks: list[ControlTask], by_number: dict, score: str, mark: str) -> dict:
    cells = {f"t{task.number}": by_number.get(task.number, "") for task in tasks}
    return {**cells, "score": score, "mark": mark}


@unscoped("the results of a control work the view fetched through the scope")
def control_table(work: ControlWork, students=None) -> ControlTable:
    """The students on the class list on the day of the work, with their results (three queries)."""
    day = work.written_on
    enrolments = [
        e
        for e in class_enrolments(work.school_class)
        if e.starts_on <= day
        and (e.ends_on is None or e.ends_on >= day)
        and (students is None or e.student_id in students)
    ]
    tasks = list(work.tasks.order_by("number"))
    results = ControlResult.objects.filter(work=work, student__in=[e.student_id for e in enrolments])
    by_student = {result.student_id: result for result in results}
    scheme = scheme_for_class(work.school_class) if by_student else None
    rows = []
    for enrolment in enrolments:
        result = by_student.get(enrolment.student_id)
        cells = _result_cells(result, tasks, work.max_score, scheme)
        rows.append(ControlRow(enrolment, cells, result.mark if result else ""))
    return ControlTable(tasks, rows)


def _result_cells(result: ControlResult | None, tasks: list[ControlTask], maximum, scheme) -> dict:
    """The cells of a stored result; the mark cell holds a mark only when it was given rather than derived
    (it differs from what score / maximum gives), so that changing the score derives the mark again."""
    if result is None:
        return _cells(tasks, {}, "", "")
    stored = result.task_scores or {}
    by_number = {task.number: plain(_number(stored.get(str(task.number)))) for task in tasks}
    derived = derive_mark(result.score, maximum, scheme) if result.score is not None and maximum else None
    return _cells(tasks, by_number, plain(result.score), "" if result.mark == derived else result.mark)


def _number(value):
    return None if value is None else Decimal(str(value))


@unscoped("the results of a control work the view fetched through the scope")
def control_work_analysis(work: ControlWork) -> dict | None:
    """The analysis table of the work in its class (seed 002) and its tasks' shares; None before any result."""
    works = [w for w in control_works_of(work.school, work.year, work.subject, work.code) if w.pk == work.pk]
    marks = ControlResult.objects.filter(work=work).values("mark").order_by().annotate(n=Count("id"))
    counts = {"on_roll": works[0].on_roll if works else 0, "wrote": 0, "n5": 0, "n4": 0, "n3": 0, "n2": 0}
    for row in marks:
        counts[f"n{row['mark']}"] += row["n"]
        counts["wrote"] += row["n"]
    if not counts["wrote"]:
        return None
    return {"row": figures_of(counts), "tasks": task_shares(works)}


@unscoped("the control works of the classes and subjects the user enters (enterable)")
def works_of(items: list[tuple[SchoolClass, list[Subject]]], limit: int = 50) -> list[ControlWork]:
    """The latest control works of the classes and subjects the user enters (the journal's start page)."""
    pairs = {(c.pk, subject.pk) for c, subjects in items for subject in subjects}
    works = ControlWork.objects.filter(
        school_class__in={c for c, _ in pairs}, subject__in={subject for _, subject in pairs}
    ).select_related("school_class", "subject")
    return [w for w in works.order_by("-written_on", "pk") if (w.school_class_id, w.subject_id) in pairs][:limit]


@unscoped("the schools the user heads, from their scope's managed paths")
def headed_schools(user) -> list[OrgUnit]:
    """The schools whose periods the user closes (their director or academic deputy)."""
    return list(OrgUnit.objects.filter(path__in=scope_of(user).managed_paths, kind=OrgUnit.Kind.SCHOOL))
