"""The dashboard of a project: its member schools on the period's last day compared wherever their district, its
own figures summed over them through the `project` breakdown, its tutor groups, its years; opened by whoever may
open the project page and oversees the unit it is counted in (a 404 for the others); a bounded number of queries;
its tables exported."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sapat.projects.models import ProjectCoordinator, ProjectTutor
from sapat.projects.services import project_leave
from sapat.testing import factories as f
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db
URL = "/dashboards/project/MONITOR/"


@pytest.fixture
def dashboard_data(world, periods, project):
    """Schools A and B (Alamedin) and C (Sokuluk) joined in September; C left on 10 January.

    Year marks in mathematics: A's aibek 5 and bolot 3, B's camila 4, C's one student 2.
    Second-quarter marks (the quarter ends before C left): A's aibek 5, C's student 2."""
    project_leave(membership=project.members.get(school=world.school_c), left_on=datetime.date(2025, 1, 10))
    ProjectCoordinator.objects.create(project=project, district=world.sokuluk, name="Ахметов Б. С.", user=world.sultan)
    ProjectTutor.objects.create(project=project, tutor=world.school_a, school=world.school_b,
                                from_on=datetime.date(2024, 9, 1))  # fmt: skip
    student_c = f.EnrolmentFactory(school_class=world.c9a).student
    put_marks(world.a8a, periods["year"], {(world.aibek, world.math): "5"})
    put_marks(world.a8b, periods["year"], {(world.bolot, world.math): "3"})
    put_marks(world.b8a, periods["year"], {(world.camila, world.math): "4"})
    put_marks(world.c9a, periods["year"], {(student_c, world.math): "2"})
    put_marks(world.a8a, periods["q2"], {(world.aibek, world.math): "5"})
    put_marks(world.c9a, periods["q2"], {(student_c, world.math): "2"})
    return project


def _rows(page, name):
    return [(row[0], row[2]) for row in page.table(name).rows]


def test_the_year_compares_the_members_at_its_end_and_sums_them(world, dashboard_data, login):
    response = login(world.rita).get(URL + "?year=2024-2025&period=year")
    assert response.status_code == 200
    page = response.context["page"]
    # C left in January: at the year's end the members are A (1 of 2 with 4 or 5) and B (1 of 1).
    assert _rows(page, "children") == [("School A", 50.0), ("School B", 100.0)]
    quality = next(fig for fig in page.figures if fig.code == "quality_pct")
    assert round(quality.value, 1) == 66.7  # 2 of A's and B's 3 students
    assert quality.parent == 50.0  # the region, C included: 2 of 4
    (year,) = page.table("dynamics").rows
    assert year[0] == "2024-2025" and round(year[1], 1) == 66.7 and year[-1] == 3
    # The tutor group of A: A and B attached to it, 2 of 3.
    ((label, *cells),) = page.table("tutor_groups").rows
    assert label == "School A" and round(cells[1], 1) == 66.7


def test_a_school_that_left_later_is_a_member_of_the_earlier_quarter(world, dashboard_data, login):
    page = login(world.rita).get(URL + "?year=2024-2025&period=q2").context["page"]
    assert _rows(page, "children") == [("School A", 100.0), ("School B", None), ("School C", 0.0)]
    quality = next(fig for fig in page.figures if fig.code == "quality_pct")
    assert quality.value == 50.0  # aibek's 5 and C's 2


def test_a_coordinator_sees_their_districts_members_and_finds_the_dashboard(world, dashboard_data, login):
    client = login(world.sultan)
    page = client.get(URL + "?year=2024-2025&period=q2").context["page"]
    assert _rows(page, "children") == [("School C", 0.0)]
    home = client.get("/").content.decode()
    assert f'href="{URL}"' in home
    assert f'href="{URL}"' in client.get("/projects/MONITOR/").content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("rita", 200), ("dana", 200), ("sultan", 200), ("aigul", 200), ("timur", 404), ("parvina", 404),
     ("charlie", 404)],
)  # fmt: skip
def test_who_may_open_the_project_dashboard(world, dashboard_data, login, who, status):
    assert login(getattr(world, who)).get(URL).status_code == status


def test_an_unknown_project_is_a_404(world, dashboard_data, login):
    assert login(world.rita).get("/dashboards/project/NOPE/").status_code == 404


def test_the_queries_do_not_grow_with_the_members(world, dashboard_data, login):
    client = login(world.rita)
    url = URL + "?year=2024-2025&period=year"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for code in ("D", "E"):
        school = f.SchoolFactory(code=code, parent=world.alamedin)
        dashboard_data.members.create(school=school, joined_on=datetime.date(2024, 9, 1))
        school_class = f.SchoolClassFactory(school=school, year=world.year, grade=8, letter="а")
        student = f.EnrolmentFactory(school_class=school_class).student
        put_marks(school_class, world.year.periods.get(code="year"), {(student, world.math): "5"})
    after = count()
    assert after == before and after <= 30  # 26 on 2026-12-02


def test_the_members_table_is_exported_as_xlsx(world, dashboard_data, login):
    response = login(world.rita).get(URL + "?year=2024-2025&period=year&format=xlsx&table=children")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["School A", "School B"]
    assert [row[2] for row in rows[1:]] == [50.0, 100.0]
