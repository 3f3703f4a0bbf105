"""The analysis of an administrative control work (GLOSSARY.md, seed 002) for a school or any unit above it.

Per class: teacher, on roll, wrote, 5/4/3/2 and the catalogue's success, quality, СОУ and average computed
from those counts with N = the students who wrote; a total row from summed counts (never averaged
percentages). Optionally: the same figures of another work of the same classes and the change
Δ = work − compared work (percentage points; marks for the average); the comparison of each student's
control mark with their journal mark of a period (confirmed / raised / lowered, with the group sizes); and
per task the share of the maximum achieved, the "typical difficulties".
"""

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from sapat.assessment.models import ControlResult, ControlTask, ControlWork, PeriodMark
from sapat.core.querysets import unscoped
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, Subject, TeachingAssignment

from .catalogue import compute, ratio

MARKS = {"5": "n5", "4": "n4", "3": "n3", "2": "n2"}
COUNTS = ("on_roll", "wrote", "n5", "n4", "n3", "n2")
FIGURES = ("success_pct", "quality_pct", "sou_pct", "average_mark")
VERDICTS = ("confirmed", "raised", "lowered")


@unscoped("an analysis engine: the control works under a unit the caller checked the user oversees")
def control_analysis(
    *,
    unit: OrgUnit,
    year: AcademicYear,
    subject: Subject,
    work: str,
    compare: str | None = None,
    against: Period | None = None,
) -> dict:
    """{"classes": [rows], "total": row, "tasks": [...]} for the work with this code in the unit's classes."""
    works = works_of(unit, year, subject, work)
    rows = [_class_row(w, counts) for w, counts in _work_counts(works).items()]
    _add_teachers(rows, works, subject)
    total = _total([row["counts"] for row in rows])
    if compare:
        _add_comparison(rows, total, works, subject, compare)
    if against is not None:
        _add_objectivity(rows, total, works, subject, against)
    return {"classes": [_public(row) for row in rows], "total": _public(total), "tasks": task_shares(works)}


@unscoped("an analysis engine: the control works under a unit its caller reached through the scope")
def works_of(unit: OrgUnit, year: AcademicYear, subject: Subject, code: str) -> list[ControlWork]:
    """The works with this code of the unit's classes, in the order of schools and classes."""
    works = ControlWork.objects.filter(school__path__startswith=unit.path, year=year, subject=subject, code=code)
    ordered = works.order_by("school__path", "school_class__grade", "school_class__letter")
    return list(with_on_roll(ordered).select_related("school_class", "school"))


def with_on_roll(works):
    """Annotate each work with `on_roll`: the students on its class list on the day it was written."""
    on_roll = (
        Enrolment.objects.filter(school_class=OuterRef("school_class"), starts_on__lte=OuterRef("written_on"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("written_on")))
        .order_by()
        .values("school_class")
        .annotate(n=Count("id"))
        .values("n")
    )
    return works.annotate(on_roll=Coalesce(Subquery(on_roll, output_field=IntegerField()), Value(0)))


def _work_counts(works: list[ControlWork]) -> dict:
    """For each work: on_roll, wrote and the count of each mark."""
    counts = {work: {"on_roll": work.on_roll, "wrote": 0, **dict.fromkeys(MARKS.values(), 0)} for work in works}
    by_id = {work.pk: work for work in works}
    rows = ControlResult.objects.filter(work__in=works).values("work_id", "mark").order_by().annotate(n=Count("id"))
    for row in rows:
        work_counts = counts[by_id[row["work_id"]]]
        work_counts[MARKS[row["mark"]]] += row["n"]
        work_counts["wrote"] += row["n"]
    return counts


def figures_of(counts: dict) -> dict:
    """The counts with the catalogue's figures; N (students) is the number who wrote the work."""
    computed = compute({**counts, "students": counts["wrote"]}, across_subjects=False)
    return {**{key: counts[key] for key in COUNTS}, **{key: computed[key] for key in FIGURES}}


def _class_row(work: ControlWork, counts: dict) -> dict:
    return {
        "school": work.school.code,
        "school_name": work.school.name,
        "class": work.school_class.name,
        "class_id": work.school_class_id,
        "written_on": work.written_on.isoformat(),
        "teacher": None,
        "counts": counts,
    }


def _total(counts: list[dict]) -> dict:
    summed = {key: sum(c[key] for c in counts) for key in COUNTS}
    return {
        "school": None,
        "school_name": None,
        "class": None,
        "class_id": None,
        "written_on": None,
        "teacher": None,
        "counts": summed,
    }


def _public(row: dict) -> dict:
    """A row as printed: who and when, the counts and figures, then any comparison."""
    head = {key: row[key] for key in ("school", "school_name", "class", "written_on", "teacher")}
    tail = {key: row[key] for key in ("compare", "change", "against") if key in row}
    return {**head, **figures_of(row["counts"]), **tail}


def _add_teachers(rows: list[dict], works: list[ControlWork], subject: Subject) -> None:
    names = defaultdict(list)
    assignments = TeachingAssignment.objects.filter(
        school_class__in=[w.school_class_id for w in works], subject=subject
    )
    for assignment in assignments.select_related("teacher").order_by("teacher__last_name", "teacher__first_name"):
        names[assignment.school_class_id].append(assignment.teacher.full_name)
    for row in rows:
        row["teacher"] = ", ".join(names[row["class_id"]]) or None


