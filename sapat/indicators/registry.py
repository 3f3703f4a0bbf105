"""The indicator registry: every indicator defined once, as data, and the one function that computes them.

An `Entry` is one version of an `Indicator` row with its formulas parsed (expressions.py). `evaluate()` asks
each count source an entry names for its summed counts (sources/), merges them by breakdown value and applies
the formulas: a figure is always a ratio of summed counts, with a zero denominator giving None (shown empty),
never 0 and never an error.

The parsed registry is kept per process (sapat.core.snapshots), stamped with the table's row count and
latest change.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from django.db.models import Count, Max

from sapat.core.multilingual import pick_name
from sapat.core.querysets import unscoped
from sapat.core.snapshots import Snapshot
from sapat.structure.models import OrgUnit, Period

from . import sources
from .expressions import FormulaError, Linear, parse
from .models import Indicator
from .sources import SCHOOL_GROUPINGS, CountQuery, split_name


@dataclass(frozen=True)
class Entry:
    """One version of an indicator, its formulas parsed; `value()` computes it from named counts."""

    pk: int
    code: str
    owner_id: int | None
    owner_path: str | None
    names: dict
    measure: str
    better: str
    precision: int
    factor: int
    numerator: Linear
    denominator: Linear | None
    numerator_in_subject: Linear | None
    denominator_in_subject: Linear | None
    directions: tuple[str, ...]
    headline: bool
    compared: bool
    order: int
    effective_from: datetime.date

    @property
    def name(self) -> str:
        return pick_name(self.names)

    def name_in(self, language: str) -> str:
        return pick_name(self.names, language)

    @property
    def invariant(self) -> bool:
        return self.owner_id is None

    @property
    def percent(self) -> bool:
        return self.measure == Indicator.Measure.PERCENT

    @property
    def formula_text(self) -> str:
        """numerator × factor ÷ denominator, written out."""
        text = f"({self.numerator.text})" if self.denominator else self.numerator.text
        if self.factor != 1:
            text += f" × {self.factor}"
        return f"{text} ÷ ({self.denominator.text})" if self.denominator else text

    @cached_property  # asked for every indicator on every page and save; the entry never changes
    def names_used(self) -> set[str]:
        formulas = (self.numerator, self.denominator, self.numerator_in_subject, self.denominator_in_subject)
        return {name for formula in formulas if formula is not None for name in formula.names}

    @cached_property
    def source_codes(self) -> set[str]:
        return {split_name(name)[0] for name in self.names_used}

    def applies_to(self, unit: OrgUnit | None) -> bool:
        return self.owner_path is None or (unit is not None and unit.path.startswith(self.owner_path))

    def value(self, counts, *, within_subject: bool = False) -> float | int | None:
        """The indicator from counts named by source (`{"marks.n5": 3, …}`), unrounded; None when its
        denominator is 0 or a count it needs is not kept for the selection."""
        numerator, denominator = self.numerator, self.denominator
        if within_subject and self.numerator_in_subject is not None:
            numerator, denominator = self.numerator_in_subject, self.denominator_in_subject
        top = numerator.evaluate(counts)
        if top is None:
            return None
        if denominator is None:
            return _plain(top * self.factor)
        bottom = denominator.evaluate(counts)
        if not bottom:
            return None
        return float(Fraction(top * self.factor) / bottom)

    def size(self, counts, *, within_subject: bool = False) -> int:
        """How many things the value is about, for the minimum group size of ratings and small-group
        suppression: the denominator (the numerator of a count)."""
        numerator, denominator = self.numerator, self.denominator
        if within_subject and self.numerator_in_subject is not None:
            numerator, denominator = self.numerator_in_subject, self.denominator_in_subject
        found = (denominator or numerator).evaluate(counts)
        return int(found) if found is not None else 0

    def exact(self, counts, *, within_subject: bool = False) -> Fraction | None:
        """The same value as an exact fraction (for checks and the machine-readable face)."""
        numerator, denominator = self.numerator, self.denominator
        if within_subject and self.numerator_in_subject is not None:
            numerator, denominator = self.numerator_in_subject, self.denominator_in_subject
        top = numerator.evaluate(counts)
        bottom = 1 if denominator is None else denominator.evaluate(counts)
        if top is None or not bottom:
            return None
        return Fraction(top * self.factor) / bottom


def _plain(value) -> int | float:
    """A count stays an int; a sum with fractional coefficients becomes a float."""
    return int(value) if Fraction(value).denominator == 1 else float(value)


def _fits_better(entry: Entry, known: Entry, on: datetime.date) -> bool:
    """Whether `entry` rather than `known` (two versions of one indicator) is the one for a day."""
    if entry.effective_from <= on:
        return known.effective_from > on or entry.effective_from > known.effective_from
    return known.effective_from > on and entry.effective_from < known.effective_from


@dataclass
class Registry:
    """A snapshot of every indicator version, parsed."""

    entries: list[Entry] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, repr=False)

    def in_force(self, unit: OrgUnit | None = None, on: datetime.date | None = None) -> list[Entry]:
        """The version in force on `on` (default today) of each indicator that applies to `unit` (None: the
        invariant part only), in the registry's order."""
        on = on or datetime.date.today()
        key = (unit.path if unit is not None else None, on)
        if key not in self._memo:
            self._memo[key] = self._in_force(unit, on)
        return self._memo[key]

    def _in_force(self, unit: OrgUnit | None, on: datetime.date) -> list[Entry]:
        """A period is computed by the version in force on its last day; a period before the first version by
        the first (a new indicator is shown for the years before it was defined too)."""
        chosen: dict[tuple, Entry] = {}
        for entry in self.entries:
            if not entry.applies_to(unit):
                continue
            key = (entry.owner_id, entry.code)
            known = chosen.get(key)
            if known is None or _fits_better(entry, known, on):
                chosen[key] = entry
        return sorted(chosen.values(), key=lambda e: (e.order, e.code))

    def get(self, code: str, unit: OrgUnit | None = None, on: datetime.date | None = None) -> Entry | None:
        return next((entry for entry in self.in_force(unit, on) if entry.code == code), None)

    def versions(self, code: str, owner_id: int | None) -> list[Entry]:
        found = [e for e in self.entries if e.code == code and e.owner_id == owner_id]
        return sorted(found, key=lambda e: e.effective_from)


