"""A college department's dashboard: who reaches it (one table of role × department × status, as
test_permissions.py), hand-computed figures of the department's groups by group, speciality and course, the
college's totals only for who oversees the college, and the head of department's menu and home."""

import pytest
from django.urls import reverse
from django.utils import translation

from sapat.colleges import services
from sapat.testing import factories as f
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_kept():
    """A request in Russian leaves Russian active; the tests after this module's read their own language."""
    with translation.override(translation.get_language()):
        yield


ROLES = ("kanat", "asel", "nurlan", "baktygul", "meerim", "ulan", "ainura", "rita", "dana", "timur")
TABLE = [
    # department  kanat asel nurlan baktygul meerim ulan ainura rita dana timur
    ("vet",        200,  200, 200,   200,     404,   404, 404,   200, 404, 404),
    ("eco",        200,  200, 404,   200,     404,   404, 404,   200, 404, 404),
    ("other",      404,  404, 404,   404,     404,   404, 404,   200, 404, 404),
]  # fmt: skip
CASES = [
    pytest.param(role, dept, status, id=f"{role}-{dept}")
    for dept, *row in TABLE
    for role, status in zip(ROLES, row, strict=True)
]


@pytest.fixture
def other_department(world, college):
    """A department of another college of the same region."""
    other = f.SchoolFactory(code="OTHERC", parent=world.region, school_kind="college", name_en="Other college")
    department, _ = services.department_ensure(college=other, code="VET", names={"en": "Veterinary (other)"})
    return department


def url_of(college, other_department, name: str, query: str = "") -> str:
    department = other_department if name == "other" else getattr(college, name)
    return reverse("dashboards:department", args=[department.pk]) + query


def user_of(college, world, name):
    return college.users.get(name) or getattr(world, name)


@pytest.mark.parametrize(("role", "department", "status"), CASES)
def test_department_dashboard_answers_by_role(college, world, other_department, login, role, department, status):
    response = login(user_of(college, world, role)).get(url_of(college, other_department, department))
    assert response.status_code == status


@pytest.fixture
def marks(college):
    s = college.students
    anatomy = college.anatomy
    put_marks(college.vet24_class, college.s1, {(s["ainura"], anatomy): "5", (s["bekzat"], anatomy): "4",
                                                 (s["cholpon"], anatomy): "3"})  # fmt: skip
    put_marks(
        college.vet23_class, college.s1, {(s["daniyar"], college.anatomy): "4", (s["elmira"], college.anatomy): "2"}
    )
    put_marks(college.buh24_class, college.s1, {(s["farida"], college.anatomy): "5"})


def _page(login, user, college, query="?year=2024-2025&period=s1&subject=anatomy"):
    response = login(user).get(reverse("dashboards:department", args=[college.vet.pk]) + query)
    assert response.status_code == 200
    return response.context["page"]


def test_the_departments_figures_are_its_groups_and_not_the_others(college, marks, login):
    page = _page(login, college.users["nurlan"], college)
    quality = next(figure for figure in page.figures if figure.code == "quality_pct")
    assert quality.value == 60.0  # 5, 4, 3 of ВЕТ-24 and 4, 2 of ВЕТ-23: three of five; БУХ-24 is another's
    assert quality.parent is None and page.parent_label == ""  # the head does not see the college's totals
    groups = {row[0]: row for row in page.table("children").rows}
    assert set(groups) == {"ВЕТ-24", "ВЕТ-23"}
    assert groups["ВЕТ-24"][2] == pytest.approx(200 / 3) and groups["ВЕТ-23"][2] == 50.0
    specialities = page.table("specialities").rows
    assert [row[0] for row in specialities] == ["36.02.01 Veterinary medicine"] and specialities[0][2] == 60.0
    with translation.override("en"):
        courses = {str(row[0]): row[2] for row in _page(login, college.users["nurlan"], college).table("courses").rows}
    assert courses == {"Course 1": pytest.approx(200 / 3), "Course 2": 50.0}


