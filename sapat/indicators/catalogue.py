"""The indicators of the marks as the registry defines them (registry.py, invariant.json; GLOSSARY.md).

`compute(counts)` turns summed counts of marks into every indicator of the registry that counts marks only,
unrounded, by the registry's formulas (there is no second copy of a formula); a figure whose denominator is
zero is None (shown empty), never 0. `BY_CODE` reads the registry's entries by code.
"""

from collections.abc import Iterator, Mapping
from fractions import Fraction

from . import registry
from .sources.marks import across_counts, subject_counts

COUNT_FIELDS = ("students", "missing", "n5", "n4", "n3", "n2", "n_na", "exempt", "n_pass", "n_fail")
CLASS_COUNT_FIELDS = ("excellent", "good", "one_three", "failing")


def ratio(numerator, denominator, scale: int = 1) -> float | None:
    """numerator × scale / denominator, exactly, as a float; None for a zero denominator."""
    return None if not denominator else float(Fraction(numerator * scale) / Fraction(denominator))


def marks_entries(unit=None, on=None) -> list[registry.Entry]:
    """The registry's indicators over marks only, in force on `on` for `unit` (None: the invariant part)."""
    return [entry for entry in registry.current().in_force(unit, on) if entry.source_codes == {"marks"}]


def compute(counts: dict, *, across_subjects: bool, unit=None, on=None) -> dict:
    """Every marks indicator from summed counts (COUNT_FIELDS, plus CLASS_COUNT_FIELDS across subjects): those
    of the invariant part, or with `unit` those in force for it on `on`, as `registry.evaluate` computes them
    from the summaries. Across subjects `students` is the number of students from the class summaries."""
    normal = across_counts(counts) if across_subjects else subject_counts(counts)
    named = {f"marks.{key}": value for key, value in normal.items() if key != "as_of"}
    entries = marks_entries(unit, on)
    return {entry.code: entry.value(named, within_subject=not across_subjects) for entry in entries}


class _ByCode(Mapping):
    """The invariant entries by code, read from the registry at each look-up (names follow the active language)."""

    def _entries(self) -> dict:
        return {entry.code: entry for entry in registry.current().in_force()}

    def __getitem__(self, code: str) -> registry.Entry:
        return self._entries()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())

    def __contains__(self, code) -> bool:
        return code in self._entries()


BY_CODE = _ByCode()
