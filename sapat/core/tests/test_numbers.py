"""Figures are shown with one decimal, half-up, and the language's decimal separator."""

import pytest

from sapat.core.numbers import format_number, format_percent


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "61,5\u00a0%"), ("ky", "61,5\u00a0%"), ("kk", "61,5\u00a0%"), ("en", "61.5\u00a0%")],
)
def test_percent_uses_the_languages_decimal_separator(language, expected):
    assert format_percent(61.45, language) == expected


def test_rounding_is_half_up_not_bankers():
    assert format_number(2.25, 1, "en") == "2.3"
    assert format_number(61.25, 1, "en") == "61.3"


def test_empty_figure_is_a_dash_not_zero():
    assert format_percent(None, "ru") == "—"


def test_thousands_are_grouped():
    assert format_number(100000, 0, "ru") == "100\u00a0000"
