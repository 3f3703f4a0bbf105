"""The control-work story of sapat/indicators/tests/test_control_analysis.py (hand-computed there), rebuilt
here so the reports can be checked against the engine's figures, and a few marks for report cards.

School A, mathematics, 2024-2025: 8а (Timur) s1..s5 + Aibek; 8б t1..t4 + Bolot.
h1: 8а 5,4,4,3,2 (tasks 1 of 8 and 2 of 12); 8б 5,5,3,3.  h2: 8а 5,5,4,3 + "late" 3; 8б 5,4,4,2.
Journal h1: s 5,5,4,4,2; t 4,5,3,na.
"""

import datetime
from decimal import Decimal

import pytest

from sapat.assessment.control import ControlEntry, control_results_save
from sapat.structure.models import MethodicalAssociation, Staff
from sapat.testing import factories as f
from sapat.testing.marks import add_periods, put_marks

H1, H2 = datetime.date(2024, 12, 20), datetime.date(2025, 4, 25)
A_H1 = {"s1": (8, 10), "s2": (6, 8), "s3": (7, 6), "s4": (4, 5), "s5": (3, 2)}
A_H2 = {"s1": "5", "s2": "5", "s3": "4", "s4": "3", "late": "3"}
B_H1 = {"t1": "5", "t2": "5", "t3": "3", "t4": "3"}
B_H2 = {"t1": "5", "t2": "4", "t3": "4", "t4": "2"}
JOURNAL_H1 = {"s1": "5", "s2": "5", "s3": "4", "s4": "4", "s5": "2", "t1": "4", "t2": "5", "t3": "3", "t4": "na"}


@pytest.fixture(autouse=True)
def _worker_keeps_the_tests_connection(monkeypatch):
    """The database worker closes "old" connections between tasks, as a long-running process should; inside a
    test's transaction (autocommit off) Django counts that connection as old, and on PostgreSQL closing it
    would end the test's transaction. The worker runs in the test's process here, so it keeps it."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture
def control_case(world):
    return build_control_case(world)


def build_control_case(world) -> dict:
    periods = add_periods(world.year)
    people = {}
    for code in ("s1", "s2", "s3", "s4", "s5", "late"):
        people[code] = _enrol(world.a8a, code)
    people["late"].enrolments.update(starts_on=datetime.date(2025, 1, 10))
    for code in ("t1", "t2", "t3", "t4"):
        people[code] = _enrol(world.a8b, code)
    control_results_save(entries=_h1(world, people) + _marks(world, people, world.a8b, "h1", H1, B_H1))
    control_results_save(
        entries=_marks(world, people, world.a8a, "h2", H2, A_H2) + _marks(world, people, world.a8b, "h2", H2, B_H2)
    )
    for school_class, prefix in ((world.a8a, "s"), (world.a8b, "t")):
        marks = {(people[c], world.math): v for c, v in JOURNAL_H1.items() if c[0] == prefix}
        put_marks(school_class, periods["h1"], marks)
    _signatories(world)
    return {"world": world, "periods": periods, "people": people}


def _enrol(school_class, code):
    return f.EnrolmentFactory(
        school_class=school_class, student__code=code, student__last_name=f"Pupil{code}", student__first_name=code
    ).student


def _h1(world, people):
    return [
        ControlEntry(
            student=people[code], school_class=world.a8a, subject=world.math, code="h1", written_on=H1,
            max_score=Decimal(20), task_scores={1: Decimal(t1), 2: Decimal(t2)},
            task_maxima={1: Decimal(8), 2: Decimal(12)},
        )
        for code, (t1, t2) in A_H1.items()
    ]  # fmt: skip


def _marks(world, people, school_class, code, on, marks):
    return [
        ControlEntry(student=people[s], school_class=school_class, subject=world.math, code=code, written_on=on, mark=m)
        for s, m in marks.items()
    ]


def _signatories(world):
    deputy = f.StaffFactory(school=world.school_a, last_name="Deputova", first_name="Aigul", position="deputy_academic")
    association = MethodicalAssociation.objects.create(school=world.school_a, name_ru="МО математики", head=deputy)
    association.subjects.add(world.math)
    Staff.objects.filter(pk=world.timur_staff.pk).update(patronymic="")
    return deputy
