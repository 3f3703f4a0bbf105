"""Fixtures shared by every app's tests."""

import pytest
from django.utils import translation

from sapat.core import snapshots
from sapat.core.querysets import unscoped
from sapat.testing.college import build_college
from sapat.testing.marks import add_periods
from sapat.testing.world import PASSWORD, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def college(world):
    """The agrarian college NATEC of region North, beside the world (sapat/testing/college.py)."""
    return build_college(world)


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


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """A fixture shared by a module or the session (a world built once) is test code too. Only those: a
    function's fixture may set the declaration itself (`_test_code_reads_unscoped`, a test's `strict`), which
    leaving this block would undo."""
    if fixturedef.scope == "function":
        yield
        return
    with unscoped("a test's shared fixture"):
        yield


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request activates its user's language for the thread and leaves it so (as Django's LocaleMiddleware
    does); the next test, a command's output say, must not inherit it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_code_reads_unscoped():
    """A test builds and checks rows directly; the requests it makes are scoped again (ScopedRequestMiddleware)."""
    with unscoped("test code"):
        yield


@pytest.fixture(autouse=True)
def _snapshots_of_this_test(request):
    """The snapshots kept per process (the indicator registry, the data sets) are built before a test counts
    its queries, and a test that changed them leaves no trace of its rolled-back rows."""
    if "db" in request.fixturenames and "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")  # autouse fixtures come first: open the test's transaction now
        snapshots.load_all()
    yield
    snapshots.forget_changed()
