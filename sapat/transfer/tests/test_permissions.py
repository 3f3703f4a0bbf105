"""Who may open which page of import and export: role × page × status, as in sapat/web/tests/test_permissions.py.

A record of an import is visible to whoever oversees its unit; only the person who uploaded it may apply it;
the upload form is for those who may change a unit (director, deputy, coordinator, regional officer).
Templates and exports answer for the units a user sees, with only the rows they see.
"""

import pytest
from django.db import transaction

from sapat.testing.world import build_world
from sapat.transfer.services import import_preview

ROLES = ("rita", "dana", "aigul", "timur", "bakyt", "parvina", "charlie")
CSV = "Class,Period,Student code,Mathematics\r\n8а,q1,{code},5\r\n"

TABLE = [
    # page                     rita dana aigul timur bakyt parvina charlie
    ("list",                   200, 200, 200,  200,  200,  200,    200),
    ("new",                    200, 200, 200,  404,  404,  404,    404),
    ("record:a",               200, 200, 200,  404,  404,  404,    404),
    ("record:b",               200, 200, 404,  404,  404,  404,    404),
    ("template:A",             200, 200, 200,  200,  404,  200,    404),
    ("template:B",             200, 200, 404,  404,  200,  404,    404),
    ("template:NORTH",         200, 404, 404,  404,  404,  404,    404),
    ("export:A",               200, 200, 200,  200,  404,  200,    404),
]  # fmt: skip
CASES = [
    pytest.param(role, page, status, id=f"{role}-{page}")
    for page, *row in TABLE
    for role, status in zip(ROLES, row, strict=True)
]


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    """The world and two previewed imports (Aigul's into A, Dana's into B), built once for this module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        world = build_world()
        from sapat.testing.marks import add_periods

        add_periods(world.year)
        records = {
            "a": import_preview(user=world.aigul, unit=world.school_a, kind="marks", file_name="a.csv",
                                content=CSV.format(code=world.aibek.code).encode()),
            "b": import_preview(user=world.dana, unit=world.school_b, kind="marks", file_name="b.csv",
                                content=CSV.format(code=world.camila.code).encode()),
        }  # fmt: skip
    yield world, records
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(shared, db):
    return shared[0]


@pytest.fixture
def records(shared, db):
    return shared[1]


def url_of(page: str, records: dict, *, missing: bool = False) -> str:
    kind, _, name = page.partition(":")
    match kind:
        case "list":
            return "/transfer/"
        case "new":
            return "/transfer/new/"
        case "record":
            return f"/transfer/{987654 if missing else records[name].pk}/"
        case "template":
            return f"/transfer/templates/marks/?unit={'NOPE' if missing else name}"
    return f"/transfer/templates/marks/?unit={'NOPE' if missing else name}&data=1&format=csv"


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_page_answers_by_role(world, records, login, role, page, status):
    client = login(getattr(world, role))
    response = client.get(url_of(page, records))
    assert response.status_code == status
    if status == 404 and page.startswith("record"):
        assert response.content == client.get(url_of(page, records, missing=True)).content


@pytest.mark.parametrize("page", [page for page, *_ in TABLE])
def test_anonymous_is_sent_to_the_login(world, records, client, page):
    response = client.get(url_of(page, records))
    assert response.status_code == 302
    assert response.url.startswith("/login/?next=")


@pytest.mark.parametrize(("role", "status"), [("aigul", 302), ("rita", 404), ("dana", 404), ("timur", 404)])
def test_only_the_uploader_applies_an_import(world, records, login, role, status):
    response = login(getattr(world, role)).post(f"/transfer/{records['a'].pk}/apply/")
    assert response.status_code == status


def test_applying_takes_a_post(world, records, login):
    assert login(world.aigul).get(f"/transfer/{records['a'].pk}/apply/").status_code == 405


def test_the_list_shows_only_imports_of_units_one_oversees(world, records, login):
    assert records["b"].file_name not in login(world.aigul).get("/transfer/").text
    page = login(world.dana).get("/transfer/").text
    assert "a.csv" in page and "b.csv" in page


def test_a_teachers_export_holds_only_their_classes(world, records, login):
    from sapat.structure.models import Period
    from sapat.testing.marks import put_marks

    q1 = Period.objects.get(year=world.year, code="q1")
    put_marks(world.a8a, q1, {(world.aibek, world.math): "5"})
    put_marks(world.a8b, q1, {(world.bolot, world.math): "3"})
    text = login(world.timur).get(url_of("export:A", records)).content.decode("utf-8-sig")
    assert world.aibek.code in text and world.bolot.code not in text
    assert world.bolot.code in login(world.aigul).get(url_of("export:A", records)).content.decode("utf-8-sig")
