"""Every change made through the admin is kept with who, when, the old and the new value, and shown on the pages."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from sapat.structure.models import SchoolClass
from sapat.testing import factories as f

ADMIN_CLASSES = "/admin/structure/schoolclass/"


@pytest.fixture
def editor(world, login):
    """A client logged in as Aigul, made staff with the structure permissions so she can use the admin."""
    aigul = world.aigul
    aigul.is_staff = True
    aigul.save(update_fields=["is_staff"])
    aigul.user_permissions.set(Permission.objects.filter(content_type__app_label="structure"))
    return login(aigul)


def class_form(school_class: SchoolClass, **changes) -> dict:
    """The admin form of a class as posted; the inline formsets are sent empty, which leaves their rows alone."""
    data = {
        "school": school_class.school_id,
        "year": school_class.year_id,
        "grade": school_class.grade,
        "letter": school_class.letter,
        "class_teacher": school_class.class_teacher_id or "",
    }
    for prefix in ("enrolments", "assignments"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data | changes


def entries_of(model, pk) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    return list(LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)).order_by("timestamp", "pk"))


def rows_of(response) -> list[list[str]]:
    """The cells of the history table, row by row."""
    body = re.search(r'data-testid="history">(.*?)</table>', response.text, re.S)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
    ]


def test_change_in_the_admin_is_recorded_with_actor_and_values(world, editor):
    response = editor.post(f"{ADMIN_CLASSES}{world.a8a.pk}/change/", class_form(world.a8a, letter="в"))
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    [entry] = [e for e in entries_of(SchoolClass, world.a8a.pk) if e.action == LogEntry.Action.UPDATE]
    assert entry.actor == world.aigul
    assert entry.changes_dict == {"letter": ["а", "в"]}


def test_history_page_shows_the_change(world, editor):
    editor.post(f"{ADMIN_CLASSES}{world.a8a.pk}/change/", class_form(world.a8a, letter="в"))
    response = editor.get(f"/history/class/{world.a8a.pk}/")
    assert response.status_code == 200
    row = next(r for r in rows_of(response) if "letter" in r)
    assert str(world.aigul) in row
    assert row[-2:] == ["а", "в"]


def test_history_of_another_schools_class_is_404(world, editor):
    assert editor.get(f"/history/class/{world.b8a.pk}/").status_code == 404
    assert editor.get(f"/history/unit/{world.school_b.pk}/").status_code == 404
    assert editor.get(f"/history/student/{world.camila.pk}/").status_code == 404


def test_admin_cannot_change_another_schools_class(world, editor):
    response = editor.post(f"{ADMIN_CLASSES}{world.b8a.pk}/change/", class_form(world.b8a, letter="в"))
    assert response.status_code == 302
    world.b8a.refresh_from_db()
    assert world.b8a.letter == "а"
    assert not [e for e in entries_of(SchoolClass, world.b8a.pk) if e.action == LogEntry.Action.UPDATE]


def test_creating_in_the_admin_is_recorded(world, editor):
    new = SchoolClass(school=world.school_a, year=world.year, grade=9, letter="а")
    assert editor.post(f"{ADMIN_CLASSES}add/", class_form(new)).status_code == 302
    created = SchoolClass.objects.get(school=world.school_a, grade=9)
    [entry] = entries_of(SchoolClass, created.pk)
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, world.aigul)
    assert entry.changes_dict["letter"][1] == "а"


def test_deleting_in_the_admin_is_recorded(world, editor):
    # A class without students: one with students is refused, with a count (access/admin_scoping.py).
    pk = f.SchoolClassFactory(school=world.school_a, year=world.year, grade=9, letter="в").pk
    assert editor.post(f"{ADMIN_CLASSES}{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not SchoolClass.objects.filter(pk=pk).exists()
    entry = entries_of(SchoolClass, pk)[-1]
    assert (entry.action, entry.actor) == (LogEntry.Action.DELETE, world.aigul)


def test_history_is_newest_first_and_says_who(world, editor):
    for letter in ("в", "г"):
        world.a8a.letter = letter
        editor.post(f"{ADMIN_CLASSES}{world.a8a.pk}/change/", class_form(world.a8a))
    changes = [r[-2:] for r in rows_of(editor.get(f"/history/class/{world.a8a.pk}/")) if "letter" in r]
    assert changes[:2] == [["в", "г"], ["а", "в"]]


def test_the_actor_of_a_request_is_forgotten_when_it_ends(world, client):
    from sapat.audit.registry import current_actor

    client.force_login(world.aigul)
    client.get("/")
    assert current_actor() is None
