"""Marks in the test world for the dashboards, small enough to compute by hand (2024-2025, KG five-point).

School A, mathematics (Timur teaches it in 8а) and literature. 8а: Aibek, s1, s2, s3; 8б: Bolot, t1.
School B's 8а: Camila. School C: no marks.

    q1: everyone 4 in both subjects (Camila: 3, 3).
    q2:            math  lit   across subjects
        Aibek       5     5    excellent
        s1          4     5    good
        s2          3     4    with one 3 (s2's math dropped 4 → 3)
        s3          2     3    failing (both dropped)
        Bolot       4     4    good
        t1          5     5    excellent
        Camila      3     3    neither (success, not quality)

q2 figures:
    8а: N 4, excellent 1, good 1, failing 1 → quality 50 %, success 75 %; marks 5×3, 4×2, 3×2, 2×1 →
        average 31/8 = 3.875, СОУ 516/8 = 64.5. Mathematics in 8а: 5, 4, 3, 2 → quality 50 %, success 75 %.
    8б: N 2 → quality 100 %, success 100 %; average 4.5.
    school A: N 6, excellent 2, good 2, failing 1 → quality 4/6 = 66.67 %, success 5/6 = 83.33 %;
        marks 5×5, 4×4, 3×2, 2×1 → average 49/12 = 4.083, СОУ 844/12 = 70.33.
        q1: N 6, good 6 → quality 100 %: the change is −33.33 pp.
        Mathematics: 5, 4, 3, 2, 4, 5 → quality 4/6 = 66.67 %.
    Alamedin (A + B): N 7, excellent 2, good 2, failing 1 → quality 4/7 = 57.14 %, success 6/7 = 85.71 %.
    Heatmap of A: 8а math 50 %, 8а literature 75 %, 8б both 100 %.
    At risk in q2: s2 (math 4 → 3) and s3 (math 2, literature 4 → 3).

Control works of mathematics in A's 8а: h1 on 20 Dec 2024 (in q2): Aibek 5, s1 4, s2 3, s3 3; against the q2
journal (5, 4, 3, 2): confirmed 3, raised 1 (s3), lowered 0. h2 on 25 Apr 2025: 5, 5, 4, 3 → quality 75 %
against h1's 50 %: Δ +25 pp.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction

from sapat.assessment.control import ControlEntry, control_results_save
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks
from sapat.testing.world import build_world

Q2 = {"aibek": ("5", "5"), "s1": ("4", "5"), "s2": ("3", "4"), "s3": ("2", "3"), "bolot": ("4", "4"),
      "t1": ("5", "5"), "camila": ("3", "3")}  # fmt: skip
H1 = {"aibek": "5", "s1": "4", "s2": "3", "s3": "3"}
H2 = {"aibek": "5", "s1": "5", "s2": "4", "s3": "3"}


@dataclass
class Marked:
    periods: dict
    lit: object
    students: dict
    classes: dict


def mark_world(world) -> Marked:
    periods = add_periods(world.year)
    lit = f.SubjectFactory(code="lit", name_en="Literature", name_ru="Литература")
    students = {"aibek": world.aibek, "bolot": world.bolot, "camila": world.camila}
    for name in ("s1", "s2", "s3"):
        students[name] = f.EnrolmentFactory(school_class=world.a8a, student__last_name=name.upper()).student
    students["t1"] = f.EnrolmentFactory(school_class=world.a8b, student__last_name="T1").student
    classes = dict.fromkeys(("aibek", "s1", "s2", "s3"), world.a8a)
    classes.update({"bolot": world.a8b, "t1": world.a8b, "camila": world.b8a})
    for school_class in (world.a8a, world.a8b, world.b8a):
        q1, q2 = {}, {}
        for name, (math, literature) in Q2.items():
            if classes[name] != school_class:
                continue
            before = "3" if name == "camila" else "4"
            q1.update({(students[name], world.math): before, (students[name], lit): before})
            q2.update({(students[name], world.math): math, (students[name], lit): literature})
        put_marks(school_class, periods["q1"], q1)
        put_marks(school_class, periods["q2"], q2)
    _control_works(world, students)
    return Marked(periods, lit, students, classes)


def _control_works(world, students) -> None:
    for code, day, marks in (("h1", datetime.date(2024, 12, 20), H1), ("h2", datetime.date(2025, 4, 25), H2)):
        entries = [ControlEntry(students[name], world.a8a, world.math, code, day, mark=mark)
                   for name, mark in marks.items()]  # fmt: skip
        control_results_save(entries=entries)


@contextmanager
def shared_world(django_db_blocker):
    """The world with these marks built once for a test module, rolled back at its end (each test still runs
    in its own savepoint); in the style of sapat/web/tests/test_permissions.py."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        world = build_world()
        marks = mark_world(world)
    yield world, marks
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