# The snapshot kept per process (sapat.core.snapshots) ----------------------------------------------------


def current() -> Registry:
    """The registry as stored now."""
    return _snapshot.get()


def precision(code: str, unit: OrgUnit | None = None) -> int | None:
    """The display precision of an indicator (its definition's `precision`), for a table's column that
    shows it; None when no indicator has the code (the column keeps its kind's default)."""
    entry = current().get(code, unit)
    return entry.precision if entry is not None else None


def forget(**kwargs) -> None:
    """Drop the snapshot after a change in this process (the stamp may not show it within the same second)."""
    _snapshot.forget()


@unscoped("the indicator registry's snapshot: how many indicators there are and when one last changed")
def _stamp() -> tuple:
    found = Indicator.objects.aggregate(n=Count("id"), last=Max("changed_at"))
    return found["n"], found["last"]


@unscoped("the indicator registry's snapshot (reference data for every page)")
def _load() -> Registry:
    rows = Indicator.objects.select_related("owner").prefetch_related("directions").order_by("order", "code")
    entries = []
    for row in rows:
        try:
            entries.append(entry_of(row))
        except FormulaError:
            continue  # a stored formula that no longer parses (a source removed): left out, never an error
    return Registry(entries)


_snapshot = Snapshot(_load, _stamp)


