"""Every kind's export imported again changes nothing, in XLSX and in CSV; a school's whole export imported
into a database that has only its units recreates it."""

import pytest

from sapat.transfer.kinds import KINDS

from .conftest import export, load

UNIT_OF_KIND = {"scores": "region_kz"}


def counts_only_unchanged(outcome) -> bool:
    return all(row["created"] == row["changed"] == row["removed"] == 0 for row in outcome.counts.values())


@pytest.mark.parametrize("form", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_an_export_imported_again_changes_nothing(world, rich, kind, form):
    unit = rich["kz"]["region"] if kind == "scores" else world.region
    content = export(kind, unit, form=form)
    outcome = load(kind, content, unit=unit)
    assert outcome.problems == []
    assert outcome.counts, "the export had rows"
    assert counts_only_unchanged(outcome), outcome.plain_counts()


@pytest.mark.parametrize("form", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_an_empty_template_imports_cleanly_and_changes_nothing(world, rich, kind, form):
    content = export(kind, world.school_a, with_data=False, form=form)
    outcome = load(kind, content, unit=world.school_a)
    assert outcome.problems == []
    assert counts_only_unchanged(outcome)
