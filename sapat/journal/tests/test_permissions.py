"""Who may enter marks and results, and close periods: one table of role × page × status.

A class or school outside the person's scope answers 404 exactly like a missing one; a class they see but
do not enter answers 403 (the class is no secret to them). Entering: the director and the academic deputy
for their whole school, a teacher for the (class, subject) they teach, nobody else (a class teacher too
enters only their own subjects). Closing periods: the director and the academic deputy of the school.
"""

import datetime

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from sapat.journal.selectors import can_enter_marks
from sapat.journal.services import control_work_create
from sapat.testing import factories as f
from sapat.testing.marks import add_periods
from sapat.web.tests.test_permissions import shared_world  # noqa: F401 - the world built once per module

MISSING_PK = 987654321
ROLES = ("rita", "dana", "aigul", "timur", "bakyt", "parvina", "charlie")

PAGES = [
    # page                 rita dana aigul timur bakyt parvina charlie
    ("home",               200, 200, 200,  200,  200,  200,    200),
    ("control-new",        200, 200, 200,  200,  200,  200,    200),
    ("grid:a8a",           403, 403, 200,  200,  404,  404,    404),
    ("grid:a8b",           403, 403, 200,  404,  404,  404,    404),
    ("grid:b8a",           403, 403, 404,  404,  403,  404,    404),
    ("grid:c9a",           403, 404, 404,  404,  404,  404,    404),
    ("scores:a8a",         403, 403, 302,  302,  404,  404,    404),
    ("control:a8a",        403, 403, 200,  200,  404,  404,    404),
    ("periods:A",          403, 403, 200,  403,  404,  403,    404),
    ("periods:B",          403, 403, 404,  404,  403,  404,    404),
]  # fmt: skip
POSTS = [
    # action               rita dana aigul timur bakyt parvina charlie
    ("cell:a8a",           403, 403, 200,  200,  404,  404,    404),
    ("cell:b8a",           403, 403, 404,  404,  403,  404,    404),
    ("control-row:a8a",    403, 403, 200,  200,  404,  404,    404),
    ("close:A",            403, 403, 302,  403,  404,  403,    404),
    ("close:B",            403, 403, 404,  404,  403,  404,    404),
]  # fmt: skip


def cases(table):
    return [
        pytest.param(role, page, status, id=f"{role}-{page}")
        for page, *row in table
        for role, status in zip(ROLES, row, strict=True)
    ]


@pytest.fixture(scope="module")
def journal_world(shared_world, django_db_blocker):  # noqa: F811 - the fixture imported above
    """The world built once for this module (web's fixture, rolled back after it), with periods and a work."""
    with django_db_blocker.unblock():
        shared_world.periods = add_periods(shared_world.year)
        where = {"school_class": shared_world.a8a, "subject": shared_world.math, "kind": "h1", "code": ""}
        day = datetime.date(2024, 12, 10)
        shared_world.work = control_work_create(
            **where, written_on=day, max_score=None, task_maxima=[], actor=shared_world.aigul
        )
    return shared_world


@pytest.fixture
def world(journal_world, db):
    return journal_world


def url_of(world, page: str, *, missing: bool = False) -> str:
    name, _, target = page.partition(":")
    if name in ("home", "control-new"):
        return "/journal/" if name == "home" else "/journal/control/new/"
    if name == "control" or name == "control-row":
        pk = MISSING_PK if missing else world.work.pk
        return f"/journal/control/{pk}/" + ("row/" if name == "control-row" else "")
    if name in ("periods", "close"):
        code = "NOPE" if missing else target
        tail = f"{world.periods['q1'].pk}/close/" if name == "close" else ""
        return f"/journal/schools/{code}/periods/{tail}"
    pk = MISSING_PK if missing else getattr(world, target).pk
    base = f"/journal/classes/{pk}/subjects/{world.math.pk}/"
    return {"grid": base, "cell": base + "cell/", "scores": base + f"scores/{world.periods['q1'].pk}/"}[name]


def post_data(world, page: str) -> dict:
    name, _, target = page.partition(":")
    if name == "cell":
        student = world.aibek if target == "a8a" else world.camila
        return {"student": student.pk, "period": world.periods["q1"].pk, "value": "5"}
    if name == "control-row":
        return {"student": world.aibek.pk, "mark": "4"}
    return {}


@pytest.mark.parametrize(("role", "page", "status"), cases(PAGES))
def test_page_answers_by_role(world, login, role, page, status):
    client = login(getattr(world, role))
    response = client.get(url_of(world, page))
    assert response.status_code == status
    if status == 404:
        assert response.content == client.get(url_of(world, page, missing=True)).content


@pytest.mark.parametrize(("role", "page", "status"), cases(POSTS))
def test_writes_answer_by_role(world, login, role, page, status):
    client = login(getattr(world, role))
    response = client.post(url_of(world, page), post_data(world, page))
    assert response.status_code == status
    if status == 404:
        assert response.content == client.post(url_of(world, page, missing=True), post_data(world, page)).content


@pytest.mark.parametrize("page", [page for page, *_ in PAGES + POSTS])
def test_anonymous_is_sent_to_the_login(world, client, page):
    response = client.get(url_of(world, page))
    assert response.status_code == 302
    assert response.url.startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")


def test_a_class_teacher_enters_only_the_subjects_she_teaches(world):
    physics = f.SubjectFactory(code="physics")
    f.TeachingAssignmentFactory(teacher=world.bakyt_staff, school_class=world.b8a, subject=physics)
    assert can_enter_marks(world.bakyt, world.b8a, physics)
    assert not can_enter_marks(world.bakyt, world.b8a, world.math)


def test_a_teacher_does_not_enter_another_subject_of_his_class(world, login):
    other = f.SubjectFactory(code="history")
    response = login(world.timur).get(f"/journal/classes/{world.a8a.pk}/subjects/{other.pk}/")
    assert response.status_code == 403


def test_the_director_enters_every_class_of_her_school(world):
    director = f.MembershipFactory(unit=world.school_a, role="director").user
    assert can_enter_marks(director, world.a8b, world.math)
    assert not can_enter_marks(director, world.b8a, world.math)


def test_the_upbringing_deputy_and_the_psychologist_do_not_enter_marks(world):
    for role in ("deputy_upbringing", "psychologist"):
        person = f.MembershipFactory(unit=world.school_a, role=role).user
        assert not can_enter_marks(person, world.a8a, world.math)
