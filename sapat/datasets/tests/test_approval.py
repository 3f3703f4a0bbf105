"""Completeness and approval by level: who may submit, approve, return and reopen, the states a submission
goes through, approved data locked, and the board of a district."""

import pytest

from sapat.datasets.models import Submission
from sapat.datasets.selectors import board
from sapat.datasets.services import StepRefused, ValuesRefused, submission_step
from sapat.testing import datasets as ds

pytestmark = pytest.mark.django_db


@pytest.fixture
def health(world, periods):
    dataset = ds.load(ds.health())
    ds.put(dataset, periods["year"], {(ds.of_class(world.a8a), "g1"): "1", (ds.of_class(world.b8a), "g1"): "0"})
    return dataset


def step(health, periods, unit, action, user, reason=""):
    return submission_step(dataset=health, period=periods["year"], unit=unit, action=action, user=user, reason=reason)


def test_the_deputy_submits_the_coordinator_returns_then_approves_and_the_data_is_locked(world, periods, health):
    a = world.school_a
    assert step(health, periods, a, "submit", world.zarina).state == Submission.State.SUBMITTED
    returned = step(health, periods, a, "return", world.dana, reason="8б is missing")
    assert returned.state == Submission.State.RETURNED
    ds.put(health, periods["year"], {(ds.of_class(world.a8b), "g1"): "1"}, user=world.zarina)
    step(health, periods, a, "submit", world.zarina)
    approved = step(health, periods, a, "approve", world.dana)
    assert approved.state == Submission.State.APPROVED
    assert [e.action for e in approved.events.all()] == ["submit", "return", "submit", "approve"]
    assert approved.events.first().responsible == world.zarina.get_full_name()
    with pytest.raises(ValuesRefused) as refused:
        ds.put(health, periods["year"], {(ds.of_class(world.a8b), "g1"): "2"}, user=world.zarina)
    assert "approved" in " ".join(refused.value.messages)
    step(health, periods, a, "reopen", world.dana, reason="a correction")
    ds.put(health, periods["year"], {(ds.of_class(world.a8b), "g1"): "2"}, user=world.zarina)


@pytest.mark.parametrize(
    ("person", "action", "unit"),
    [
        ("aigul", "approve", "school_a"),  # a school cannot approve (itself)
        ("zarina", "approve", "school_a"),
        ("sultan", "approve", "school_a"),  # a district cannot approve another district's school
        ("timur", "submit", "school_a"),  # a teacher does not enter the health groups
        ("dana", "approve", "alamedin"),  # nor the district its own data
        ("charlie", "submit", "school_a"),
    ],
)
def test_a_step_outside_ones_rights_is_refused(world, periods, health, person, action, unit):
    if action == "approve":
        step(health, periods, world.school_a, "submit", world.zarina)
    with pytest.raises(StepRefused):
        step(health, periods, getattr(world, unit), action, getattr(world, person))


def test_the_region_may_approve_too_and_a_return_needs_a_reason(world, periods, health):
    step(health, periods, world.school_a, "submit", world.zarina)
    with pytest.raises(StepRefused):
        step(health, periods, world.school_a, "return", world.rita, reason=" ")
    assert step(health, periods, world.school_a, "approve", world.rita).state == Submission.State.APPROVED


def test_a_step_that_does_not_fit_the_state_is_refused(world, periods, health):
    with pytest.raises(StepRefused):
        step(health, periods, world.school_a, "approve", world.dana)


def test_the_board_shows_each_school_with_its_completeness_flags_and_state(world, periods, health):
    step(health, periods, world.school_a, "submit", world.zarina)
    rows = {row.unit.code: row for row in board(health, world.region, periods["year"])}
    assert list(rows) == ["A", "B", "C"]
    a, b, c = rows["A"], rows["B"], rows["C"]
    assert (a.cells, a.expected_cells, a.state) == (1, 8, Submission.State.SUBMITTED)  # 2 classes × 4 elements
    assert a.last["submit"].user == world.zarina
    assert (b.cells, b.flagged, b.state) == (1, 1, Submission.State.DRAFT)  # g1 = 0 broke the soft rule
    assert (c.cells, c.expected_cells) == (0, 4)
    assert [row.unit.code for row in board(health, world.alamedin, periods["year"])] == ["A", "B"]
