"""Ratings: units ranked by an indicator, with shared ranks for equal values, bands and a minimum group size.

Competition ranking ("1, 2, 2, 4"): equal values, compared at full precision, share the best rank and the
next value's rank counts every unit before it. A unit with fewer students than the scheme's minimum, or with
no value, is listed after the rated ones as not rated, with its size. Bands come from a RatingScheme
(models.py), or from the default scheme when none is configured for the indicator.
"""

import datetime
import statistics
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from sapat.core.querysets import unscoped
from sapat.indicators import registry
from sapat.indicators.selectors import Filter, figures
from sapat.indicators.sources import CountQuery
from sapat.structure.models import OrgUnit, Period, SchoolClass

from .counts import size_of, value_of
from .models import BANDS, RatingScheme

LEVELS = ("school", "district", "class")
DEFAULT_MEAN_BANDS = ((1.0, "highest"), (0.5, "above_average"), (-0.5, "average"), (None, "below_average"))
DEFAULT_MIN_GROUP_SIZE = 10


@dataclass(frozen=True)
class Scheme:
    """The banding in force: from a RatingScheme row, or the default (mean ± k·σ, minimum 10 students)."""

    code: str
    name: str
    indicator: str
    method: str  # "thresholds" | "mean"
    bands: tuple[tuple[float | None, str], ...]
    min_group_size: int
    configured: bool

    def as_dict(self) -> dict:
        keys = ("code", "name", "indicator", "method", "min_group_size", "configured")
        return {**{key: getattr(self, key) for key in keys}, "bands": [list(b) for b in self.bands]}


@dataclass(frozen=True)
class RatingRow:
    """One unit of a rating. rank and band are None when not rated (reason "small" or "no_data")."""

    rank: int | None
    unit: str  # unit code; "SCHOOL:8б" for a class
    name: str
    value: float | None
    band: str | None
    n: int
    rated: bool
    id: int | None = None
    reason: str | None = None

    @property
    def band_name(self) -> str:
        return str(BANDS[self.band]) if self.band else ""

    def as_dict(self) -> dict:
        keys = ("rank", "unit", "name", "value", "band", "n", "rated")
        return {key: getattr(self, key) for key in keys}


