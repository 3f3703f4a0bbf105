import pytest
from django.utils import translation

from sapat.testing.marks import add_periods


@pytest.fixture(autouse=True)
def english():
    """The tests read the messages in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def periods(world):
    return add_periods(world.year)


@pytest.fixture(autouse=True)
def no_stale_audit_actor():
    """django-auditlog's middleware leaves a request's actor in its context variable after the response, and
    `audit.registry.log_bulk` falls back to it: a later test calling a service without an actor would record
    that user, rolled back with its test (PostgreSQL then refuses the foreign key when the test ends)."""
    from auditlog.context import auditlog_value

    token = auditlog_value.set({})
    yield
    auditlog_value.reset(token)
