"""External test results in the test world, through the real services: two years of ОРТ main and mathematics
subject tests with annual journal marks (the hand-computed figures of sapat/analysis/tests/test_external.py)."""

import datetime
from decimal import Decimal

from sapat.assessment.external import ExternalEntry, external_results_save
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

NOW = {"p1": (120, 80, "5"), "p2": (100, 50, "5"), "p3": (130, 70, "4"), "p4": (None, 40, "4"),
       "p5": (None, 65, "3"), "p6": (None, 30, "2")}  # fmt: skip
B_NOW = {"q1": (110, 100, "4"), "q2": (90, None, None)}
BEFORE = {"r1": (100, 60, "4"), "r2": (140, 45, "5")}


def _school_year(school, year, results: dict, math, tests: tuple[str, str], held_on):
    """A class 11а of the school with these students' results and annual mathematics marks."""
    periods = add_periods(year)
    school_class = f.SchoolClassFactory(school=school, year=year, grade=11, letter="а")
    entries, marks = [], {}
    for code, (main, subject_score, mark) in results.items():
        student = f.EnrolmentFactory(school_class=school_class, student__code=code, student__school=school).student
        if main is not None:
            entries.append(ExternalEntry(student=student, year=year, test=tests[0], score=Decimal(main),
                                         held_on=held_on, kind="ort"))  # fmt: skip
        if subject_score is not None:
            score = Decimal(subject_score)
            entries.append(ExternalEntry(student=student, year=year, test=tests[1], score=score, held_on=held_on,
                                         kind="ort", max_score=Decimal(150), subject=math))  # fmt: skip
        if mark is not None:
            marks[(student, math)] = mark
    external_results_save(entries=entries)
    put_marks(school_class, periods["year"], marks)
    return school_class


def build_external(world):
    now, math = world.year, world.math
    before = f.AcademicYearFactory(code="2023-2024")
    _school_year(world.school_a, now, NOW, math, ("ort-2025", "ort-2025-math"), datetime.date(2025, 5, 20))
    _school_year(world.school_b, now, B_NOW, math, ("ort-2025", "ort-2025-math"), datetime.date(2025, 5, 20))
    _school_year(world.school_c, now, {"c1": (200, None, None)}, math, ("ort-2025", "ort-2025-math"),
                 datetime.date(2025, 5, 20))  # fmt: skip
    _school_year(world.school_a, before, BEFORE, math, ("ort-2024", "ort-2024-math"), datetime.date(2024, 5, 20))
    return world
