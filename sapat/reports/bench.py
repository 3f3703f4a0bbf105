"""`python -m sapat.reports.bench`: how long the reports take on demo data, per report and format.

Uses the database of DATABASE_URL (default: a fresh SQLite file with `sapat demo-data --size district`);
gives every class of grades 5–11 of the demo school two mathematics control works (h1, h2, with task
scores, deterministic marks), then times, as the median of --repeat runs: the school's control-work note,
the school's term results and the comparative report of the top unit (the region) over the years that have
data, each built once and rendered to every format. Targets (issue 6): under 5 s for a school's note, under
30 s for a region's report. Not part of `make test`.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

DEFAULT_DB = Path(tempfile.gettempdir()) / "sapat-reports-bench.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="district", choices=["school", "district", "region"])
    parser.add_argument("--years", type=int, default=3, help="academic years that get marks")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="use DATABASE_URL as it is (no fresh demo data)")
    args = parser.parse_args()
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    os.environ.setdefault("SAPAT_DEBUG", "1")
    import django

    django.setup()
    if not args.reuse:
        _fresh(args.size, args.years)
    _run(args.repeat)


def _fresh(size: str, years: int) -> None:
    """Demo structure, marks for the newest `years` years (sapat.demo.marks) and their summaries."""
    from django.core.management import call_command

    from sapat.demo.marks import generate_marks
    from sapat.indicators import engine
    from sapat.structure.models import AcademicYear

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo_data", size=size, seed=1, verbosity=0)
    year_ids = list(AcademicYear.objects.filter(country="KG").order_by("-code").values_list("id", flat=True))
    marks = generate_marks(year_ids=year_ids[:years], seed=1)
    engine.recompute_all()
    print(f"demo data ({size}, {marks:,} marks) on SQLite: {time.perf_counter() - started:.1f} s")


def _run(repeat: int) -> None:
    from sapat.access.models import User

    admin = User.objects.filter(is_superuser=True).first()
    school, year = _control_works()
    top = school.ancestors().filter(parent__isnull=True).first() or school
    cases = [
        ("control-note", {"unit": school.code, "year": year.code, "subject": "math", "work": "h2"}),
        ("school-results", {"unit": school.code, "year": year.code, "period": "year"}),
        ("comparative", {"unit": top.code, "year": year.code, "span": 3, "period": "year"}),
    ]
    print(f"{'report':16} {'unit':10} {'build':>8} " + " ".join(f"{fmt:>8}" for fmt in _formats()))
    for kind, params in cases:
        times = [_time(kind, params, admin) for _ in range(repeat)]
        build = statistics.median(t[0] for t in times)
        renders = [statistics.median(t[1][fmt] for t in times) for fmt in _formats()]
        print(f"{kind:16} {params['unit']:10} {build:7.2f}s " + " ".join(f"{r:7.2f}s" for r in renders))


def _formats():
    from sapat.reports.renderers import FORMATS

    return FORMATS


def _time(kind: str, params: dict, user) -> tuple[float, dict]:
    from sapat.reports.builders import REPORTS
    from sapat.reports.renderers import render

    report = REPORTS[kind]
    started = time.perf_counter()
    document = report.build(report.resolve(params, user), "ru", lambda percent: None)
    built = time.perf_counter() - started
    renders = {}
    for fmt in _formats():
        started = time.perf_counter()
        render(document, fmt)
        renders[fmt] = built + time.perf_counter() - started
    return built, renders


def _control_works():
    """Two mathematics control works for every class of grades 5–11 of the first school, once."""
    from sapat.assessment.control import control_results_save
    from sapat.assessment.models import ControlWork
    from sapat.structure.models import Enrolment, OrgUnit, SchoolClass, Subject
    from sapat.structure.selectors import current_year

    school = OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL).order_by("path").first()
    year = current_year(school.country)
    math = Subject.objects.get(code="math")
    if not ControlWork.objects.filter(school=school, year=year, subject=math).exists():
        rng = random.Random(1)  # noqa: S311 (demo marks, not secrets)
        classes = SchoolClass.objects.filter(school=school, year=year, grade__gte=5, grade__lte=11)
        for code, day in (("h1", year.starts_on.replace(month=12, day=20)), ("h2", year.ends_on.replace(day=20))):
            entries = [
                _entry(rng, e, math, code, day)
                for e in Enrolment.objects.filter(school_class__in=classes, starts_on__lte=day).select_related(
                    "student", "school_class"
                )
                if e.ends_on is None or e.ends_on >= day
            ]
            control_results_save(entries=entries)
    return school, year


def _entry(rng, enrolment, subject, code, day):
    from sapat.assessment.control import ControlEntry

    scores = {1: Decimal(rng.randint(0, 8)), 2: Decimal(rng.randint(0, 12))}
    return ControlEntry(
        student=enrolment.student, school_class=enrolment.school_class, subject=subject, code=code, written_on=day,
        max_score=Decimal(20), task_scores=scores, task_maxima={1: Decimal(8), 2: Decimal(12)},
    )  # fmt: skip


if __name__ == "__main__":
    main()
