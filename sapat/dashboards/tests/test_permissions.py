"""Who may open which dashboard: the table role × page × status (sapat/web/tests/test_permissions.py's style).

A unit's dashboard sums everything under the unit, so it needs a role overseeing the unit: a teacher, who sees
the school's row, does not get the school's dashboard. Across a unit line a page answers 404 with exactly the
body of a missing object; exports answer like their page; anonymous users go to the login.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

MISSING_PK = 987654321
ROLES = ("rita", "dana", "aigul", "timur", "bakyt", "parvina", "charlie")
OBJECTS = {"aibek", "bolot", "camila", "a8a", "a8b", "b8a", "c9a"}

TABLE = [
    # page                rita dana aigul timur bakyt parvina charlie
    ("unit:NORTH",        200, 404, 404,  404,  404,  404,    404),
    ("unit:ALA",          200, 200, 404,  404,  404,  404,    404),
    ("unit:SOK",          200, 404, 404,  404,  404,  404,    404),
    ("unit:A",            200, 200, 200,  404,  404,  404,    404),
    ("unit:B",            200, 200, 404,  404,  404,  404,    404),
    ("unit:C",            200, 404, 404,  404,  404,  404,    404),
    ("parallel:A",        200, 200, 200,  404,  404,  404,    404),
    ("parallel:C",        200, 404, 404,  404,  404,  404,    404),
    ("at-risk:A",         200, 200, 200,  404,  404,  404,    404),
    ("at-risk:B",         200, 200, 404,  404,  404,  404,    404),
    ("class:a8a",         200, 200, 200,  200,  404,  404,    404),
    ("class:a8b",         200, 200, 200,  404,  404,  404,    404),
    ("class:b8a",         200, 200, 404,  404,  200,  404,    404),
    ("class:c9a",         200, 404, 404,  404,  404,  404,    404),
    ("teacher:timur",     200, 200, 200,  200,  404,  404,    404),
    ("teacher:bakyt",     200, 200, 404,  404,  200,  404,    404),
    ("student:aibek",     200, 200, 200,  200,  404,  200,    404),
    ("student:bolot",     200, 200, 200,  404,  404,  404,    404),
    ("student:camila",    200, 200, 404,  404,  200,  404,    404),
    # Each person's own dashboard: /dashboards/ sends them there; charlie has none and is told so.
    ("mine",              302, 302, 302,  302,  302,  302,    200),
]  # fmt: skip
EXPORTS = [(f"export:{page}", *statuses) for page, *statuses in TABLE if page != "mine"]
CASES = [
    pytest.param(role, page, status, id=f"{role}-{page}")
    for page, *row in TABLE + EXPORTS
    for role, status in zip(ROLES, row, strict=True)
]
LANDING = {
    "rita": "/dashboards/unit/NORTH/",
    "dana": "/dashboards/unit/ALA/",
    "aigul": "/dashboards/unit/A/",
    "timur": "/dashboards/teacher/{timur_staff}/",
    "bakyt": "/dashboards/class/{b8a}/",
    "parvina": "/dashboards/student/{aibek}/",
}


@pytest.fixture
def world(shared, db):
    return shared[0]


def url_of(world, page: str, *, missing: bool = False) -> str:
    """The address of a page named in the table; with `missing`, the same page of an object that does not exist."""
    if page == "mine":
        return "/dashboards/"
    if page.startswith("export:"):
        table = {"at-risk": "at_risk", "teacher": "classes"}.get(page.split(":")[1], "dynamics")
        return url_of(world, page.removeprefix("export:"), missing=missing) + f"?format=csv&table={table}"
    kind, name = page.split(":")
    if kind in ("unit", "parallel", "at-risk"):
        code = "NOPE" if missing else name
        return {"unit": f"/dashboards/unit/{code}/", "parallel": f"/dashboards/unit/{code}/parallel/8/",
                "at-risk": f"/dashboards/unit/{code}/at-risk/"}[kind]  # fmt: skip
    obj = getattr(world, f"{name}_staff" if kind == "teacher" else name)
    return f"/dashboards/{kind}/{MISSING_PK if missing else obj.pk}/"


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_dashboard_answers_by_role(world, login, role, page, status):
    client = login(getattr(world, role))
    response = client.get(url_of(world, page))
    assert response.status_code == status
    if status == 404:
        assert response.content == client.get(url_of(world, page, missing=True)).content


@pytest.mark.parametrize("role", list(LANDING))
def test_each_person_lands_on_their_own_dashboard(world, login, role):
    expected = LANDING[role].format(timur_staff=world.timur_staff.pk, b8a=world.b8a.pk, aibek=world.aibek.pk)
    response = login(getattr(world, role)).get("/dashboards/")
    assert response.status_code == 302
    assert response.url == expected
    assert login(getattr(world, role)).get(expected).status_code == 200


@pytest.mark.parametrize("page", [page for page, *_ in TABLE])
def test_anonymous_is_sent_to_the_login(world, client, page):
    response = client.get(url_of(world, page))
    assert response.status_code == 302
    assert response.url.startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")


def test_a_school_is_no_parallel_of_a_district(world, login):
    assert login(world.rita).get("/dashboards/unit/ALA/parallel/8/").status_code == 404


def test_dashboards_answer_only_get(world, login):
    assert login(world.rita).post("/dashboards/unit/NORTH/").status_code == 405


def test_a_parent_sees_no_class_figures_on_the_childs_dashboard(world, login):
    html = login(world.parvina).get(f"/dashboards/student/{world.aibek.pk}/?year=2024-2025&period=q2").text
    assert "Asanov Aibek" in html
    assert "S2 Aibek" not in html and "Bolotov" not in html
    assert f"/dashboards/class/{world.a8a.pk}/" not in html


def test_a_teacher_sees_only_their_classes_students(world, login):
    html = login(world.timur).get(f"/dashboards/teacher/{world.timur_staff.pk}/?year=2024-2025&period=q2").text
    assert f"/dashboards/class/{world.a8a.pk}/" in html
    assert f"/dashboards/class/{world.a8b.pk}/" not in html
    assert "Bolotov" not in html
