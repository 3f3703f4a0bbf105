"""Who may open which report page: role × page × status (the style of sapat/web/tests/test_permissions.py).

Inside a user's reach a page answers 200; across a unit line 404, with the body of a missing object; the
open public report answers everyone, anonymous visitors included, and only for a published unit.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url

from sapat.reports.models import ReportRun
from sapat.reports.services import publication_create, report_request
from sapat.testing.world import build_world

from .conftest import build_control_case

ROLES = ("rita", "dana", "aigul", "timur", "bakyt", "parvina", "charlie", "anonymous")
LOGIN = 302

TABLE = [
    # page                    rita dana aigul timur bakyt parvina charlie anonymous
    ("index",                 200, 200, 200,  200,  200,  200,    200,    LOGIN),
    ("control-note",          200, 200, 200,  404,  404,  404,    404,    LOGIN),
    ("new:school-results",    200, 200, 200,  404,  404,  404,    404,    LOGIN),
    ("new:comparative",       200, 200, 404,  404,  404,  404,    404,    LOGIN),
    ("new:teacher",           200, 200, 200,  200,  404,  404,    404,    LOGIN),
    ("new:nonsense",          404, 404, 404,  404,  404,  404,    404,    LOGIN),
    ("run:aigul",             200, 200, 200,  404,  404,  404,    404,    LOGIN),
    ("run-file:aigul",        200, 200, 200,  404,  404,  404,    404,    LOGIN),
    ("card:aibek",            200, 200, 200,  200,  404,  200,    404,    LOGIN),
    ("card:bolot",            200, 200, 200,  404,  404,  404,    404,    LOGIN),
    ("card:camila",           200, 200, 404,  404,  200,  404,    404,    LOGIN),
    ("publications",          200, 200, 200,  404,  404,  404,    404,    LOGIN),
    ("public-index",          200, 200, 200,  200,  200,  200,    200,    200),
    ("public:A",              200, 200, 200,  200,  200,  200,    200,    200),
    ("public:B",              404, 404, 404,  404,  404,  404,    404,    404),
]  # fmt: skip
CASES = [
    pytest.param(role, page, status, id=f"{role}-{page}")
    for page, *row in TABLE
    for role, status in zip(ROLES, row, strict=True)
]
MISSING = {"run": "/reports/runs/987654321/", "run-file": "/reports/runs/987654321/file/",
           "card": "/reports/cards/987654321/", "public": "/reports/public/NOPE/2024-2025/q1/"}  # fmt: skip


@pytest.fixture(scope="module")
def shared_scene(django_db_setup, django_db_blocker):
    """The world, its control works, a publication of A and Aigul's note, built once for this module's
    hundred tests; each test still runs in its own savepoint."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        case = build_control_case(build_world())
        world = case["world"]
        publication_create(unit=world.school_a, period=case["periods"]["q1"], user=world.aigul)
        params = {"unit": "A", "year": "2024-2025", "subject": "math", "work": "h1"}
        report_request(kind="control-note", params=params, language="ru", fmt="html", user=world.aigul)
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def scene(shared_scene, db):
    return shared_scene


def url_of(world, page: str) -> str:
    kind, _, name = page.partition(":")
    match kind:
        case "run" | "run-file":
            run = ReportRun.objects.get(requested_by=getattr(world, name))
            return f"/reports/runs/{run.pk}/" + ("file/" if kind == "run-file" else "")
        case "card":
            return f"/reports/cards/{getattr(world, name).pk}/"
        case "public":
            return f"/reports/public/{name}/2024-2025/q1/"
        case "public-index":
            return "/reports/public/"
        case "new":
            return f"/reports/new/{name}/"
    return f"/reports/{'' if kind == 'index' else kind + '/'}"


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_report_page_answers_by_role(scene, client, login, role, page, status):
    if role != "anonymous":
        client = login(getattr(scene, role))
    response = client.get(url_of(scene, page))
    assert response.status_code == status
    if status == LOGIN:
        assert response.url.startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")
    kind = page.partition(":")[0]
    if status == 404 and kind in MISSING:
        assert response.content == client.get(MISSING[kind]).content


def test_a_teacher_cannot_build_a_note_on_the_whole_school_by_hand(scene, login):
    """The form is closed to Timur; posting the parameters directly is refused the same way."""
    client = login(scene.timur)
    answer = client.post("/reports/control-note/", {"work": "A|2024-2025|math|h1", "language": "ru", "format": "pdf"})
    assert answer.status_code == 404
    assert ReportRun.objects.filter(requested_by=scene.timur).count() == 0


def test_a_coordinator_cannot_withdraw_another_districts_publication(scene, login):
    from sapat.reports.models import Publication

    publication = Publication.objects.get()
    assert login(scene.dana).post(f"/reports/publications/{publication.pk}/delete/").status_code == 302
    assert not Publication.objects.exists()  # Alamedin holds school A: Dana may
    publication_create(unit=scene.school_a, period=publication.period, user=scene.aigul)
    other = Publication.objects.get()
    assert login(scene.bakyt).post(f"/reports/publications/{other.pk}/delete/").status_code == 404
    assert Publication.objects.exists()
