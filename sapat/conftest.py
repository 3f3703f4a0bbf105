"""Fixtures shared by every app's tests."""

import pytest
from django.utils import translation

from sapat.testing.marks import add_periods
from sapat.testing.world import PASSWORD, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """Log the test client in as one of the world's people: `login(world.aigul)`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def periods(world):
    """The usual periods of the world's year: {"q1": Period, …, "year": Period}."""
    return add_periods(world.year)


@pytest.fixture
def english():
    """Messages in English, whatever a request activated before (for tests that read them)."""
    with translation.override("en"):
        yield
