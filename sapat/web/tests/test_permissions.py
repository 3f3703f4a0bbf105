"""Who may open which page: one table of role × page × status, in the style of pretix's test_permissions.py.

Inside a user's scope a page answers 200; across a unit line it answers 404, with exactly the body of a
missing object (never 403, nothing that tells "it exists but is not yours"); anonymous users go to the login.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.shortcuts import resolve_url

from sapat.access.models import User
from sapat.testing import factories as f
from sapat.testing.world import build_world

MISSING_PK = 987654321
ROLES = ("rita", "dana", "aigul", "timur", "bakyt", "parvina", "charlie")
UNITS = {"NORTH": "region", "ALA": "alamedin", "SOK": "sokuluk", "A": "school_a", "B": "school_b", "C": "school_c"}
FIXED_PAGES = {"home": "/", "admin:classes": "/admin/structure/schoolclass/"}

# The pages of objects. An object's history is visible exactly when the object is (see HISTORY below).
OBJECTS = [
    # page             rita dana aigul timur bakyt parvina charlie
    ("unit:NORTH",     200, 404, 404,  404,  404,  404,    404),
    ("unit:ALA",       200, 200, 404,  404,  404,  404,    404),
    ("unit:SOK",       200, 404, 404,  404,  404,  404,    404),
    ("unit:A",         200, 200, 200,  200,  404,  200,    404),
    ("unit:B",         200, 200, 404,  404,  200,  404,    404),
    ("unit:C",         200, 404, 404,  404,  404,  404,    404),
    ("class:a8a",      200, 200, 200,  200,  404,  404,    404),
    ("class:a8b",      200, 200, 200,  404,  404,  404,    404),
    ("class:b8a",      200, 200, 404,  404,  200,  404,    404),
    ("class:c9a",      200, 404, 404,  404,  404,  404,    404),
    ("student:aibek",  200, 200, 200,  200,  404,  200,    404),
    ("student:bolot",  200, 200, 200,  404,  404,  404,    404),
    ("student:camila", 200, 200, 404,  404,  200,  404,    404),
]  # fmt: skip
HISTORY = [(f"history:{page}", *statuses) for page, *statuses in OBJECTS]
# A unit's achievements page is reached exactly as the unit is (its participations are then scoped row by row).
ACHIEVEMENTS = [(f"achievements:{page}", *statuses) for page, *statuses in OBJECTS if page.startswith("unit:")]
OTHERS = [
    # page              rita dana aigul timur bakyt parvina charlie
    ("home",            200, 200, 200,  200,  200,  200,    200),
    # Nobody in the world is staff, so the admin sends everyone to its own login page.
    ("admin:classes",   302, 302, 302,  302,  302,  302,    302),
    ("admin:class:a8a", 302, 302, 302,  302,  302,  302,    302),
]  # fmt: skip
TABLE = OTHERS + OBJECTS + HISTORY + ACHIEVEMENTS
CASES = [
    pytest.param(role, page, status, id=f"{role}-{page}")
    for page, *row in TABLE
    for role, status in zip(ROLES, row, strict=True)
]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The world built once for this module (some 250 tests); each test still runs in its own savepoint."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        shared = build_world()
    yield shared
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world, db):
    return shared_world


def url_of(world, page: str, *, missing: bool = False) -> str:
    """The address of a page named in the table; with `missing`, the same page of an object that does not exist."""
    if page in FIXED_PAGES:
        return FIXED_PAGES[page]
    *prefix, kind, name = page.split(":")
    pk = MISSING_PK if missing else getattr(world, UNITS.get(name, name)).pk
    match prefix, kind:
        case ["history"], _:
            return f"/history/{kind}/{pk}/"
        case ["admin"], _:
            return f"/admin/structure/schoolclass/{pk}/change/"
        case ["achievements"], _:
            return f"/achievements/{'NOPE' if missing else name}/"
        case _, "unit":
            return f"/units/{'NOPE' if missing else name}/"
        case _, "class":
            return f"/classes/{pk}/"
    return f"/students/{pk}/"


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_page_answers_by_role(world, login, role, page, status):
    client = login(getattr(world, role))
    response = client.get(url_of(world, page))
    assert response.status_code == status
    if status == 404:
        assert response.content == client.get(url_of(world, page, missing=True)).content
    if status == 302:
        assert response.url.startswith("/admin/login/?next=")


@pytest.mark.parametrize("page", [page for page, *_ in TABLE])
def test_anonymous_is_sent_to_the_login(world, client, page):
    response = client.get(url_of(world, page))
    login_url = "/admin/login/" if page.startswith("admin:") else resolve_url(settings.LOGIN_URL)
    assert response.status_code == 302
    assert response.url.startswith(f"{login_url}?next=")


def test_missing_pages_are_plain_404s(world, login):
    client = login(world.rita)
    for page in ("unit:NORTH", "class:a8a", "student:aibek", "history:unit:A", "history:class:a8a"):
        assert client.get(url_of(world, page, missing=True)).status_code == 404


def test_history_of_an_unknown_kind_is_404(world, login):
    assert login(world.rita).get(f"/history/membership/{world.a8a.pk}/").status_code == 404


# The admin: is_staff opens the door, the scope still decides what is behind it.


@pytest.fixture
def staff_aigul(world):
    """Aigul as a staff user with every structure permission; English, to read the admin's messages."""
    aigul = User.objects.get(pk=world.aigul.pk)  # a copy: the shared world's objects stay as they were
    aigul.is_staff = True
    aigul.language = "en"
    aigul.save(update_fields=["is_staff", "language"])
    aigul.user_permissions.set(Permission.objects.filter(content_type__app_label="structure"))
    return aigul


