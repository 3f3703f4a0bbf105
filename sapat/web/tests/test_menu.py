"""The top menu by role: a parent gets no journal and no import or export; the administration is offered only to
who may add or change something there, not to a staff account that may only look."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db

ENTRIES = ("nav-journal", "nav-transfer", "nav-admin")


def menu_of(client) -> set[str]:
    text = client.get("/").content.decode()
    return {entry for entry in ENTRIES if f'data-testid="{entry}"' in text}


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("parvina", set()),  # a parent: the child's dashboard and reports only
        ("charlie", set()),  # no role at all
        ("timur", {"nav-journal", "nav-transfer"}),  # a subject teacher
        ("aigul", {"nav-journal", "nav-transfer"}),  # a deputy without admin rights
        ("dana", {"nav-transfer"}),  # a district coordinator enters no marks
    ],
)
def test_the_menu_offers_what_the_role_uses(world, login, person, expected):
    assert menu_of(login(world.users[person])) == expected


def test_the_administration_is_offered_only_to_who_may_change_something(world, login):
    aigul = world.users["aigul"]
    aigul.is_staff = True
    aigul.save(update_fields=["is_staff"])
    aigul.user_permissions.add(Permission.objects.get(codename="view_schoolclass"))
    assert "nav-admin" not in menu_of(login(aigul))
    aigul.user_permissions.add(Permission.objects.get(codename="change_schoolclass"))
    assert "nav-admin" in menu_of(login(aigul))
