"""The import kinds, by code, in the order a whole school's export is imported (each needs the ones before)."""

from .base import ExportContext, Kind, SheetData
from .marks import MarksKind
from .results import ControlKind, ExternalKind, ScoresKind
from .structure import AssignmentsKind, CalendarKind, ClassesKind, StaffKind, SubjectsKind, UnitsKind
from .values import ValuesKind

KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        UnitsKind(),
        CalendarKind(),
        SubjectsKind(),
        StaffKind(),
        ClassesKind(),
        AssignmentsKind(),
        MarksKind(),
        ScoresKind(),
        ControlKind(),
        ExternalKind(),
        ValuesKind(),
    )
}

__all__ = ["KINDS", "ExportContext", "Kind", "SheetData"]
