"""The change against the previous year on every dashboard level, hand-computed across two years.

Year marks in mathematics (the only subject), KG five-point. A class's counterpart last year is the class
that held its students (A's 8а was 7б), not the class of the same letter; a teacher's is their own classes
of the subject last year (Timur taught 7а then); a student is their own.

    2023-2024   A 7б: Aibek 4, p1 4, p2 3          N 3, quality 2/3
                A 7а: q1 2, q2 5, q3 4, q4 4        N 4, quality 3/4 (Timur's class)
                B 7а: Camila 3                      N 1, quality 0
    2024-2025   A 8а: Aibek 5, p1 3, p2 3           N 3, quality 1/3 (Timur's class)
                A 8б: Bolot 4, q2 5, q3 2           N 3, quality 2/3
                B 8а: Camila 4                      N 1, quality 1/1

    class 8а    students 3 − 3 = 0;   quality 100/3 − 200/3 = −33.33 pp
    teacher     students 3 − 4 = −1;  quality 100/3 − 75 = −41.67 pp
    student     Aibek's average 5 − 4 = +1; marks 5: 1 − 0 = +1; marks 4: 0 − 1 = −1
    school A    students 6 − 7 = −1;  quality 3/6 − 5/7 = 50 − 71.43 = −21.43 pp
    Alamedin    students 7 − 8 = −1;  quality 4/7 − 5/8 = 57.14 − 62.5 = −5.36 pp
    North       the same as Alamedin (school C has no marks)
"""

import pytest

from sapat.analysis.tests.helpers import enrol, marks
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.django_db

YEAR = "?year=2024-2025&period=year"


@pytest.fixture
def two_years(world):
    last = f.AcademicYearFactory(code="2023-2024")
    before, now = add_periods(last)["year"], add_periods(world.year)["year"]
    a, b, math = world.school_a, world.school_b, world.math
    a7b = f.SchoolClassFactory(school=a, year=last, grade=7, letter="б")
    a7a = f.SchoolClassFactory(school=a, year=last, grade=7, letter="а")
    b7a = f.SchoolClassFactory(school=b, year=last, grade=7, letter="а")
    f.TeachingAssignmentFactory(teacher=world.timur_staff, school_class=a7a, subject=math)
    f.EnrolmentFactory(school_class=a7b, student=world.aibek)
    others = enrol(a7b, ["p1", "p2"])
    marks(a7b, before, math, [world.aibek, *others], ["4", "4", "3"])
    qs = enrol(a7a, ["q1", "q2", "q3", "q4"])
    marks(a7a, before, math, qs, ["2", "5", "4", "4"])
    f.EnrolmentFactory(school_class=b7a, student=world.camila)
    marks(b7a, before, math, [world.camila], ["3"])
    for student in others:
        f.EnrolmentFactory(school_class=world.a8a, student=student)
    marks(world.a8a, now, math, [world.aibek, *others], ["5", "3", "3"])
    for student in qs[1:3]:
        f.EnrolmentFactory(school_class=world.a8b, student=student)
    marks(world.a8b, now, math, [world.bolot, *qs[1:3]], ["4", "5", "2"])
    marks(world.b8a, now, math, [world.camila], ["4"])
    return {"a7b": a7b, "a7a": a7a}


def changes(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return {figure.code: figure.change for figure in response.context["page"].figures}


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"]


def test_a_class_changes_against_the_class_that_held_its_students(world, two_years, login):
    found = changes(login(world.aigul), f"/dashboards/class/{world.a8a.pk}/{YEAR}")
    assert found["students"] == 0
    assert found["quality_pct"] == pytest.approx(100 / 3 - 200 / 3)


def test_a_teacher_changes_against_their_own_classes_of_last_year(world, two_years, login):
    found = changes(login(world.timur), f"/dashboards/teacher/{world.timur_staff.pk}/{YEAR}")
    assert found["students"] == -1
    assert found["quality_pct"] == pytest.approx(100 / 3 - 75)


def test_a_student_changes_against_their_own_marks_of_last_year(world, two_years, login):
    for user in (world.aigul, world.parvina):
        found = changes(login(user), f"/dashboards/student/{world.aibek.pk}/{YEAR}")
        assert (found["average_mark"], found["n5"], found["n4"]) == (1.0, 1, -1)


@pytest.mark.parametrize(
    ("unit", "students", "quality"),
    [("A", -1, 50 - 500 / 7), ("ALA", -1, 400 / 7 - 62.5), ("NORTH", -1, 400 / 7 - 62.5)],
)
def test_a_unit_changes_against_itself_last_year(world, two_years, login, unit, students, quality):
    found = changes(login(world.rita), f"/dashboards/unit/{unit}/{YEAR}")
    assert found["students"] == students
    assert found["quality_pct"] == pytest.approx(quality)


def test_a_teachers_dynamics_shows_every_year_with_data(world, two_years, login):
    page = page_of(login(world.timur), f"/dashboards/teacher/{world.timur_staff.pk}/{YEAR}")
    dynamics = next(s for s in page.sections if s.name == "dynamics")
    assert [(row[0], row[1]) for row in dynamics.table.rows] == [("2023-2024", 75.0), ("2024-2025", 100 / 3)]


def test_a_class_is_followed_over_the_years_by_its_students(world, two_years, login):
    page = page_of(login(world.aigul), f"/dashboards/class/{world.a8a.pk}/{YEAR}")
    dynamics = next(s for s in page.sections if s.name == "dynamics")
    assert [(row[0], row[1]) for row in dynamics.table.rows] == [("2023-2024", 200 / 3), ("2024-2025", 100 / 3)]
    cohort = next(s for s in page.sections if s.name == "cohort")
    assert [row[:2] for row in cohort.table.rows] == [["2023-2024", "7б"], ["2024-2025", "8а"]]


def test_no_data_last_year_gives_no_change(world, login):
    add_periods(f.AcademicYearFactory(code="2023-2024"))
    marks(world.a8a, add_periods(world.year)["year"], world.math, [world.aibek], ["5"])
    for url in (f"/dashboards/class/{world.a8a.pk}/{YEAR}", f"/dashboards/unit/A/{YEAR}"):
        found = changes(login(world.aigul), url)
        assert (found["students"], found["quality_pct"]) == (None, None)
