"""Ratings: units ranked by an indicator, with shared ranks for equal values, bands and a minimum group size.

Competition ranking ("1, 2, 2, 4"): equal values, compared at full precision, share the best rank and the
next value's rank counts every unit before it. A unit with fewer students than the scheme's minimum, or with
no value, is listed after the rated ones as not rated, with its size. Bands come from a RatingScheme
(models.py), or from the default scheme when none is configured for the indicator.
"""

import datetime
from dataclasses import dataclass, field

from sapat.structure.models import OrgUnit, Period

from .models import BANDS

LEVELS = ("school", "district", "class")
# Indicators where less is better: ranked from the lowest value up, and their bands read the same way.
LOWER_IS_BETTER = frozenset({"missing", "n2", "n_na", "failing"})
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
    raise NotImplementedError


def scheme_for(indicator: str, on: datetime.date) -> Scheme:
    """The RatingScheme for the indicator in force on a date (the latest effective_from on or before it), or
    the default scheme: bands by position against the mean, minimum group size 10."""
    raise NotImplementedError


def competition_ranks(values: list[float], *, descending: bool = True) -> list[int]:
    """Competition ranks ("1, 2, 2, 4") of values in the given order; equal values (exactly) share a rank."""
    raise NotImplementedError


def band_of(value: float, scheme: Scheme, *, mean: float | None, stdev: float | None, lower_is_better: bool = False
            ) -> str:  # fmt: skip
    """The band of a value: the first band whose bound it reaches; with the mean method the bound is
    mean + k·σ (every value is at the mean when σ is 0)."""
    raise NotImplementedError
