"""Fixtures of the import tests: English messages, the usual periods, marks in the world, file helpers."""

import pytest
from django.utils import translation

from sapat.testing.marks import add_periods, put_marks
from sapat.transfer.kinds import KINDS, ExportContext
from sapat.transfer.resolving import Context
from sapat.transfer.services import run_import
from sapat.transfer.templates import export_csv, export_xlsx


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def periods(world):
    return add_periods(world.year)


@pytest.fixture
def marked(world, periods):
    """Marks of A's 8а and 8б and B's 8а in the first quarter (mathematics)."""
    put_marks(world.a8a, periods["q1"], {(world.aibek, world.math): "5"})
    put_marks(world.a8b, periods["q1"], {(world.bolot, world.math): "4"})
    put_marks(world.b8a, periods["q1"], {(world.camila, world.math): "na"})
    return periods


def export(kind: str, unit, *, user=None, year=None, with_data=True, form="xlsx", period=None) -> bytes:
    ectx = ExportContext(user=user, unit=unit, year=year, with_data=with_data, period=period)
    if form == "xlsx":
        return export_xlsx(KINDS[kind], ectx)
    return export_csv(KINDS[kind], ectx)


def load(kind: str, content: bytes, *, unit=None, user=None, commit=True, year=None):
    return run_import(kind, content, Context(user=user, unit=unit, year=year, note="test"), commit=commit)
