"""Benchmark of the importer: one school-year of marks (1,000 students × 15 subjects × 5 periods = 75,000 marks)
in the journal shape (one sheet per class and period), end to end: reading the XLSX, resolving, validating,
writing, refreshing the summaries and auditing. Part of `make bench` (sapat/bench.py calls
`import_school_year`); alone, on a fresh SQLite file: `python -m sapat.transfer.bench`; on PostgreSQL:
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME python -m sapat.transfer.bench` (an existing database is
migrated and kept: each run adds its own school, BENCH-IMPORT, BENCH-IMPORT-2, …).
"""

import datetime
import io
import itertools
import os
import random
import sys
import tempfile
import time
from pathlib import Path

CLASSES, PER_CLASS, SUBJECTS = 40, 25, 15
PERIODS = ("q1", "q2", "q3", "q4", "year")
MARKS = (5, 5, 4, 4, 4, 3, 3, 2, "н/а", "осв.")
CODE = "BENCH-IMPORT"


def import_school_year(report, seed: int = 5) -> None:
    """Build a school with 1,000 students and no marks, write its year of marks as an XLSX journal, import it."""
    from sapat.transfer.services import import_apply, import_preview

    school, classes, subjects = _school(seed)
    content = _workbook(school.code, classes, subjects, random.Random(seed))  # noqa: S311 - test data
    marks = CLASSES * PER_CLASS * SUBJECTS * len(PERIODS)
    report.line(f"import: journal XLSX, {len(classes) * len(PERIODS)} sheets", f"{len(content) / 1e6:.1f} MB")
    start = time.perf_counter()
    record = import_preview(user=None, unit=school, kind="marks", file_name="bench.xlsx", content=content)
    preview = time.perf_counter() - start
    assert record.status == "previewed", record.problems[:5]
    start = time.perf_counter()
    record = import_apply(record=record, user=None)
    applied = time.perf_counter() - start
    assert record.counts["marks"]["created"] == marks, record.counts
    report.line(f"import {marks:,} marks: preview (read, check, roll back)", f"{preview:.1f} s")
    report.line(f"import {marks:,} marks: apply (+ write, summaries, audit)", f"{applied:.1f} s  (target < 10 s)")
    start = time.perf_counter()
    again = import_preview(user=None, unit=school, kind="marks", file_name="bench.xlsx", content=content)
    assert again.counts["marks"]["unchanged"] == marks
    report.line("the same file again: preview, all left alone", f"{time.perf_counter() - start:.1f} s")


def _school(seed: int):
    """A new school with 40 classes of 25 students (bulk-created, not timed) and 15 subjects."""
    from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, SchoolClass, Student, Subject
    from sapat.structure.selectors import current_year
    from sapat.testing.marks import add_periods

    district = OrgUnit.objects.filter(kind="district", country="KG").first() or _district()
    school = OrgUnit.objects.create(
        code=_free_code(), kind="school", parent=district, country="KG", name_en="Bench school"
    )
    year = current_year("KG") or AcademicYear.objects.create(
        country="KG", code="2024-2025", starts_on=datetime.date(2024, 9, 1), ends_on=datetime.date(2025, 5, 31)
    )
    add_periods(year)
    grades = _graded(year)
    classes = SchoolClass.objects.bulk_create(
        [SchoolClass(school=school, year=year, grade=grades[n % len(grades)], letter=f"b{n}") for n in range(CLASSES)]
    )
    students = Student.objects.bulk_create(
        [Student(school=school, code=f"B{n:04d}", last_name=f"Pupil{n:04d}", first_name="Bench", gender="MF"[n % 2])
         for n in range(CLASSES * PER_CLASS)]
    )  # fmt: skip
    Enrolment.objects.bulk_create(
        [Enrolment(student=student, school_class=classes[n // PER_CLASS], year=year, starts_on=year.starts_on)
         for n, student in enumerate(students)]
    )  # fmt: skip
    subjects = [
        Subject.objects.get_or_create(code=f"bench{n:02d}", defaults={"name_en": f"Bench subject {n}"})[0]
        for n in range(SUBJECTS)
    ]
    by_class = {c.pk: [] for c in classes}
    for n, student in enumerate(students):
        by_class[classes[n // PER_CLASS].pk].append(student)
    return school, [(c, by_class[c.pk]) for c in classes], subjects


def _free_code() -> str:
    """BENCH-IMPORT, or BENCH-IMPORT-2, -3, … when earlier runs on this database took it."""
    from sapat.structure.models import OrgUnit

    taken = set(OrgUnit.objects.filter(code__startswith=CODE).values_list("code", flat=True))
    return next(
        code for code in itertools.chain([CODE], (f"{CODE}-{n}" for n in itertools.count(2))) if code not in taken
    )


def _graded(year) -> list[int]:
    """Grades that get five-point marks under the schemes in force (the 2025 standard has none in 1–3)."""
    from sapat.assessment.models import GradingScheme
    from sapat.assessment.schemes import scheme_for

    grades = [grade for grade in range(5, 12) if _five_point(scheme_for("KG", grade, year.starts_on), GradingScheme)]
    return grades or [9]


def _five_point(scheme, model) -> bool:
    return scheme is None or scheme.kind == model.Kind.FIVE_POINT


def _district():
    from sapat.structure.models import OrgUnit

    region = OrgUnit.objects.create(code="BENCH-R", kind="region", country="KG", name_en="Bench region")
    return OrgUnit.objects.create(code="BENCH-D", kind="district", parent=region, country="KG", name_en="Bench")


def _workbook(code: str, classes, subjects, rng: random.Random) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for school_class, students in classes:
        for period in PERIODS:
            sheet = workbook.create_sheet(f"{school_class.name} {period}")
            sheet.append(["School", code, "Academic year", school_class.year.code, "Class", school_class.name,
                          "Period", period])  # fmt: skip
            sheet.append([])
            sheet.append(["No.", "Student code", "Student", *[subject.code for subject in subjects]])
            for number, student in enumerate(students, start=1):
                marks = [rng.choice(MARKS) for _ in subjects]
                sheet.append([number, student.code, student.full_name, *marks])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def main() -> None:
    """On a fresh SQLite file (or DATABASE_URL when set): migrate, build the school, import."""
    from sapat.bench import Report, fresh_sqlite, setup_django

    if "DATABASE_URL" not in os.environ:
        setup_django(fresh_sqlite(Path(tempfile.gettempdir()) / "sapat-import-bench.sqlite3"))
    else:
        setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"\n== Sapat import benchmark on {connection.vendor}")
    import_school_year(Report(), seed=int(sys.argv[1]) if len(sys.argv) > 1 else 5)


if __name__ == "__main__":
    main()
