"""Fixtures shared by every app's tests."""

import pytest

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
