import pytest


@pytest.fixture(autouse=True)
def in_english(english):
    """The tests of this app read the messages in English."""
