"""`python -m sapat.reports.bench`: how long the reports take on demo data, per report and format.

Uses the database of DATABASE_URL (default: a fresh SQLite file with `sapat demo-data --size district`);
gives every class of grades 5–11 of the demo school two mathematics control works (h1, h2, with task
scores, deterministic marks), then times, as the median of --repeat runs: the school's control-work note,
the school's term results and the comparative report of the top unit (the region) over the years that have
data, each built once and rendered to every format. Targets (issue 6): under 5 s for a school's note, under
30 s for a region's report. Not part of `make test`.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sapat.bench import fresh_sqlite, setup_django

DEFAULT_DB = Path(tempfile.gettempdir()) / "sapat-reports-bench.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="district", choices=["school", "district", "region"])
    parser.add_argument("--years", type=int, default=3, help="academic years that get marks")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="use DATABASE_URL as it is (no fresh demo data)")
    args = parser.parse_args()
    setup_django(None if args.reuse else fresh_sqlite(DEFAULT_DB))
    if not args.reuse:
        _fresh(args.size, args.years)
    _run(args.repeat)


def _fresh(size: str, years: int) -> None:
    """Demo structure, marks for the newest `years` years (sapat.demo.marks) and their summaries."""
    from django.core.management import call_command

    from sapat.demo.marks import generate_marks
    from sapat.demo.results import analyze
    from sapat.indicators import engine
    from sapat.structure.models import AcademicYear

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo_data", size=size, seed=1, structure_only=True, verbosity=0)
    year_ids = list(AcademicYear.objects.filter(country="KG").order_by("-code").values_list("id", flat=True))
    marks = generate_marks(year_ids=year_ids[:years], seed=1)
    engine.recompute_all()
    analyze()
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
    """The demo's control works (sapat.demo.results) of the first school: mathematics h1 and h2."""
    from sapat.demo.results import first_schools, generate_control_works
    from sapat.structure.selectors import current_year

    school = first_schools()[0]
    generate_control_works(school, seed=1)
    return school, current_year(school.country)


if __name__ == "__main__":
    main()
