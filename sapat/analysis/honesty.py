"""Honest change: is the change of a proportion between two groups clear, or may it be noise?

A small class moves by 10 percentage points when one student gets a better mark. Before a page or a report
calls a change "growth" or "decline", it asks `honest_change`: each proportion gets its Wilson score
interval (95 %); when the intervals overlap, the verdict is "no clear change"; when either group is smaller
than a minimum size, the verdict is "too small to judge", whatever the figures. Overlapping intervals are a
cautious test (it calls fewer changes clear than a two-sample test would), which is what a verdict shown to
teachers should be.
"""

import math
from dataclasses import dataclass
from statistics import NormalDist

from django.utils.translation import gettext_lazy as _

Z95 = NormalDist().inv_cdf(0.975)  # 1.95996…
DEFAULT_MIN_GROUP = 5

RISE, FALL, NO_CLEAR_CHANGE, TOO_SMALL = "rise", "fall", "no_clear_change", "too_small"
VERDICTS = {
    RISE: _("rise"),
    FALL: _("fall"),
    NO_CLEAR_CHANGE: _("no clear change"),
    TOO_SMALL: _("too small to judge"),
}

# Indicators that are proportions of students (or of marks), with how to read k and n off a figures row.
PROPORTIONS = {
    "quality_pct": "students",
    "success_pct": "students",
    "quality_marks_pct": "marks",
}


@dataclass(frozen=True)
class Interval:
    """A proportion k of n with its Wilson score interval, all in percent (None bounds when n = 0)."""

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None

    def as_dict(self) -> dict:
        return {"k": self.k, "n": self.n, "value": self.value, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Change:
    """The verdict on a change from `before` to `after`; `delta` in percentage points (after − before)."""

    before: Interval
    after: Interval
    delta: float | None
    verdict: str  # rise | fall | no_clear_change | too_small
    min_group_size: int

    @property
    def label(self) -> str:
        return str(VERDICTS[self.verdict])

    @property
    def is_clear(self) -> bool:
        return self.verdict in (RISE, FALL)

    def as_dict(self) -> dict:
        return {
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "delta": self.delta,
            "verdict": self.verdict,
            "label": self.label,
            "min_group_size": self.min_group_size,
        }


def wilson(k: int, n: int, z: float = Z95) -> Interval:
    """The Wilson score interval of k successes out of n, in percent; it stays inside 0–100 even for 0/n."""
    if n <= 0:
        return Interval(k, n, None, None, None)
    p = k / n
    spread = z * z / n
    centre = (p + spread / 2) / (1 + spread)
    half = z / (1 + spread) * math.sqrt(p * (1 - p) / n + spread / (4 * n))
    low = 0.0 if k <= 0 else max(0.0, centre - half)  # exact at the edges, where rounding leaves ±1e-17
    high = 1.0 if k >= n else min(1.0, centre + half)
    return Interval(k, n, 100 * p, 100 * low, 100 * high)


def honest_change(
    before: tuple[int, int], after: tuple[int, int], *, min_group_size: int = DEFAULT_MIN_GROUP, z: float = Z95
) -> Change:
    """The verdict on the change of a proportion from k1/n1 to k2/n2 (e.g. quality 12/20, then 15/21)."""
    first, second = wilson(*before, z=z), wilson(*after, z=z)
    delta = None if first.value is None or second.value is None else second.value - first.value
    return Change(first, second, delta, _verdict(first, second, min_group_size), min_group_size)


def _verdict(first: Interval, second: Interval, min_group_size: int) -> str:
    if min(first.n, second.n) < max(min_group_size, 1):
        return TOO_SMALL
    if second.low > first.high:
        return RISE
    if second.high < first.low:
        return FALL
    return NO_CLEAR_CHANGE


def proportion(row: dict, indicator: str) -> tuple[int, int] | None:
    """(k, n) behind a proportion indicator in a figures row (sapat.indicators.selectors), or None.

    Only proportions have a binomial interval: quality, success and quality counted by marks. The average
    mark and СОУ are not proportions and get no verdict from here.
    """
    base = PROPORTIONS.get(indicator)
    value = row.get(indicator)
    if base is None or value is None:
        return None
    n = row["students"] if base == "students" else sum(row[key] for key in ("n5", "n4", "n3", "n2", "n_na"))
    return round(value * n / 100), n


def change_between(
    before_row: dict | None, after_row: dict | None, indicator: str, *, min_group_size: int = DEFAULT_MIN_GROUP
) -> Change | None:
    """`honest_change` of one indicator between two figures rows; None when it is not a proportion or empty."""
    if not before_row or not after_row:
        return None
    first, second = proportion(before_row, indicator), proportion(after_row, indicator)
    if first is None or second is None:
        return None
    return honest_change(first, second, min_group_size=min_group_size)
