"""The formula language of indicators and validation rules, parsed and evaluated exactly.

A formula is names of counts (`marks.n5`, `health.g1`, `health.group.high`, or `g1` inside a data set's own
rules), numbers, + − × ÷ and parentheses: nothing else, no function calls, no attribute access, nothing that
Python would evaluate. It is parsed into a linear form, a sum of counts each with an exact coefficient
(`Fraction`), because a figure must be a ratio of additive counts: the region's figure is then the formula of
the summed counts of its schools, never an average of their percentages. So a product of two counts, a
division by a count and a number added on its own are refused with a reason; the division of an indicator
lives in its denominator, not inside the numerator.

Every refusal is a `FormulaError` carrying a translated message; no input makes the parser raise anything
else (a fuzz test checks it).
"""

import re
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 1000
MAX_DEPTH = 40
MAX_DIGITS = 12
NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*"
# ASCII digits only: Python's \d also matches "²" and "٣", which are not numbers in a formula.
NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
TOKEN = re.compile(rf"\s*(?:(?P<number>{NUMBER})|(?P<name>{NAME})|(?P<op>[-+*/()×÷·−]))")
OPERATORS = {"−": "-", "×": "*", "·": "*", "÷": "/"}


class FormulaError(ValueError):
    """Why a formula is refused, in the user's language (a lazy translation, formatted on str())."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class Linear:
    """Σ coefficient × count: a formula over additive counts, its terms sorted by name."""

    terms: tuple[tuple[str, Fraction], ...]
    constant: Fraction = Fraction(0)  # only a validation rule's side has one ("g1 > 0")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _coefficient in self.terms)

    def evaluate(self, counts) -> Fraction | int | None:
        """The exact value for `counts` (a mapping name → number); None when a count is None (not kept for
        this selection, e.g. excellent students within one subject)."""
        total = self.constant or 0
        for name, coefficient in self.terms:
            value = counts.get(name, 0)
            if value is None:
                return None
            total += coefficient * value if coefficient != 1 else value
        return int(total) if isinstance(total, Fraction) and total.denominator == 1 else total

    @property
    def text(self) -> str:
        """The formula written back, e.g. "5 × marks.n5 + 4 × marks.n4"."""
        parts = []
        for name, coefficient in self.terms:
            sign = "−" if coefficient < 0 else "+"
            size = abs(coefficient)
            term = name if size == 1 else f"{_number_text(size)} × {name}"
            parts.append(f"{sign} {term}")
        if self.constant:
            parts.append(f"{'−' if self.constant < 0 else '+'} {_number_text(abs(self.constant))}")
        text = " ".join(parts)
        return text[2:] if text.startswith("+ ") else text


def parse(text: str, names=None, *, constant: bool = False) -> Linear:
    """The linear form of `text`; `names` (a container), when given, is what the formula may refer to. A number
    standing on its own (or a formula of numbers only) is allowed with `constant`: in a validation rule, which
    compares one unit's values and is never summed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(_("The formula is empty."))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("The formula is longer than %(max)s characters."), max=MAX_LENGTH)
    tokens = _tokens(text)
    parser = _Parser(tokens)
    terms, offset = parser.expression(0)
    if parser.position < len(tokens):
        raise FormulaError(_("Unexpected “%(token)s” in the formula."), token=tokens[parser.position][1])
    if offset and not constant:
        raise FormulaError(
            _("A number can only multiply or divide counts: added on its own it would be counted once per unit.")
        )
    terms = {name: coefficient for name, coefficient in terms.items() if coefficient}
    if not terms and not constant:
        raise FormulaError(_("The formula names no count."))
    unknown = sorted(name for name in terms if names is not None and name not in names)
    if unknown:
        raise FormulaError(_("Unknown count: %(names)s."), names=", ".join(unknown))
    return Linear(tuple(sorted(terms.items())), Fraction(offset) if constant else Fraction(0))


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if not match:
            raise FormulaError(_("“%(char)s” has no meaning in a formula."), char=text[position:].strip()[:1])
        kind = match.lastgroup
        value = match.group(kind)
        tokens.append((kind, OPERATORS.get(value, value)))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens, building the linear form as it goes: (terms, constant)."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise FormulaError(_("The formula ends too early."))
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self, depth: int):
        terms, constant = self.term(depth)
        while self.peek() in ("+", "-"):
            sign = 1 if self.take()[1] == "+" else -1
            more, more_constant = self.term(depth)
            for name, coefficient in more.items():
                terms[name] = terms.get(name, 0) + sign * coefficient
            constant += sign * more_constant
        return terms, constant

    def term(self, depth: int):
        terms, constant = self.factor(depth)
        while self.peek() in ("*", "/"):
            operator = self.take()[1]
            right, right_constant = self.factor(depth)
            if operator == "*":
                terms, constant = _product(terms, constant, right, right_constant)
            else:
                terms, constant = _quotient(terms, constant, right, right_constant)
        return terms, constant

    def factor(self, depth: int):
        if depth > MAX_DEPTH:
            raise FormulaError(_("The formula is nested too deeply."))
        kind, value = self.take()
        if value == "-":
            terms, constant = self.factor(depth + 1)
            return {name: -coefficient for name, coefficient in terms.items()}, -constant
        if value == "+":
            return self.factor(depth + 1)
        if value == "(":
            inner = self.expression(depth + 1)
            if self.peek() != ")":
                raise FormulaError(_("A parenthesis is not closed."))
            self.take()
            return inner
        if kind == "number":
            return {}, _number(value)
        if kind == "name":
            if self.peek() == "(":
                raise FormulaError(_("A formula cannot call functions (%(name)s)."), name=value)
            return {value: Fraction(1)}, Fraction(0)
        raise FormulaError(_("Unexpected “%(token)s” in the formula."), token=value)


def _number_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _number(text: str) -> Fraction:
    whole = text.replace(",", ".").split(".")[0]
    if len(whole) > MAX_DIGITS:
        raise FormulaError(_("The number %(number)s is too large."), number=text)
    return Fraction(text.replace(",", "."))


def _product(terms, constant, right, right_constant):
    if terms and right:
        raise FormulaError(
            _("Two counts cannot be multiplied: a figure must stay a sum of counts that adds up across units.")
        )
    if right:
        terms, constant, right, right_constant = right, right_constant, terms, constant
    return {name: coefficient * right_constant for name, coefficient in terms.items()}, constant * right_constant


def _quotient(terms, constant, right, right_constant):
    if right:
        raise FormulaError(
            _("A formula cannot divide by a count, that would average percentages: put the divisor in the denominator.")
        )
    if not right_constant:
        raise FormulaError(_("The formula divides by zero."))
    return {name: coefficient / right_constant for name, coefficient in terms.items()}, constant / right_constant
