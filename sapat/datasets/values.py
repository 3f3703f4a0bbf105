"""Reading what a person typed into a data set's cell: strictly, in one place for the form, the imports and the
command line. A cell is refused with a reason in the user's language, never guessed at ("-3" is not 3)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from sapat.core import values

from .models import MAX_VALUE, DataElement

YES = {"1", "yes", "y", "да", "ооба", "иә", "true", "+"}
NO = {"0", "no", "n", "нет", "жок", "жоқ", "false", "-"}


class CellRefused(ValueError):
    """Why a cell's text is not a value of its element, in the user's language."""


def parsed(element: DataElement, text) -> Decimal | str | None:
    """The value of `text` for `element`: a Decimal for numbers and yes/no (1 or 0), an option code for an
    option element, None for an empty cell (the value is removed). Raises CellRefused."""
    text = "" if text is None else str(text).strip()
    if not text:
        return None
    if len(text) > 64:
        raise CellRefused(_("The value is too long."))
    kind = element.value_type
    if kind == DataElement.Type.OPTION:
        return _option(element, text)
    if kind == DataElement.Type.YES_NO:
        return _yes_no(text)
    number = _number(text, whole=kind == DataElement.Type.INTEGER)
    _check_range(element, number)
    return number


def _option(element: DataElement, text: str) -> str:
    folded = text.casefold()
    for option in element.options.all():
        if folded == option.code.casefold() or folded in {name.casefold() for name in option.names.values() if name}:
            return option.code
    codes = ", ".join(option.code for option in element.options.all())
    raise CellRefused(_("“%(value)s” is not one of the options: %(codes)s.") % {"value": text, "codes": codes})


def _yes_no(text: str) -> Decimal:
    folded = text.casefold()
    if folded in YES:
        return Decimal(1)
    if folded in NO:
        return Decimal(0)
    raise CellRefused(_("Write yes or no (1 or 0), not “%(value)s”.") % {"value": text})


def _number(text: str, *, whole: bool) -> Decimal:
    """A number through sapat.core.values (ASCII digits, one sign, up to 4 decimals), within the values' column."""
    try:
        number = Decimal(values.integer(text)) if whole else values.decimal(text, signed=True)
    except values.ValueRefused as refused:
        raise CellRefused(str(refused)) from None
    if abs(number) >= MAX_VALUE:
        raise CellRefused(_("The number %(value)s is too large.") % {"value": values.shown(text)})
    return number


def _check_range(element: DataElement, number: Decimal) -> None:
    if element.min_value is not None and number < element.min_value:
        raise CellRefused(_("The value must be at least %(min)s.") % {"min": _plain(element.min_value)})
    if element.max_value is not None and number > element.max_value:
        raise CellRefused(_("The value must be at most %(max)s.") % {"max": _plain(element.max_value)})


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def shown(element: DataElement, value) -> str:
    """A stored value as the form shows it: an option's code, yes/no as 1 or 0, numbers without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return _plain(value)
