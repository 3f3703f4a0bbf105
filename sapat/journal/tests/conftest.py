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
