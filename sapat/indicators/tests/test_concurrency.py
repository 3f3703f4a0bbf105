"""Teachers of one school saving marks at the same moment (quarter end), each in their own transaction on their
own connection: every save succeeds, nothing deadlocks, and the summaries equal a recompute afterwards.

Only meaningful on PostgreSQL, where writers of one database really run at once: SQLite lets one writer in at
a time (the others wait, `transaction_mode: IMMEDIATE`), so there is no race to lose there."""

import threading

import pytest
from django.db import connection, connections

from sapat.assessment.models import PeriodMark
from sapat.assessment.services import period_mark_clear, period_mark_set
from sapat.indicators.management.commands.recompute import stale_summaries
from sapat.indicators.selectors import Filter, unit_figures
from sapat.testing import factories as f
from sapat.testing.marks import add_periods
from sapat.testing.world import build_world

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite runs one at a time)"
)
WRITERS, ROUNDS = 8, 12


def _school_of_four_classes():
    """School A with its two classes and two more, eight students in each, three subjects."""
    world = build_world()
    q1 = add_periods(world.year)["q1"]
    classes = [world.a8a, world.a8b]
    classes += [f.SchoolClassFactory(school=world.school_a, year=world.year, grade=7, letter=x) for x in "аб"]
    subjects = [world.math, f.SubjectFactory(code="rus"), f.SubjectFactory(code="bio")]
    students = {k.pk: [f.EnrolmentFactory(school_class=k).student for _ in range(8)] for k in classes}
    return world, q1, classes, subjects, students


def _writer(number, start, errors, plan):
    """One teacher: waits for the others, then saves and clears their cells one transaction each."""
    try:
        start.wait(timeout=30)
        for school_class, subject, student, value in plan:
            where = {"student": student, "school_class": school_class, "subject": subject}
            if value:
                period_mark_set(**where, period=plan.period, value=value)
            else:
                period_mark_clear(**where, period=plan.period)
    except Exception as error:  # every failure of a writer is the test's failure
        errors.append(f"writer {number}: {error!r}")
    finally:
        connections.close_all()


class Plan(list):
    period = None


def _plans(q1, classes, subjects, students) -> list[Plan]:
    """Each writer in every class and subject of the school, and two writers on each cell, the last value
    of each writer known: half the writers set a 5 or a 4 last, the others clear some cells."""
    plans = []
    for number in range(WRITERS):
        plan = Plan()
        plan.period = q1
        for step in range(ROUNDS):
            school_class = classes[(number + step) % len(classes)]
            student = students[school_class.pk][(number // 2 + step) % 8]
            value = ("5", "4", "3", "")[(number + step) % 4]
            plan.append((school_class, subjects[step % len(subjects)], student, value))
        plans.append(plan)
    return plans


@pytest.mark.django_db(transaction=True)
def test_teachers_of_one_school_save_at_once_and_every_save_succeeds():
    world, q1, classes, subjects, students = _school_of_four_classes()
    plans = _plans(q1, classes, subjects, students)
    start, errors = threading.Barrier(WRITERS), []
    threads = [threading.Thread(target=_writer, args=(n, start, errors, plans[n])) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert stale_summaries() == 0
    school = unit_figures(Filter(unit=world.school_a, period=q1))
    marks = PeriodMark.objects.filter(school=world.school_a, period=q1)
    assert school["n5"] == marks.filter(value="5").count() > 0
    assert school["n4"] == marks.filter(value="4").count() > 0
