"""No dashboard makes a query per row: the count of queries stays the same when the data grows.

Each page is counted on the world of marked.py, then again after `grow` has added schools, classes, students,
marks, teaching assignments and control works; the two counts must be equal, and under the page's budget.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sapat.assessment.control import ControlEntry, control_results_save
from sapat.testing import factories as f
from sapat.testing.marks import put_marks

Q2 = "?year=2024-2025&period=q2"
PAGES = [
    # role    page                                   budget
    ("rita", "/dashboards/unit/NORTH/{q}", 33),  # 5 of them find its tutor groups and named groups
    ("dana", "/dashboards/unit/ALA/{q}&subject=math", 43),  # 9 of them: its tutor group of A and B, named groups
    ("aigul", "/dashboards/unit/A/{q}", 40),
    ("aigul", "/dashboards/unit/A/{q}&subject=math", 45),
    ("aigul", "/dashboards/unit/A/parallel/8/{q}&subject=math", 38),
    ("aigul", "/dashboards/unit/A/at-risk/{q}", 19),
    ("timur", "/dashboards/class/{a8a}/{q}&subject=math", 50),
    ("aigul", "/dashboards/class/{a8a}/{q}", 48),
    ("timur", "/dashboards/teacher/{timur}/{q}", 41),
    ("parvina", "/dashboards/student/{aibek}/{q}", 18),
    ("aigul", "/dashboards/student/{aibek}/{q}", 28),
]


@pytest.fixture
def world(shared, db):
    return shared[0]


@pytest.fixture
def marked(shared):
    return shared[1]


def grow(world, marked) -> None:
    """Three more schools in Alamedin; four more classes of 8th grade in A, each with students, marks in both
    subjects, Timur teaching mathematics and a control work; more students in 8а."""
    for _ in range(3):
        school = f.SchoolFactory(parent=world.alamedin)
        _class_with_marks(world, marked, school, 8, "а", 3)
    for letter in "вгде":
        school_class = _class_with_marks(world, marked, world.school_a, 8, letter, 3)
        f.TeachingAssignmentFactory(teacher=world.timur_staff, school_class=school_class, subject=world.math)
        students = [e.student for e in school_class.enrolments.all()]
        entries = [ControlEntry(s, school_class, world.math, "h1", datetime.date(2024, 12, 20), mark="4")
                   for s in students]  # fmt: skip
        control_results_save(entries=entries)
    extra = f.EnrolmentFactory.create_batch(4, school_class=world.a8a)
    put_marks(world.a8a, marked.periods["q2"], {(e.student, world.math): "2" for e in extra})


def _class_with_marks(world, marked, school, grade, letter, size):
    school_class = f.SchoolClassFactory(school=school, year=world.year, grade=grade, letter=letter)
    students = [f.EnrolmentFactory(school_class=school_class).student for _ in range(size)]
    for code, value in (("q1", "5"), ("q2", "3")):
        marks = {(s, subject): value for s in students for subject in (world.math, marked.lit)}
        put_marks(school_class, marked.periods[code], marks)
    return school_class


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("role", "page", "budget"), PAGES, ids=[p for _r, p, _b in PAGES])
def test_queries_do_not_grow_with_rows(world, marked, login, role, page, budget):
    url = page.format(q=Q2, a8a=world.a8a.pk, timur=world.timur_staff.pk, aibek=world.aibek.pk)
    client = login(getattr(world, role))
    client.get(url)  # warm: the first request of a session reads the session and the user's scope the same way
    before = count(client, url)
    grow(world, marked)
    after = count(client, url)
    assert after == before, f"{url}: {before} queries before, {after} after the data grew"
    assert after <= budget