def without_noise(html: str, pk: int) -> str:
    """The page with the pk and the per-response CSRF token blanked out, for comparing two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).replace(f"“{pk}”", "“PK”")


def listed_class_ids(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/admin/structure/schoolclass/(\d+)/change/', response.text)}


def test_staff_deputy_lists_only_her_schools_classes(world, login, staff_aigul):
    response = login(staff_aigul).get("/admin/structure/schoolclass/")
    assert response.status_code == 200
    assert listed_class_ids(response) == {world.a8a.pk, world.a8b.pk}


def test_staff_deputy_opens_her_schools_class_in_the_admin(world, login, staff_aigul):
    response = login(staff_aigul).get(f"/admin/structure/schoolclass/{world.a8a.pk}/change/")
    assert response.status_code == 200


@pytest.mark.parametrize("other", ["b8a", "c9a"])
def test_staff_deputy_cannot_open_another_schools_class_in_the_admin(world, login, staff_aigul, other):
    client = login(staff_aigul)
    other_class = getattr(world, other)
    response = client.get(f"/admin/structure/schoolclass/{other_class.pk}/change/", follow=True)
    missing = client.get(f"/admin/structure/schoolclass/{MISSING_PK}/change/", follow=True)
    assert response.redirect_chain == missing.redirect_chain == [("/admin/", 302)]
    message = f"Class with ID “{other_class.pk}” doesn’t exist. Perhaps it was deleted?"
    assert message in response.text
    assert other_class.school.name not in response.text
    assert without_noise(response.text, other_class.pk) == without_noise(missing.text, MISSING_PK)


def test_staff_deputy_cannot_pick_another_school_in_the_admin(world, login, staff_aigul):
    query = {"app_label": "structure", "model_name": "schoolclass", "field_name": "school", "term": ""}
    response = login(staff_aigul).get("/admin/autocomplete/", query)
    assert response.status_code == 200
    assert {int(row["id"]) for row in response.json()["results"]} == {world.school_a.pk}


# Query counts: the pages must not grow a query per row.


def grow(world) -> None:
    """More districts, classes and students than the world has, so that an N+1 shows in the counts."""
    for _ in range(4):
        f.DistrictFactory(parent=world.region)
    for letter in "вгде":
        school_class = f.SchoolClassFactory(school=world.school_a, year=world.year, grade=9, letter=letter)
        f.EnrolmentFactory.create_batch(3, school_class=school_class)
        f.TeachingAssignmentFactory(school_class=school_class)
    f.EnrolmentFactory.create_batch(6, school_class=world.a8a)
    f.TeachingAssignmentFactory.create_batch(3, school_class=world.a8a)


@pytest.mark.parametrize(
    ("role", "page", "budget"),
    # Today's counts plus a little headroom; an N+1 over the grown rows would add four or more.
    [("rita", "unit:NORTH", 14), ("aigul", "unit:A", 15), ("aigul", "class:a8a", 11)],
)
def test_page_queries_do_not_grow_with_rows(world, login, django_assert_max_num_queries, role, page, budget):
    grow(world)
    client = login(getattr(world, role))
    with django_assert_max_num_queries(budget):
        assert client.get(url_of(world, page)).status_code == 200
