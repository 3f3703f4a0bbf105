import pytest

from .marked import mark_world, shared_world


@pytest.fixture
def marked(world):
    """The world with the hand-computed marks of marked.py."""
    return mark_world(world)


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    """(world, marks) built once per module: use `shared_world_fixtures` in a module to read from it."""
    with shared_world(django_db_blocker) as built:
        yield built


@pytest.fixture
def q2():
    """The selection of the hand-computed figures: 2024-2025, second quarter."""
    return "?year=2024-2025&period=q2"