@dataclass(frozen=True)
class Rating:
    """A ranked list of the units of one level under `unit`, with the parent's own value (from summed counts)
    and the mean and population standard deviation of the rated units' values (the banding statistics)."""

    level: str
    indicator: str
    unit: str
    year: str
    period: str
    subject_id: int | None
    scheme: Scheme
    parent_value: float | None
    mean: float | None
    stdev: float | None
    rows: tuple[RatingRow, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        head = ("level", "indicator", "unit", "year", "period", "subject_id", "parent_value", "mean", "stdev")
        return {
            **{key: getattr(self, key) for key in head},
            "scheme": self.scheme.as_dict(),
            "rows": [row.as_dict() for row in self.rows],
        }


def rating(
    *,
    level: str,
    unit: OrgUnit,
    period: Period,
    indicator: str,
    subject_id: int | None = None,
    scheme: Scheme | None = None,
) -> Rating:
    """Rank the schools (level "school") or districts ("district") under a unit, or the classes ("class") of a
    school (or of every school under the unit) in the period's year, by an indicator of the catalogue.

    Every unit of the level is listed, with no data too. A constant number of queries (about five),
    whatever the number of units: one grouped sum over the summaries, the units, the scheme."""
    if level not in LEVELS:
        raise ValueError(f"Unknown rating level: {level}")
    scheme = scheme or scheme_for(indicator, period.ends_on)
    units = _units(level, unit, period)
    values, parent = _values(unit, period, indicator, subject_id, level)
    candidates = [(key, name, pk, values.get(pk)) for key, name, pk in units]
    rows, mean, stdev = _rank(candidates, indicator, scheme, lower=lower_is_better(indicator, unit, period.ends_on))
    head = (level, indicator, unit.code, period.year.code, period.code, subject_id, scheme)
    return Rating(*head, value_of(parent, indicator), mean, stdev, rows)


def _values(unit: OrgUnit, period: Period, indicator: str, subject_id, level: str) -> tuple[dict, dict]:
    """The rows of the units of the level and the parent's own row, each with the indicator's value and its group
    size under "students": the marks' figures for an indicator over marks, else the registry's evaluation, the
    size being what the indicator counts (its denominator)."""
    entry = registry.current().get(indicator, unit, period.ends_on)
    if entry is None or entry.source_codes == {"marks"}:
        flt = Filter(unit, period, subject_id=subject_id)
        return figures(flt, by=level), figures(flt)[None]
    query = CountQuery(unit, (period,), subject_id=subject_id)
    rows = registry.evaluate([entry], replace(query, by=level), counts=True)
    own = registry.evaluate([entry], query, counts=True)[None]
    within = subject_id is not None
    sized = {key: {**row, "students": entry.size(row, within_subject=within)} for key, row in rows.items()}
    return sized, {**own, "students": entry.size(own, within_subject=within)}


def lower_is_better(indicator: str, unit: OrgUnit | None = None, on: datetime.date | None = None) -> bool:
    """Whether less is better for the indicator, as the registry says (failing, н/а, 2s, missing…): such
    indicators are ranked from the lowest value up, and their bands read the same way."""
    entry = registry.current().get(indicator, unit, on)
    return entry is not None and entry.better == "lower"


@unscoped("a rating names the units or classes under a unit the caller checked the user oversees")
def _units(level: str, unit: OrgUnit, period: Period) -> list[tuple[str, str, int]]:
    """(code, name, id) of every unit of the level under `unit`, in the order of the tree."""
    if level == "class":
        schools = OrgUnit.objects.school_ids_under(unit)
        classes = SchoolClass.objects.filter(school_id__in=schools, year_id=period.year_id)
        classes = classes.select_related("school").order_by("school__path", "grade", "letter")
        return [(f"{c.school.code}:{c.name}", c.name, c.pk) for c in classes]
    units = OrgUnit.objects.filter(path__startswith=unit.path, kind=level).order_by("path")
    return [(u.code, u.name, u.pk) for u in units]


def _rank(
    candidates: list, indicator: str, scheme: Scheme, *, lower: bool
) -> tuple[tuple[RatingRow, ...], float | None, float | None]:
    """Rated rows (ranked, banded) first, then the not rated ones in the given order."""
    rated, unrated = [], []
    for key, name, pk, row in candidates:
        value, n = value_of(row, indicator), size_of(row)
        if value is None:
            unrated.append(RatingRow(None, key, name, None, None, n, False, pk, "no_data"))
        elif n < scheme.min_group_size:
            unrated.append(RatingRow(None, key, name, value, None, n, False, pk, "small"))
        else:
            rated.append((key, name, pk, value, n))
    rated.sort(key=lambda r: r[3] if lower else -r[3])  # stable: equal values keep the order of the tree
    values = [r[3] for r in rated]
    mean = statistics.fmean(values) if values else None
    stdev = statistics.pstdev(values) if values else None
    ranks = competition_ranks(values, descending=not lower)
    rows = []
    for rank, (key, name, pk, value, n) in zip(ranks, rated, strict=True):
        band = band_of(value, scheme, mean=mean, stdev=stdev, lower_is_better=lower)
        rows.append(RatingRow(rank, key, name, value, band, n, True, pk))
    return tuple(rows + unrated), mean, stdev


def scheme_for(indicator: str, on: datetime.date) -> Scheme:
    """The RatingScheme for the indicator in force on a date (the latest effective_from on or before it), or
    the default scheme: bands by position against the mean, minimum group size 10."""
    found = RatingScheme.objects.filter(indicator=indicator, effective_from__lte=on).order_by("-effective_from").first()
    if found is None:
        name = _("default: position against the mean")
        return Scheme("default", name, indicator, "mean", DEFAULT_MEAN_BANDS, DEFAULT_MIN_GROUP_SIZE, False)
    bands = tuple((bound, band) for bound, band in found.thresholds)
    return Scheme(found.code, found.name, indicator, found.method, bands, found.min_group_size, configured=True)


def competition_ranks(values: list[float], *, descending: bool = True) -> list[int]:
    """Competition ranks ("1, 2, 2, 4"): each value's rank is 1 + the number of values strictly better than it,
    so equal values (compared exactly, never rounded) share a rank and the next rank skips."""
    ordered = sorted(values, reverse=descending)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[value] for value in values]


def band_of(
    value: float, scheme: Scheme, *, mean: float | None, stdev: float | None, lower_is_better: bool = False
) -> str:
    """The band of a value: the first band whose bound it reaches; with the mean method the bound is
    mean + k·σ (every value is at the mean when σ is 0). Where less is better (failing, н/а, 2s, missing),
    fixed bounds are listed from the lowest up and a value reaches one by being at or below it; with the mean
    method the same k read "k·σ below the mean"."""
    sign = -1 if lower_is_better else 1
    if scheme.method == RatingScheme.Method.MEAN:
        position, bound_sign = sign * (0.0 if not stdev else (value - mean) / stdev), 1
    else:
        position, bound_sign = sign * value, sign
    for bound, band in scheme.bands:
        if bound is None or position >= bound_sign * bound:
            return band
    return scheme.bands[-1][1]
