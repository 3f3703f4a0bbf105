"""Figures are shown with one decimal, half-up, and the language's decimal separator."""

from decimal import Decimal

import pytest

from sapat.core.numbers import PLACES, format_figure, format_number, format_percent


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


def test_a_change_that_rounds_to_zero_has_no_sign():
    assert format_figure(-0.04, "percent", change=True, points=True, language="en") == "0.0 pp"
    assert format_figure(-0.004, "mark", change=True, language="ru") == "0,00"
    assert format_figure(-2.05, "percent", change=True, language="ru") == "\u22122,1"
    assert format_figure(3, "count", change=True, language="en") == "+3"


def test_a_score_shows_only_the_decimals_it_has():
    assert format_figure(Decimal("4.00"), "points", language="ru") == "4"
    assert format_figure(Decimal("4.50"), "points", language="ru") == "4,5"
    assert format_figure(12.25, "points", language="en") == "12.25"


@pytest.mark.django_db
def test_each_kind_has_the_precision_of_the_registrys_indicators_of_its_measure():
    from sapat.indicators.catalogue import BY_CODE

    for entry in BY_CODE.values():
        if entry.measure in PLACES:
            assert entry.precision == PLACES[entry.measure], entry.code


def test_an_average_mark_reads_the_same_everywhere():
    assert format_figure(3.975, "mark", language="ru") == format_number(3.975, 2, "ru") == "3,98"


def test_pages_and_documents_show_a_change_the_same_way():
    from django.utils.translation import override

    from sapat.dashboards.templatetags.dashboards import cell, signed
    from sapat.reports.document import POINTS, display
    from sapat.reports.document import signed as document_signed

    with override("ru"):
        assert signed(-0.04, "change_percent") == "0,0 п. п."  # never "−0,0"
        assert signed(-2.55, "change_mark") == "\u22122,55"
        assert cell(3.975, "mark") == "3,98"
    assert document_signed(-0.04, "ru") == "0,0"
    assert display(4, POINTS, "ru") == "4"
