"""The demo's results, so that every dashboard and report of `make demo` has data to show: period marks of
every demo year (sapat.demo.marks), the summaries computed from them, and two mathematics control works
(first and second half-year, with two tasks) for grades 5–11 of the first school of each district.

Marks are bulk-inserted (no audit entries: demo data is nobody's change); the control works go through
their service, as a deputy's entry would. Deterministic: the same seed gives the same results.
"""

import random
from decimal import Decimal

from django.db import connection

from sapat.assessment.control import ControlEntry, control_results_save
from sapat.assessment.models import ControlWork
from sapat.indicators import engine
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, SchoolClass, Subject

from .marks import generate_marks
from .schoolyear import CURRENT_YEAR, YEAR_CODES

CONTROL_GRADES = (5, 11)
CONTROL_SUBJECT = "math"
TASK_MAXIMA = {1: Decimal(8), 2: Decimal(12)}


def generate_results(*, seed: int) -> dict[str, int]:
    """Marks of every demo year, their summaries and the control works; returns how many of each."""
    years = AcademicYear.objects.filter(code__in=YEAR_CODES).order_by("code")
    marks = generate_marks(year_ids=list(years.values_list("pk", flat=True)), seed=seed)
    engine.recompute_all()
    results = sum(generate_control_works(school, seed=seed) for school in first_schools())
    analyze()
    return {"marks": marks, "control_results": results}


def first_schools() -> list[OrgUnit]:
    """The first school (in the tree's order) of each district: the demo school and one more per district."""
    firsts = {}
    for school in OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL).select_related("parent").order_by("path"):
        firsts.setdefault(school.parent_id, school)
    return list(firsts.values())


def generate_control_works(school: OrgUnit, *, seed: int) -> int:
    """The h1 and h2 mathematics works of the school's classes of grades 5–11 in the current demo year, with
    a result for each student on the list on the day; nothing when the school has them already."""
    year = AcademicYear.objects.filter(country=school.country, code=CURRENT_YEAR).first()
    math = Subject.objects.filter(code=CONTROL_SUBJECT).first()
    if year is None or math is None or ControlWork.objects.filter(school=school, year=year, subject=math).exists():
        return 0
    rng = random.Random(f"{seed}-control-{school.code}")
    classes = SchoolClass.objects.filter(school=school, year=year, grade__range=CONTROL_GRADES)
    written = 0
    for code, day in (("h1", year.starts_on.replace(month=12, day=20)), ("h2", year.ends_on.replace(day=20))):
        enrolments = Enrolment.objects.filter(school_class__in=classes, starts_on__lte=day).exclude(ends_on__lt=day)
        entries = [_entry(rng, e, math, code, day) for e in enrolments.select_related("student", "school_class")]
        control_results_save(entries=entries)
        written += len(entries)
    return written


def _entry(rng: random.Random, enrolment: Enrolment, subject: Subject, code: str, day) -> ControlEntry:
    ability = rng.random()
    shares = {task: min(1.0, max(0.0, ability + rng.uniform(-0.3, 0.3))) for task in TASK_MAXIMA}
    scores = {task: Decimal(round(float(TASK_MAXIMA[task]) * share)) for task, share in shares.items()}
    return ControlEntry(
        student=enrolment.student, school_class=enrolment.school_class, subject=subject, code=code, written_on=day,
        max_score=sum(TASK_MAXIMA.values()), task_scores=scores, task_maxima=TASK_MAXIMA,
    )  # fmt: skip


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load: without them PostgreSQL plans a 15-million-row
    table as if it were empty (saving a mark took 730 ms instead of 37 ms on the region demo)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
