"""Grading schemes as configuration: which scheme applies, and how a KZ mark is derived from scores."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from .models import GradingScheme, MarkValue

FIVE_POINT_VALUES = {value for value, _label in MarkValue.choices}


def scheme_for(country: str, grade: int, on: datetime.date, *, college: bool = False) -> GradingScheme | None:
    """The scheme in force for a grade (a college's: a course) of a country on a date: the latest in effect."""
    return (
        GradingScheme.objects.filter(country=country, grade_from__lte=grade, grade_to__gte=grade)
        .filter(effective_from__lte=on, for_colleges=college)
        .order_by("-effective_from")
        .first()
    )


def scheme_for_class(school_class) -> GradingScheme | None:
    """The scheme of a class (or a college's group): its school's country and its grade (the group's course), as in
    force when its academic year began."""
    school = school_class.school
    college = school.school_kind == school.SchoolKind.COLLEGE
    return scheme_for(school.country, school_class.grade, school_class.year.starts_on, college=college)


def round_half_up(value: Decimal, places: str = "1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _percent(scores: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Mean of score / maximum, in percent; None when there is no score of this kind."""
    if not scores:
        return None
    return sum((Decimal(s) / Decimal(m) * 100 for s, m in scores), Decimal(0)) / len(scores)


def quarter_percent(scheme: GradingScheme, fo, sor, soch) -> Decimal | None:
    """0.25·ФО% + 0.25·СОр% + 0.50·СОч% (or the scheme's weights).

    A kind of assessment that was not held drops out and the others keep their proportion: without СОч the
    current rule becomes ФО and СОр 50/50, as the glossary says.
    """
    parts = [(scheme.weight_fo, _percent(fo)), (scheme.weight_sor, _percent(sor)), (scheme.weight_soch, _percent(soch))]
    present = [(weight, pct) for weight, pct in parts if pct is not None and weight > 0]
    total_weight = sum((weight for weight, _ in present), Decimal(0))
    if not total_weight:
        return None
    return sum((weight * pct for weight, pct in present), Decimal(0)) / total_weight


def mark_for_percent(scheme: GradingScheme, percent: Decimal) -> str:
    """Percent to mark by the scheme's thresholds; the percent is first rounded half-up to a whole number,
    so 84.5 % is 85 % and gets a 5, while 84.4 % gets a 4 (the thresholds are whole percents)."""
    whole = round_half_up(percent, "1")
    for low, mark in scheme.thresholds:
        if whole >= low:
            return str(mark)
    return str(scheme.thresholds[-1][1])


def year_mark(period_marks: list[str]) -> str | None:
    """The rounded mean of the quarter (or half-year) marks; None if any is not a number."""
    numbers = [int(mark) for mark in period_marks if mark in {"2", "3", "4", "5"}]
    if not numbers or len(numbers) != len(period_marks):
        return None
    return str(round_half_up(Decimal(sum(numbers)) / len(numbers), "1"))
