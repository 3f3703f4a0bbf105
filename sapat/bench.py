"""`make bench`: the performance budgets of DESIGN.md, measured on a region-size data set.

Builds the demo region (300+ schools, 100,000+ students) and ~10 million period marks on SQLite and, when
reachable, PostgreSQL, and prints: load throughput, full recompute time against DuckDB doing the same
group-by in memory (the same SQL text), p50/p95 of region- and school-level indicator queries, the time from
saving a mark to the region's figure changing, p50/p95 server time and bytes of every dashboard level, and peak
memory. Then the quarter end (sapat/journal/bench.py): gunicorn on its own PostgreSQL database, 20 and 100
clients saving marks at once over HTTP. `--part data` or `--part quarter` runs one of the two. Not part of
`make test`.
"""

import argparse
import csv
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SQLITE_FILE = Path(tempfile.gettempdir()) / "sapat-bench.sqlite3"
PG_URL = os.environ.get("PG_BENCH_URL", "postgres://postgres@127.0.0.1:5432/sapat_bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="region", choices=["school", "district", "region"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=2, help="How many academic years get marks (newest first).")
    parser.add_argument("--one", help="Run on this database URL only (used internally).")
    parser.add_argument(
        "--part", default="all", choices=["all", "data", "quarter"], help="data: the region data set on SQLite and "
        "PostgreSQL; quarter: concurrent saves over HTTP (sapat/journal/bench.py); all: both."
    )  # fmt: skip
    parser.add_argument("--quarter-seconds", type=float, default=60, help="How long each quarter-end load runs.")
    parser.add_argument("--quarter-clients", default="20,100", help="Concurrent clients of each quarter-end run.")
    args = parser.parse_args()
    if args.one:
        run_one(args)
        return
    if args.part in ("all", "data"):
        run_data(args)
    if args.part in ("all", "quarter"):
        run_quarter(args)


def run_quarter(args) -> None:
    """Teachers saving marks at once over HTTP: needs PostgreSQL (SQLite is for one school or a demo)."""
    if not _postgres_reachable():
        print("PostgreSQL is not reachable: the quarter-end benchmark needs it and is skipped.")
        return
    from sapat.journal.bench import run

    clients = [int(count) for count in args.quarter_clients.split(",") if count.strip()]
    run(clients=clients, seconds=args.quarter_seconds, seed=args.seed)


def run_data(args) -> None:
    targets = [f"sqlite:///{SQLITE_FILE}"] + ([PG_URL] if _postgres_reachable() else [])
    if len(targets) == 1:
        print(f"PostgreSQL at {PG_URL} is not reachable: benchmarking SQLite only.")
    for url in targets:
        command = [sys.executable, "-m", "sapat.bench", "--one", url, "--size", args.size, "--seed", str(args.seed)]
        subprocess.run([*command, "--years", str(args.years)], check=True)  # noqa: S603


def _postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def fresh_sqlite(path: Path) -> str:
    """Delete an SQLite database file and its WAL files; returns the file's DATABASE_URL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def setup_django(url: str | None = None) -> None:
    """Django set up as the benchmarks run it: on `url` (else DATABASE_URL), with the debug settings."""
    if url:
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SAPAT_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    import django

    django.setup()


def _fresh_database(url: str) -> None:
    if url.startswith("sqlite"):
        fresh_sqlite(Path(url.removeprefix("sqlite:///")))
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def run_one(args) -> None:
    _fresh_database(args.one)
    setup_django(args.one)
    from django.core.management import call_command
    from django.db import connection

    print(f"\n== Sapat benchmark on {connection.vendor} ({args.size}, seed {args.seed})")
    call_command("migrate", verbosity=0)
    report = Report()
    with report.timed("demo structure (units, classes, students, staff)"):
        call_command("demo_data", size=args.size, seed=args.seed, structure_only=True, verbosity=0)
    marks = load_marks(report, args)
    from sapat.demo.results import analyze

    with report.timed("ANALYZE (planner statistics after the bulk load)"):
        analyze()
    recompute_seconds = report.time_recompute()
    duck = duckdb_seconds()
    report.line("DuckDB, same group-by in memory", f"{duck:.2f} s")
    report.line("ratio Sapat recompute / DuckDB", f"{recompute_seconds / duck:.1f}×")
    report.latencies()
    report.freshness()
    from sapat.transfer.bench import import_school_year  # the importer: a school-year of marks

    import_school_year(report)
    from sapat.datasets.bench import run as datasets_bench  # the registry and data sets, on the pages too

    datasets_bench(report)
    PageReport().run()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.line("peak memory of this process", f"{peak:.0f} MiB")
    report.line("marks in the data set", f"{marks:,}")


class Report:
    def line(self, what: str, value: str) -> None:
        print(f"  {what:<52} {value}")

    def timed(self, what: str):
        report = self

        class Timer:
            def __enter__(self):
                self.start = time.perf_counter()
                return self

            def __exit__(self, *exc):
                self.seconds = time.perf_counter() - self.start
                report.line(what, f"{self.seconds:.1f} s")

        return Timer()

    def time_recompute(self) -> float:
        from sapat.indicators import engine

        with self.timed("full recompute of the summaries from raw marks") as timer:
            engine.recompute_all()
        with self.timed("  of which the school rows alone (sums of class rows)"):
            engine.rebuild_school_rows()
        return timer.seconds

    def latencies(self) -> None:
        from sapat.indicators.selectors import Filter, unit_figures
        from sapat.structure.models import OrgUnit, Period

        rng = random.Random(7)
        from sapat.indicators.models import ClassSummary, SubjectSummary

        period_ids = ClassSummary.objects.values_list("period_id", flat=True).distinct()
        periods = list(Period.objects.filter(pk__in=period_ids))
        region = OrgUnit.objects.filter(kind="region").order_by("-path").first()
        districts = list(OrgUnit.objects.filter(kind="district", path__startswith=region.path))
        schools = list(OrgUnit.objects.filter(kind="school", path__startswith=region.path))
        subjects = list(SubjectSummary.objects.values_list("subject_id", flat=True).distinct()[:50])
        levels = {
            "region": lambda: Filter(unit=region, period=rng.choice(periods)),
            "region, one subject": lambda: Filter(region, rng.choice(periods), subject_id=rng.choice(subjects)),
            "district": lambda: Filter(unit=rng.choice(districts), period=rng.choice(periods)),
            "school": lambda: Filter(unit=rng.choice(schools), period=rng.choice(periods)),
        }
        for label, pick in levels.items():
            samples = [_time(lambda pick=pick: unit_figures(pick())) for _ in range(100)]
            self.line(f"{label}-level figure p50 / p95", _percentiles(samples))

    def freshness(self) -> None:
        from sapat.assessment.models import PeriodMark
        from sapat.assessment.services import period_mark_set
        from sapat.indicators.selectors import Filter, unit_figures
        from sapat.structure.models import OrgUnit

        rng, samples = random.Random(11), []
        ids = list(PeriodMark.objects.filter(value__in=["3", "4"]).values_list("pk", flat=True)[:5000])
        for mark_id in rng.sample(ids, 20):
            mark = PeriodMark.objects.select_related("student", "school_class", "subject", "period").get(pk=mark_id)
            region = OrgUnit.objects.get(code=mark.school.path.strip("/").split("/")[0])
            before = unit_figures(Filter(unit=region, period=mark.period))["n5"]
            start = time.perf_counter()
            fields = {"student": mark.student, "school_class": mark.school_class, "subject": mark.subject}
            period_mark_set(**fields, period=mark.period, value="5")
            after = unit_figures(Filter(unit=region, period=mark.period))["n5"]
            samples.append(time.perf_counter() - start)
            assert after == before + 1, "the region's figure did not change"
        self.line("saved mark → region figure changed, p50 / p95", _percentiles(samples))


class PageReport(Report):
    """Dashboard pages: p50/p95 server time per level through django.test.Client (logged in as a superuser,
    asking for gzip like a browser) and the bytes transferred: the page itself, and on a first visit also the
    stylesheets (no other file is loaded: charts are inline SVG, there is no JavaScript)."""

    LEVELS = ("region", "district", "school", "parallel", "class", "teacher", "student", "at-risk")
    SAMPLES = 30

    def run(self) -> None:
        from django.test.utils import override_settings

        client, picks = self._client(), self._picks()
        with override_settings(DEBUG=False):  # no query log, as in production
            for level in self.LEVELS:
                self._level(client, level, picks)
        self.line("first load: region page + stylesheets (gzip)", f"{self._first_load(client, picks) / 1024:.0f} KB")

    def _client(self):
        from django.test import Client

        from sapat.access.models import User

        user = User.objects.filter(username="bench-admin").first()
        user = user or User.objects.create_superuser("bench-admin", "", None)
        client = Client(SERVER_NAME="localhost", HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(user)
        return client

    def _picks(self) -> dict:
        """Random objects of each level in the newest year that has marks, with a random period of it."""
        from sapat.structure.models import Enrolment, OrgUnit, Period, SchoolClass, TeachingAssignment

        rng = random.Random(5)
        period = Period.objects.filter(marks__isnull=False).select_related("year").order_by("-year__code").first()
        year = period.year
        codes = list(Period.objects.filter(year=year).values_list("code", flat=True))
        region = OrgUnit.objects.filter(kind="region", country=year.country).order_by("-path").first()
        units = OrgUnit.objects.filter(path__startswith=region.path)
        classes = list(SchoolClass.objects.filter(year=year, school__path__startswith=region.path)
                       .values_list("pk", "school__code", "grade")[:20000])  # fmt: skip
        teachers = TeachingAssignment.objects.filter(school_class__year=year).values_list("teacher_id", flat=True)
        students = Enrolment.objects.filter(year=year).values_list("student_id", flat=True)
        return {
            "rng": rng, "year": year.code, "codes": codes, "region": region.code,
            "districts": list(units.filter(kind="district").values_list("code", flat=True)),
            "schools": list(units.filter(kind="school").values_list("code", flat=True)),
            "classes": classes, "teachers": list(teachers[:5000]), "students": list(students[:5000]),
        }  # fmt: skip

    def _url(self, level: str, picks: dict) -> str:
        rng = picks["rng"]
        query = f"?year={picks['year']}&period={rng.choice(picks['codes'])}"
        pk, school, grade = rng.choice(picks["classes"])
        path = {
            "region": lambda: f"unit/{picks['region']}/",
            "district": lambda: f"unit/{rng.choice(picks['districts'])}/",
            "school": lambda: f"unit/{rng.choice(picks['schools'])}/",
            "parallel": lambda: f"unit/{school}/parallel/{grade}/",
            "class": lambda: f"class/{pk}/",
            "teacher": lambda: f"teacher/{rng.choice(picks['teachers'])}/",
            "student": lambda: f"student/{rng.choice(picks['students'])}/",
            "at-risk": lambda: f"unit/{school}/at-risk/",
        }[level]()
        return f"/dashboards/{path}{query}"

    def _level(self, client, level: str, picks: dict) -> None:
        import gzip

        samples, sizes, raw = [], [], []
        for _ in range(self.SAMPLES):
            url = self._url(level, picks)
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
            sizes.append(len(response.content))
            gzipped = response.get("Content-Encoding") == "gzip"
            raw.append(len(gzip.decompress(response.content)) if gzipped else len(response.content))
        largest = max(sizes) / 1024
        self.line(
            f"page {level}: p50 / p95", f"{_percentiles(samples)}, ≤ {largest:.0f} KB ({max(raw) / 1024:.0f} KB raw)"
        )

    def _first_load(self, client, picks: dict) -> int:
        import gzip

        from django.contrib.staticfiles import finders

        page = client.get(f"/dashboards/unit/{picks['region']}/?year={picks['year']}")
        sheets = ("web/sapat.css", "dashboards/dashboards.css")
        return len(page.content) + sum(len(gzip.compress(Path(finders.find(name)).read_bytes())) for name in sheets)


def load_marks(report: Report, args) -> int:
    from sapat.demo.marks import generate_marks
    from sapat.structure.models import AcademicYear

    years = list(AcademicYear.objects.filter(country="KG").order_by("-code").values_list("id", flat=True))
    start = time.perf_counter()
    count = generate_marks(year_ids=years[: args.years], seed=args.seed)
    seconds = time.perf_counter() - start
    report.line("period marks loaded (bulk insert)", f"{count:,} in {seconds:.1f} s = {count / seconds:,.0f} marks/s")
    return count


def duckdb_seconds() -> float:
    """Run the engine's own two statements in DuckDB over the same rows, loaded in memory first."""
    import duckdb

    from sapat.indicators import engine

    names = engine._tables()
    con = duckdb.connect()
    with tempfile.TemporaryDirectory() as folder:
        for key in ("mark", "enrolment", "period", "klass", "student"):
            path = _export(names[key], Path(folder))
            con.execute(f"CREATE TABLE {names[key]} AS SELECT * FROM read_csv_auto('{path}', header = true)")
    start = time.perf_counter()
    for template in (engine.SUBJECT_SQL, engine.CLASS_SQL):
        marks = engine.STUDENT_MARKS.format(where="1 = 1", **names)
        sql = template.format(student_marks=marks, assessed=engine.ASSESSED, **names)
        con.execute("CREATE OR REPLACE TABLE result AS " + sql[sql.index("SELECT") :].replace("%s", "NULL"))
    return time.perf_counter() - start


def _export(table: str, folder: Path) -> Path:
    from django.db import connection

    path = folder / f"{table}.csv"
    if connection.vendor == "postgresql":  # COPY streams the rows without a Python tuple per row
        connection.ensure_connection()
        sql = f"COPY {table} TO STDOUT WITH (FORMAT csv, HEADER)"
        with connection.connection.cursor() as cursor, path.open("wb") as out, cursor.copy(sql) as copy:
            for block in copy:
                out.write(block)
        return path
    with connection.cursor() as cursor, path.open("w", newline="") as out:
        cursor.execute(f"SELECT * FROM {table}")
        writer = csv.writer(out)
        writer.writerow([column[0] for column in cursor.description])
        while rows := cursor.fetchmany(50_000):
            writer.writerows(rows)
    return path


def _time(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"{statistics.median(ordered) * 1000:.1f} ms / {p95 * 1000:.1f} ms"


if __name__ == "__main__":
    main()
