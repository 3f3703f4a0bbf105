"""The analysis selectors in one place: import from here (pages, commands, reports, the API).

Every function takes model objects the caller has already scoped (get_object_or_404 on a restricted
queryset), returns frozen dataclasses with `as_dict()` for JSON, keeps values unrounded (round only for
display, sapat.core.numbers) and gives group sizes next to every value. Students at risk take the user and
scope the students themselves.
"""

from .comparison import (
    Comparison,
    Entry,
    ObjectivityRow,
    compare_class,
    compare_unit,
    control_halves,
    objectivity_table,
)
from .dynamics import Cohort, CohortYear, Point, Series, cohort_dynamics, period_dynamics, year_dynamics
from .honesty import VERDICTS, Change, Interval, change_between, honest_change, proportion, wilson
from .models import BANDS, RatingScheme
from .ratings import LEVELS, Rating, RatingRow, Scheme, band_of, competition_ranks, rating, scheme_for
from .risk import REASONS, Concern, StudentAtRisk, previous_period, students_at_risk

__all__ = [
    "BANDS",
    "LEVELS",
    "REASONS",
    "VERDICTS",
    "Change",
    "Cohort",
    "CohortYear",
    "Comparison",
    "Concern",
    "Entry",
    "Interval",
    "ObjectivityRow",
    "Point",
    "Rating",
    "RatingRow",
    "RatingScheme",
    "Scheme",
    "Series",
    "StudentAtRisk",
    "band_of",
    "change_between",
    "cohort_dynamics",
    "compare_class",
    "compare_unit",
    "competition_ranks",
    "control_halves",
    "honest_change",
    "objectivity_table",
    "period_dynamics",
    "previous_period",
    "proportion",
    "rating",
    "scheme_for",
    "students_at_risk",
    "wilson",
    "year_dynamics",
]
