"""The formula language: what it reads, what it refuses and why, and a fuzz test that no text makes it raise
anything but a FormulaError."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sapat.indicators.expressions import FormulaError, parse


def test_a_linear_formula_keeps_exact_coefficients():
    formula = parse("(5 × marks.n5 + 4*marks.n4) / 2 − marks.n2 ÷ 4")
    assert dict(formula.terms) == {"marks.n5": Fraction(5, 2), "marks.n4": Fraction(2), "marks.n2": Fraction(-1, 4)}
    assert formula.evaluate({"marks.n5": 2, "marks.n4": 1, "marks.n2": 4}) == 6


def test_a_decimal_comma_is_read_as_a_point():
    assert dict(parse("0,5 * health.g1").terms) == {"health.g1": Fraction(1, 2)}


def test_a_missing_count_makes_the_value_empty():
    assert parse("marks.excellent + marks.good").evaluate({"marks.excellent": None, "marks.good": 3}) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("marks.n5 * marks.n4", "cannot be multiplied"),
        ("marks.n5 / marks.students", "cannot divide by a count"),
        ("marks.n5 + 1", "counted once per unit"),
        ("100", "counted once per unit"),
        ("marks.n5 / 0", "divides by zero"),
        ("sum(marks.n5)", "cannot call functions"),
        ("marks.n5.__class__()", "cannot call functions"),
        ("(marks.n5", "not closed"),
        ("marks.n5 +", "ends too early"),
        ("marks.n5 ** 2", "Unexpected"),
        ("marks.n5 == 1", "no meaning"),
        ("²", "no meaning"),
        ("٣ * marks.n5", "no meaning"),
        ("", "empty"),
        ("1" * 13 + " * marks.n5", "too large"),
        ("-" * 100 + "marks.n5", "nested too deeply"),
        ("(" * 50 + "marks.n5" + ")" * 50, "nested too deeply"),
    ],
)
def test_what_is_not_a_sum_of_counts_is_refused_with_a_reason(text, reason):
    with pytest.raises(FormulaError) as refused:
        parse(text)
    assert reason in str(refused.value)


def test_unknown_names_are_listed():
    with pytest.raises(FormulaError) as refused:
        parse("marks.n5 + marks.n9 + health.x", {"marks.n5"})
    assert "health.x, marks.n9" in str(refused.value)


def test_a_rule_side_may_be_a_number():
    assert parse("0", constant=True).evaluate({}) == 0
    assert parse("g1 - 2", constant=True).evaluate({"g1": 5}) == 3


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("marks.n5 4()+-*/×÷−,.0123456789²٣_abc\t\n()")), max_size=80) | st.text())
def test_no_text_makes_the_parser_raise_anything_but_a_refusal(text):
    try:
        formula = parse(text, {"marks.n5", "a", "b"})
    except FormulaError as refused:
        assert str(refused)
    else:
        assert formula.terms
        formula.evaluate({"marks.n5": 3, "a": 1, "b": 0})
