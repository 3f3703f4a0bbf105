from sapat.assessment.models import PeriodMark

from .conftest import export, load


def test_marks_round_trip(world, marked):
    content = export("marks", world.alamedin)
    outcome = load("marks", content, unit=world.alamedin)
    assert outcome.problems == []
    assert outcome.plain_counts() == {"marks": {"created": 0, "changed": 0, "unchanged": 3, "removed": 0}}
    assert PeriodMark.objects.count() == 3
