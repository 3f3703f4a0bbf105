"""Reading what people type or post, one parser per kind of value: a mark cell, a score, a task's maximum, an
id, a date, a decimal, a count. The journal, the imports (sapat.transfer), the command-line loaders and the
forms call these, so that one text gets one verdict on every path.

The rules, the same everywhere:

- Spaces around a value are tolerated (a spreadsheet cell or a form field often carries them); spaces inside
  a number are not ("1 5" is not 15).
- Digits are the ASCII 0–9 only: Python's own `int()` and `Decimal()` take "٥", "²" or "５", which nobody
  means in a journal; a sign is refused where a value cannot be negative; no exponents ("1e400"), no NaN or
  Infinity; a number has at most 15 digits before and 4 after the decimal point or comma.
- A mark is exactly one of the grading scheme's values (5, 4, 3, 2, na, ex; a college's pass and fail) or one
  of the aliases the docs list (docs/journal.md, docs/import-export.md): case and spaces inside an alias do not
  matter ("Н / А"), anything else does ("-3", "4-", "(2)", "5!", "+5" are refused, never read as a nearby mark).

Each parser raises ValueRefused, a ValueError whose text is the reason in the user's language; the caller adds
the place (a row and a column, a cell, a form field).
"""

import datetime
import re
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

LONGEST = 64  # characters of a cell or field read at all; a longer text is refused before any parsing
SHOWN = 24  # characters of a refused text quoted back in a message
ID = re.compile(r"[0-9]{1,18}")  # a primary key: a positive BigAutoField value, below 2**63
WHOLE = re.compile(r"[0-9]{1,15}")
SIGNED_WHOLE = re.compile(r"[+-]?[0-9]{1,15}")
SIGNED_DECIMAL = re.compile(r"[+-]?[0-9]{1,15}(?:[.,][0-9]{1,4})?")
DECIMAL = re.compile(r"[0-9]{1,15}(?:[.,][0-9]{1,4})?")
ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
DOTTED_DAY = re.compile(r"([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})")
SCORE_LIMIT = Decimal(10000)  # Score.score, ControlResult.score and the tasks' maxima hold six digits, two decimals

# The documented ways of writing the two marks that are not numbers, besides their labels in every language.
MARK_ALIASES = {
    "na": ("na", "n/a", "н/а", "н/a", "на", "н", "n", "не аттестован", "аттестацияланган жок", "аттестатталмаған",
           "not assessed"),
    "ex": ("ex", "ex.", "осв", "осв.", "о", "освоб", "освобожден", "освобождена", "бошотулган", "босатылған",
           "exempt"),
    # A college's pass/fail credits (зачёт): whether a discipline takes them is the write path's check.
    "p": ("p", "pass", "зачёт", "зачтено", "зач", "тапшырды", "тапсырды"),
    "f": ("f", "fail", "незачёт", "не зачтено", "незач", "тапшырган жок", "тапсырмады"),
}  # fmt: skip
NUMERIC_MARKS = ("5", "4", "3", "2")
NO_VALUE = frozenset({"", "-", "–", "—"})  # a cell that says nothing: no mark ("—" is how the journal shows one)


class ValueRefused(ValueError):
    """Why a text is not a value of its kind, in the user's language (str(error) is the message)."""


def shown(text) -> str:
    """A refused text as quoted back: at most a few characters, so a 5,000-digit value gives a short message."""
    text = str(text)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _typed(text) -> str:
    text = "" if text is None else str(text).strip()
    if len(text) > LONGEST:
        raise ValueRefused(_("The value is too long."))
    return text


# Marks ---------------------------------------------------------------------------------------------------


def mark(text) -> str:
    """The code of the mark a cell holds ("5", "4", "3", "2", "na", "ex"), or "" for a cell without one
    (empty or a dash: the journal clears the mark, an import leaves the stored one alone).

    These are the values of every grading scheme that gives marks (sapat.assessment.models.MarkValue); whether
    the class's scheme gives marks at all is the write path's check (assessment.services.scheme_error)."""
    typed = _typed(text)
    if typed in NO_VALUE:
        return ""
    code = _mark_words().get(_folded(typed))
    if code is None:
        raise ValueRefused(not_a_mark(typed))
    return code


