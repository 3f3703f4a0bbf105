"""Showing figures: one decimal, half-up rounding, the language's decimal separator ("61,5 %" in ky/kk/ru).

Storage and machine-readable output keep full precision; only display rounds, and never before summing.
`format_figure` is the one way a figure becomes text for people, on pages, in exports and in reports: the
places come from the indicator's definition (the registry's `precision`: a percent 1, an average mark 2, a
count 0), so the same figure reads the same everywhere; points or a task's maximum shows only the decimals
it has ("4", "4,5"); a change carries a true minus sign and a rounded zero none ("0,0", never "−0,0").
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext, override

EMPTY = "—"


def round_half_up(value, places: int = 1) -> Decimal:
    # Through str(): the float 61.25 must round like the decimal 61.25 people computed by hand.
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value, places: int = 1, language: str | None = None) -> str:
    """A figure for people: empty figures (no denominator) show as a dash, never as 0."""
    return format_figure(value, places=places, language=language)


def format_percent(value, language: str | None = None) -> str:
    return format_figure(value, "percent", language=language)


# The places of each kind of figure when no indicator says otherwise (the registry's defaults by measure).
PLACES = {"percent": 1, "mark": 2, "count": 0, "score": 1, "points": 2, "number": 1}


def format_figure(value, kind: str = "number", *, places: int | None = None, change: bool = False,
                  points: bool = False, language: str | None = None) -> str:  # fmt: skip
    """A figure for people. `kind`: percent ("61,5 %"), mark, count, score (an average test score), points
    (a score or a task's maximum, trailing zeros dropped: a maximum of 4 is "4"), number; `places` (the
    indicator's precision) overrides the kind's default. `change`: signed ("+2,5", "−0,12", "0,0");
    `points` with a change of a percent adds "pp"."""
    if value is None:
        return EMPTY
    places = PLACES.get(kind, 1) if places is None else places
    if language is not None:  # else the active language: a dashboard formats thousands of cells
        with override(language):
            return _figure(value, kind, places, change, points)
    return _figure(value, kind, places, change, points)


def _figure(value, kind: str, places: int, change: bool, points: bool) -> str:
    rounded = round_half_up(value, places)
    if kind == "points":  # only the decimals it has: 4 → "4", 4.50 → "4,5"
        places = len(f"{rounded:f}".partition(".")[2].rstrip("0"))
    text = formats.number_format(abs(rounded) if change else rounded, places, use_l10n=True, force_grouping=True)
    if change:
        text = ("+" if rounded > 0 else "\u2212" if rounded < 0 else "") + text
        return gettext("%(value)s pp") % {"value": text} if points else text
    return f"{text}\u00a0%" if kind == "percent" else text