# Comparison with another work -------------------------------------------------------------------------


def _add_comparison(rows: list[dict], total: dict, works: list[ControlWork], subject: Subject, code: str) -> None:
    """The other work of the same classes; the total compares the same classes only."""
    classes = [work.school_class_id for work in works]
    others = with_on_roll(ControlWork.objects.filter(school_class__in=classes, subject=subject, code=code))
    other_counts = {work.school_class_id: counts for work, counts in _work_counts(list(others)).items()}
    for row in rows:
        _compare_row(row, other_counts.get(row["class_id"]), code)
    _compare_row(total, _sum_counts(list(other_counts.values())), code)


def _sum_counts(counts: list[dict]) -> dict | None:
    return {key: sum(c[key] for c in counts) for key in COUNTS} if counts else None


def _compare_row(row: dict, other: dict | None, code: str) -> None:
    if other is None:
        row["compare"], row["change"] = None, None
        return
    mine, theirs = figures_of(row["counts"]), figures_of(other)
    row["compare"] = {"work": code, **theirs}
    row["change"] = {key: _delta(mine[key], theirs[key]) for key in FIGURES}


def _delta(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


# Objectivity: the control mark against the journal mark -------------------------------------------------


def _add_objectivity(rows: list[dict], total: dict, works: list[ControlWork], subject: Subject, period) -> None:
    results = ControlResult.objects.filter(work__in=works)
    journal = dict(
        PeriodMark.objects.filter(
            period=period, subject=subject, student_id__in=results.values("student_id")
        ).values_list("student_id", "value")
    )
    class_of = {work.pk: work.school_class_id for work in works}
    tallies = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
    for work_id, student_id, mark in results.values_list("work_id", "student_id", "mark"):
        verdict = objectivity(mark, journal.get(student_id))
        if verdict:
            tallies[class_of[work_id]][verdict] += 1
    for row in rows:
        row["against"] = _objectivity_row(period.code, tallies[row["class_id"]], row["counts"]["wrote"])
    summed = {key: sum(tally[key] for tally in tallies.values()) for key in VERDICTS}
    total["against"] = _objectivity_row(period.code, summed, total["counts"]["wrote"])


def objectivity(control_mark: str, journal_mark: str | None) -> str | None:
    """confirmed (equal), raised (the control mark is higher), lowered (lower: the journal mark is "not
    confirmed"); None when the journal has no 5/4/3/2 to compare with (missing, н/а, exempt)."""
    if journal_mark not in MARKS:
        return None
    if control_mark == journal_mark:
        return "confirmed"
    return "raised" if int(control_mark) > int(journal_mark) else "lowered"


def _objectivity_row(period_code: str, tally: dict, wrote: int) -> dict:
    compared = sum(tally.values())
    shares = {f"{key}_pct": ratio(tally[key], compared, 100) for key in VERDICTS}
    return {"period": period_code, "compared": compared, "no_journal_mark": wrote - compared, **tally, **shares}


# Tasks: the typical difficulties ----------------------------------------------------------------------


@unscoped("an analysis engine: the task scores of works its caller reached through the scope")
def task_shares(works: list[ControlWork]) -> list[dict]:
    """Per task number: the share of the maximum achieved, Σ scores × 100 / Σ maxima of the students who
    have a score for the task (= wrote × max when every result has its task scores); in total and by class."""
    tasks = defaultdict(dict)  # number -> {work_id: task}
    for task in ControlTask.objects.filter(work__in=works).order_by("number"):
        tasks[task.number][task.work_id] = task
    sums = _task_sums(works, tasks)
    by_id = {work.pk: work for work in works}
    return [_task_row(number, by_work, sums, by_id) for number, by_work in sorted(tasks.items())]


def _task_sums(works: list[ControlWork], tasks: dict) -> dict:
    """(number, work_id) -> [answered, Σ scores, Σ maxima]."""
    sums = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for work_id, scores in ControlResult.objects.filter(work__in=works).values_list("work_id", "task_scores"):
        for key, score in (scores or {}).items():
            task = tasks.get(int(key), {}).get(work_id)
            if task is not None and score is not None:
                tally = sums[(task.number, work_id)]
                tally[0] += 1
                tally[1] += Decimal(str(score))
                tally[2] += task.max_score
    return sums


def _task_row(number: int, by_work: dict, sums: dict, works: dict) -> dict:
    maxima = {task.max_score for task in by_work.values()}
    described = [task.description for task in by_work.values() if task.description]
    classes, total = [], [0, Decimal(0), Decimal(0)]
    for work_id in (pk for pk in works if pk in by_work):
        answered, scored, possible = sums.get((number, work_id), (0, Decimal(0), Decimal(0)))
        total = [total[0] + answered, total[1] + scored, total[2] + possible]
        work = works[work_id]
        classes.append(
            {
                "school": work.school.code,
                "class": work.school_class.name,
                "answered": answered,
                "share_pct": _share(scored, possible),
            }
        )
    return {
        "number": number,
        "max": float(maxima.pop()) if len(maxima) == 1 else None,
        "description": described[0] if described else "",
        "answered": total[0],
        "share_pct": _share(total[1], total[2]),
        "classes": classes,
    }


def _share(scored: Decimal, possible: Decimal) -> float | None:
    return float(Fraction(scored) * 100 / Fraction(possible)) if possible else None