def not_a_mark(text) -> str:
    return _("“%(value)s” is not a mark: use 5, 4, 3, 2, n/a (na) or ex (exempt).") % {"value": shown(text)}


def _folded(text: str) -> str:
    return "".join(text.split()).casefold().replace("ё", "е")


@lru_cache(maxsize=1)
def _mark_words() -> dict[str, str]:
    """Every accepted spelling, folded → its code: the codes, the aliases, the labels and the journal's short
    forms in every language of the site (a word that two codes share would be dropped; none does)."""
    from sapat.assessment.models import MarkValue

    words = {mark: mark for mark in NUMERIC_MARKS}
    for code, aliases in MARK_ALIASES.items():
        words.update({_folded(alias): code for alias in aliases})
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code in MARK_ALIASES:
                words.setdefault(_folded(str(MarkValue(code).label)), code)
                if code in ("na", "ex"):
                    words.setdefault(_folded(str(_short_mark(code))), code)
    return words


def _short_mark(code: str) -> str:
    short = {"na": translation.pgettext("short mark", "n/a"), "ex": translation.pgettext("short mark", "ex.")}
    return short[code]


# Numbers -------------------------------------------------------------------------------------------------


def decimal(text, *, signed: bool = False) -> Decimal | None:
    """A number as people write it, "17", "17,5" or "17.5" (up to 4 decimals); None for an empty text."""
    typed = _typed(text)
    if not typed:
        return None
    if not (SIGNED_DECIMAL if signed else DECIMAL).fullmatch(typed):
        raise ValueRefused(_("“%(value)s” is not a number (up to 4 decimals).") % {"value": shown(typed)})
    return Decimal(typed.replace(",", "."))


def count(text) -> int | None:
    """A whole number of things, 0 or more; None for an empty text."""
    return integer(text, signed=False)


def integer(text, *, signed: bool = True) -> int | None:
    """A whole number, with a sign when `signed`; None for an empty text."""
    typed = _typed(text)
    if not typed:
        return None
    if not (SIGNED_WHOLE if signed else WHOLE).fullmatch(typed):
        raise ValueRefused(_("“%(value)s” is not a whole number.") % {"value": shown(typed)})
    return int(typed)


def score(text) -> Decimal | None:
    """A score, 0 or more; None for an empty text. Whether it fits its maximum and its column (two decimals,
    below 10,000) is the write path's check, which names the maximum (assessment.scores, assessment.control)."""
    return decimal(text)


def maximum(text) -> Decimal | None:
    """A task's or a work's maximum score: above 0, below 10,000, two decimals at most; None for an empty text."""
    number = decimal(text)
    if number is not None and (number <= 0 or number >= SCORE_LIMIT or number != number.quantize(Decimal("0.01"))):
        raise ValueRefused(_("%(value)s is not a possible maximum of a task.") % {"value": shown(str(text).strip())})
    return number


# Ids and dates -------------------------------------------------------------------------------------------


def identifier(text) -> int | None:
    """A posted id: ASCII digits that fit a primary key; None for anything else (the caller answers 404, as
    for a missing object)."""
    typed = "" if text is None else str(text).strip()
    return int(typed) if ID.fullmatch(typed) else None


def day(text) -> datetime.date | None:
    """A date as written in the region, 2024-12-20, 20.12.2024 or 20/12/2024; None for an empty text."""
    typed = _typed(text)
    if not typed:
        return None
    iso, dotted = ISO_DAY.fullmatch(typed), DOTTED_DAY.fullmatch(typed)
    if not (iso or dotted):
        raise _not_a_day(typed)
    year, month, number = (iso[1], iso[2], iso[3]) if iso else (dotted[3], dotted[2], dotted[1])
    try:
        return datetime.date(int(year), int(month), int(number))
    except ValueError:  # 2024-02-30: the shape of a date, not a date
        raise _not_a_day(typed) from None


def _not_a_day(typed: str) -> ValueRefused:
    return ValueRefused(_("“%(value)s” is not a date: write 2024-12-20 or 20.12.2024.") % {"value": shown(typed)})
