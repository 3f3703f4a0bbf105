"""Showing figures: one decimal, half-up rounding, the language's decimal separator ("61,5 %" in ky/kk/ru).

Storage and machine-readable output keep full precision; only display rounds, and never before summing.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import override

EMPTY = "—"


def round_half_up(value, places: int = 1) -> Decimal:
    # Through str(): the float 61.25 must round like the decimal 61.25 people computed by hand.
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value, places: int = 1, language: str | None = None) -> str:
    """A figure for people: empty figures (no denominator) show as a dash, never as 0."""
    if value is None:
        return EMPTY
    if language is None:  # the active language: no need to switch (a dashboard formats thousands of cells)
        return _formatted(value, places)
    with override(language):
        return _formatted(value, places)


def _formatted(value, places: int) -> str:
    return formats.number_format(round_half_up(value, places), places, use_l10n=True, force_grouping=True)


def format_percent(value, language: str | None = None) -> str:
    if value is None:
        return EMPTY
    return f"{format_number(value, 1, language)}\u00a0%"