def entry_of(row: Indicator) -> Entry:
    """The parsed entry of a row (one not saved yet too, for a preview: it has no directions)."""

    def formula(text: str) -> Linear | None:
        return parse(text) if text.strip() else None

    return Entry(
        pk=row.pk or 0,
        code=row.code,
        owner_id=row.owner_id,
        owner_path=row.owner.path if row.owner_id else None,
        names=row.names,
        measure=row.measure,
        better=row.better,
        precision=row.precision,
        factor=row.factor,
        numerator=parse(row.numerator),
        denominator=formula(row.denominator),
        numerator_in_subject=formula(row.numerator_in_subject),
        denominator_in_subject=formula(row.denominator_in_subject),
        directions=tuple(d.code for d in row.directions.all()) if row.pk else (),
        headline=row.headline,
        compared=row.compared,
        order=row.order,
        effective_from=row.effective_from,
    )


# Computing -------------------------------------------------------------------------------------------------


def evaluate(entries: Iterable[Entry], query: CountQuery, *, counts: bool = False) -> dict[object, dict]:
    """{breakdown value: {indicator code: value, …, "as_of": latest change}} for `query`.

    With `counts`, each row also carries the summed counts the formulas used, named by source. Breakdowns by a
    group of schools (a project, a tutor school's group, a named group) sum each group's schools."""
    entries = list(entries)
    summed = summed_counts({name for entry in entries for name in entry.names_used}, query)
    within = query.within_subject
    kept = {entry.code for entry in entries if all(_has_periods(found, query) for found in _sources_of(entry))}
    result = {}
    for key, row in summed.items():
        values = {
            entry.code: entry.value(row, within_subject=within) if entry.code in kept else None for entry in entries
        }
        if counts:
            values.update({name: value for name, value in row.items() if name != "as_of"})
        values["as_of"] = row.get("as_of")
        result[key] = values
    return result


def summed_counts(names: set[str], query: CountQuery) -> dict[object, dict]:
    """The counts `names` refers to, summed for `query` by every source they come from, merged by breakdown
    value: {key: {"marks.n5": …, "health.g1": …, "as_of": …}}."""
    by_source: dict[str, set[str]] = {}
    for name in names:
        head, rest = split_name(name)
        by_source.setdefault(head, set()).add(rest)
    merged: dict[object, dict] = {}
    for code in sorted(by_source):
        found = sources.source(code)
        if found is None or not _has_periods(found, query):
            rows = {None: dict.fromkeys(by_source[code])} if query.by is None else {}
        else:
            rows = _sums(found, query)
        for key, row in rows.items():
            target = merged.setdefault(key, {"as_of": None})
            for name, value in row.items():
                if name == "as_of":
                    target["as_of"] = max(filter(None, (target["as_of"], value)), default=None)
                else:
                    target[f"{code}.{name}"] = value
    if query.by is None:
        merged.setdefault(None, {"as_of": None})
    return merged


def _sources_of(entry: Entry) -> list:
    return [found for code in entry.source_codes if (found := sources.source(code)) is not None]


def _has_periods(found, query: CountQuery) -> bool:
    kinds = found.period_kinds
    return kinds is None or all(period.kind in kinds for period in query.periods)


def _sums(found, query: CountQuery) -> dict:
    if query.by not in SCHOOL_GROUPINGS:
        return found.sums(query)
    from sapat.structure.selectors import school_groups

    groups = school_groups(query.by, query.unit, query.periods[-1])
    per_school = found.sums(_replace(query, by="school"))
    result = {}
    for group, school_ids in groups.items():
        rows = [per_school[s] for s in school_ids if s in per_school]
        result[group] = _added(rows)
    return result


def _replace(query: CountQuery, **changes) -> CountQuery:
    from dataclasses import replace

    return replace(query, **changes)


def _added(rows: list[dict]) -> dict:
    total: dict = {"as_of": None}
    for row in rows:
        for name, value in row.items():
            if name == "as_of":
                total["as_of"] = max(filter(None, (total["as_of"], value)), default=None)
            elif value is None or total.get(name, 0) is None:
                total[name] = None
            else:
                total[name] = total.get(name, 0) + value
    return total


def query_for(unit: OrgUnit, period: Period, **narrowing) -> CountQuery:
    return CountQuery(unit=unit, periods=(period,), **narrowing)
