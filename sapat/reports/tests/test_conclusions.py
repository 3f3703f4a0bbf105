"""Written conclusions: honest about noise, numbers in the language's style, plural forms by count."""

import pytest
from django.utils.translation import override

from sapat.reports import conclusions as say
from sapat.reports.document import CHANGE, CHANGE_MARK, PERCENT, display, signed


def test_a_big_change_in_big_groups_is_a_change():
    assert say.proportion_change(50, 100, 75, 100) == say.UP
    assert say.proportion_change(75, 100, 50, 100) == say.DOWN


def test_a_big_change_in_a_small_group_is_no_clear_change():
    """2 of 4 → 3 of 4 is +25 points, and one student."""
    assert say.proportion_change(2, 4, 3, 4) == say.FLAT
    assert say.proportion_change(10, 20, 12, 20) == say.FLAT


def test_an_empty_group_gives_no_sentence():
    assert say.proportion_change(0, 0, 3, 4) is None
    assert say.quality_sentence(None, None, 50.0, 0, "en") is None


def test_average_mark_change_weighs_the_spread_of_marks():
    before = {"n5": 10, "n4": 10, "n3": 10, "n2": 10}
    after = {"n5": 30, "n4": 10, "n3": 0, "n2": 0}
    assert say.mean_change(before, after) == say.UP
    assert say.mean_change(after, before) == say.DOWN
    assert say.mean_change({"n5": 2, "n4": 1}, {"n5": 1, "n4": 2}) == say.FLAT  # three students
    assert say.mean_change({"n5": 1}, after) is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Quality of knowledge rose by 8.3 percentage points, from 50.0\u00a0% to 58.3\u00a0%."),
        ("ru", "50,0\u00a0%"),
    ],
)
def test_sentences_print_numbers_in_the_report_language(language, expected):
    with override(language):
        text = say.quality_sentence(say.UP, 50.0, 58.25, 120, language)
    assert expected in text
    if language == "ru":
        assert "8,3" in text


def test_no_clear_change_names_the_group_size_with_the_right_plural():
    with override("en"):
        one = say.quality_sentence(say.FLAT, 0.0, 100.0, 1, "en")
        many = say.success_sentence(say.FLAT, 60.0, 80.0, 5, "en")
    assert "with 1 student the difference is within chance" in one
    assert "with 5 students the difference is within chance" in many


def test_changes_carry_a_sign_and_a_true_minus():
    assert signed(8.25, "ru") == "+8,3"
    assert signed(-2, "kk") == "\u22122,0"
    assert signed(0.04, "en") == "0.0"
    assert display(-0.125, CHANGE_MARK, "en") == "\u22120.13"
    assert display(None, PERCENT, "ky") == "—"
    assert display(1.0, CHANGE, "ky") == "+1,0"


def test_difficult_tasks_are_listed_with_their_share():
    with override("en"):
        text = say.difficult_tasks_sentence(
            [{"number": 2, "description": "fractions", "share_pct": 31 / 60 * 100}], "en"
        )
    assert (
        text == "The most difficult task (less than half of the maximum on average): task 2 (fractions), 51.7\u00a0%."
    )
