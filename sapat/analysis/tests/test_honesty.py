"""Honest change, hand-computed: Wilson score intervals (95 %, z = 1.95996) and the verdicts.

12 of 20 (60 %): p = 0.6, z²/n = 0.19207; centre = (0.6 + 0.09604) / 1.19207 = 0.58389;
half = 1.95996 / 1.19207 × √(0.24/20 + 3.84146/1600) = 1.64417 × 0.12000 = 0.19731 → [38.66 %, 78.12 %].
2 of 8 (25 %) → [7.15 %, 59.07 %]; 4 of 8 (50 %) → [21.52 %, 78.48 %]: they overlap, no clear change.
50 of 200 (25 %) → [19.51 %, 31.43 %]; 100 of 200 (50 %) → [43.14 %, 56.86 %]: apart, a clear rise.
"""

import pytest

from sapat.analysis.honesty import change_between, honest_change, proportion, wilson


def test_wilson_interval_of_12_of_20():
    interval = wilson(12, 20)
    assert interval.value == 60
    assert interval.low == pytest.approx(38.658, abs=1e-3)
    assert interval.high == pytest.approx(78.119, abs=1e-3)


def test_wilson_interval_stays_inside_0_and_100_at_the_edges():
    assert wilson(0, 10).low == 0
    assert wilson(0, 10).high == pytest.approx(27.753, abs=1e-3)
    assert wilson(10, 10).high == 100
    assert wilson(10, 10).low == pytest.approx(72.247, abs=1e-3)


def test_empty_group_has_no_interval():
    assert wilson(0, 0).value is None and wilson(0, 0).low is None


def test_big_change_in_a_big_group_is_a_rise():
    change = honest_change((50, 200), (100, 200))
    assert change.verdict == "rise" and change.is_clear
    assert change.delta == 25
    assert str(change.label) == "rise"


def test_the_same_change_in_a_group_of_8_is_no_clear_change():
    change = honest_change((2, 8), (4, 8))
    assert change.verdict == "no_clear_change"
    assert change.delta == 25
    assert change.before.high == pytest.approx(59.072, abs=1e-3)
    assert change.after.low == pytest.approx(21.522, abs=1e-3)


def test_a_clear_fall():
    assert honest_change((100, 200), (50, 200)).verdict == "fall"


def test_quality_12_of_20_then_15_of_21_may_be_noise():
    assert honest_change((12, 20), (15, 21)).verdict == "no_clear_change"


def test_below_the_minimum_group_size_it_is_too_small_to_judge():
    assert honest_change((0, 4), (4, 4)).verdict == "too_small"
    assert honest_change((0, 4), (4, 4)).label == "too small to judge"
    assert honest_change((50, 200), (100, 200), min_group_size=300).verdict == "too_small"
    assert honest_change((0, 4), (4, 4), min_group_size=1).verdict == "rise"


def test_proportion_reads_k_and_n_off_a_figures_row():
    row = {"quality_pct": 60.0, "success_pct": 90.0, "students": 20, "n5": 5, "n4": 7, "n3": 6, "n2": 1, "n_na": 1,
           "quality_marks_pct": 60.0, "average_mark": 3.9}  # fmt: skip
    assert proportion(row, "quality_pct") == (12, 20)
    assert proportion(row, "success_pct") == (18, 20)
    assert proportion(row, "quality_marks_pct") == (12, 20)
    assert proportion(row, "average_mark") is None


def test_change_between_rows_uses_their_counts():
    before = {"quality_pct": 25.0, "students": 200}
    after = {"quality_pct": 50.0, "students": 200}
    assert change_between(before, after, "quality_pct").verdict == "rise"
    assert change_between(None, after, "quality_pct") is None
    assert change_between(before, {"quality_pct": None, "students": 0}, "quality_pct") is None
