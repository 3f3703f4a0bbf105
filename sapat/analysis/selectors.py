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
from .counterparts import class_in, cohort_classes, teacher_classes
from .dynamics import Cohort, CohortYear, Point, Series, cohort_dynamics, period_dynamics, year_dynamics
from .external import (
    ExternalObjectivityRow,
    ExternalRow,
    external_by_subject,
    external_objectivity,
    has_external_results,
)
from .honesty import VERDICTS, Change, Interval, change_between, honest_change, proportion, wilson
from .models import BANDS, RatingScheme
from .ratings import LEVELS, Rating, RatingRow, Scheme, band_of, competition_ranks, rating, scheme_for
from .risk import (
    DROP,
    FAILING,
    NOT_ASSESSED,
    REASONS,
    Concern,
    StudentAtRisk,
    by_urgency,
    previous_period,
    students_at_risk,
)

__all__ = [
    "BANDS",
    "DROP",
    "FAILING",
    "LEVELS",
    "NOT_ASSESSED",
    "REASONS",
    "VERDICTS",
    "Change",
    "Cohort",
    "CohortYear",
    "Comparison",
    "Concern",
    "Entry",
    "ExternalObjectivityRow",
    "ExternalRow",
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
    "by_urgency",
    "change_between",
    "class_in",
    "cohort_classes",
    "cohort_dynamics",
    "compare_class",
    "compare_unit",
    "competition_ranks",
    "control_halves",
    "external_by_subject",
    "external_objectivity",
    "has_external_results",
    "honest_change",
    "objectivity_table",
    "period_dynamics",
    "previous_period",
    "proportion",
    "rating",
    "scheme_for",
    "students_at_risk",
    "teacher_classes",
    "wilson",
    "year_dynamics",
]
