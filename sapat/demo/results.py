"""The demo's results, so that every dashboard and report of `make demo` has data to show: period marks of
every demo year (sapat.demo.marks), the summaries computed from them, and two mathematics control works
(first and second half-year, with two tasks) for grades 5–11 of the first school of each district, each in
the subject the grade is taught: mathematics in grades 5–6, algebra from grade 7 (where mathematics is
algebra and geometry), so every result has a journal mark to be compared with; and that school's external
test results (sapat.demo.external), which follow its journal marks.

Marks are bulk-inserted (no audit entries: demo data is nobody's change); the control works go through
their service, as a deputy's entry would. Deterministic: the same seed gives the same results.
"""

import random
from decimal import Decimal

from django.db import connection

from sapat.assessment.control import ControlEntry, control_results_save
from sapat.assessment.models import ControlWork
from sapat.indicators import engine
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, SchoolClass, Subject, SubjectGrade

from .external import generate_external
from .marks import generate_marks
from .places import WEST_KAZAKHSTAN
from .schoolyear import CURRENT_YEAR, YEAR_CODES

CONTROL_GRADES = (5, 11)
CONTROL_SUBJECTS = ("math", "algebra")  # the first of them the grade is taught
TASK_MAXIMA = {1: Decimal(8), 2: Decimal(12)}


def generate_results(*, seed: int) -> dict[str, int]:
    """Marks of every demo year, their summaries and the control works; returns how many of each."""
    years = AcademicYear.objects.filter(code__in=YEAR_CODES).order_by("code")
    marks = generate_marks(year_ids=list(years.values_list("pk", flat=True)), seed=seed)
    engine.recompute_all()
    results = sum(generate_control_works(school, seed=seed) for school in first_schools())
    external = generate_external(first_schools(), seed=seed)
    analyze()
    return {"marks": marks, "control_results": results, "external_results": external}


def first_schools() -> list[OrgUnit]:
    """The first school (in the tree's order) of each district: the demo school and one more per district; of the
    small districts of the Kazakh project region (places.District.small) only the first one's, to keep the demo
    quick: its tables need no control works or data sets in every district."""
    small = {d.code for d in WEST_KAZAKHSTAN.districts if d.small}
    skipped = sorted(small)[1:]
    firsts = {}
    schools = OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL).exclude(parent__code__in=skipped)
    for school in schools.select_related("parent").order_by("path"):
        firsts.setdefault(school.parent_id, school)
    return list(firsts.values())


def generate_control_works(school: OrgUnit, *, seed: int) -> int:
    """The h1 and h2 mathematics works of the school's classes of grades 5–11 in the current demo year, with
    a result for each student on the list on the day; nothing when the school has them already."""
    year = AcademicYear.objects.filter(country=school.country, code=CURRENT_YEAR).first()
    subjects = control_subjects(school.country)
    if year is None or not subjects or ControlWork.objects.filter(school=school, year=year).exists():
        return 0
    rng = random.Random(f"{seed}-control-{school.code}")
    classes = SchoolClass.objects.filter(school=school, year=year, grade__in=subjects)
    written = 0
    for code, day in (("h1", year.starts_on.replace(month=12, day=20)), ("h2", year.ends_on.replace(day=20))):
        enrolments = Enrolment.objects.filter(school_class__in=classes, starts_on__lte=day).exclude(ends_on__lt=day)
        entries = [_entry(rng, e, subjects[e.school_class.grade], code, day)
                   for e in enrolments.select_related("student", "school_class")]  # fmt: skip
        control_results_save(entries=entries)
        written += len(entries)
    return written


def control_subjects(country: str) -> dict[int, Subject]:
    """{grade: the subject of its mathematics work} for grades 5–11: the first of CONTROL_SUBJECTS that the
    country's curriculum teaches in the grade (a grade without any has no work)."""
    taught = SubjectGrade.objects.filter(country=country, subject__code__in=CONTROL_SUBJECTS,
                                         grade__range=CONTROL_GRADES).select_related("subject")  # fmt: skip
    found = {}
    for row in sorted(taught, key=lambda r: CONTROL_SUBJECTS.index(r.subject.code)):
        found.setdefault(row.grade, row.subject)
    return found


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