def test_who_oversees_the_college_sees_its_totals_beside_the_departments(college, marks, login):
    page = _page(login, college.users["kanat"], college)
    quality = next(figure for figure in page.figures if figure.code == "quality_pct")
    assert quality.value == 60.0
    assert quality.parent == pytest.approx(400 / 6)  # the college: 5, 4, 3, 4, 2, 5
    assert page.parent_label == college.unit.name


def test_the_department_offers_semesters_and_the_journals_of_its_groups(college, login):
    page = _page(login, college.users["nurlan"], college, query="")
    assert {p.kind for p in page.selection.periods} <= {"semester", "year"}
    assert page.selection.period.code == "s2"  # a finished year opens on its second semester
    f.TeachingAssignmentFactory(
        teacher=college.staff["meerim"], school_class=college.vet24_class, subject=college.anatomy
    )
    page = _page(login, college.users["nurlan"], college)
    journals = page.table("journals")
    assert journals.rows == [["ВЕТ-24", "Anatomy", college.staff["meerim"].full_name]]
    assert journals.links == [reverse("journal-grid", args=[college.vet24_class.pk, college.anatomy.pk])]


def test_the_head_of_department_finds_it_in_the_menu_and_on_home(college, login):
    client = login(college.users["nurlan"])
    url = reverse("dashboards:department", args=[college.vet.pk])
    home = client.get("/").content.decode()
    assert f'href="{url}" data-testid="nav-department"' in home
    assert client.get(reverse("dashboards:mine")).url == url
    assert 'data-testid="nav-department"' not in login(college.users["meerim"]).get("/").content.decode()


def test_the_colleges_dashboard_leads_to_its_departments(college, marks, login):
    page = login(college.users["kanat"]).get(reverse("dashboards:unit", args=["NATEC"]) + "?period=s1")
    table = page.context["page"].table("departments")
    assert [row[0] for row in table.rows] == ["Economics", "Veterinary"]
    assert table.links[1].startswith(reverse("dashboards:department", args=[college.vet.pk]))


def test_a_curator_and_a_student_reach_only_their_own(college, login):
    meerim, ainura = college.users["meerim"], college.users["ainura"]
    assert login(meerim).get(reverse("dashboards:class", args=[college.vet24_class.pk])).status_code == 200
    assert login(meerim).get(reverse("dashboards:class", args=[college.vet23_class.pk])).status_code == 404
    assert login(ainura).get(reverse("dashboards:student", args=[college.students["ainura"].pk])).status_code == 200
    assert login(ainura).get(reverse("dashboards:student", args=[college.students["bekzat"].pk])).status_code == 404
    assert login(ainura).get(reverse("dashboards:class", args=[college.vet24_class.pk])).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["?year=1900-1901", "?period=q1", "?period=%00", "?subject=<script>", "?indicator=x' OR 1=1", "?format=xlsx",
     "?format=xlsx&table=nope", "?format=pdf&table=children", "?year=" + "9" * 5000],
)  # fmt: skip
def test_a_bad_selection_never_gives_a_server_error(college, login, query):
    response = login(college.users["nurlan"]).get(reverse("dashboards:department", args=[college.vet.pk]) + query)
    assert response.status_code < 500


def test_the_departments_groups_export_in_the_colleges_words(college, marks, login):
    from io import BytesIO

    from openpyxl import load_workbook

    client = login(college.users["nurlan"])
    client.cookies["django_language"] = "ru"
    url = reverse("dashboards:department", args=[college.vet.pk])
    response = client.get(url + "?year=2024-2025&period=s1&subject=anatomy&format=xlsx&table=children")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=3)) if cell.value]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("Учебная группа" in (row[0] or "") for row in rows), rows[:3]
    assert not any((row[0] or "") == "Класс" for row in rows), header
