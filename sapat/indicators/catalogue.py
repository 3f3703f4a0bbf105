"""The invariant indicator catalogue (GLOSSARY.md): each indicator is a ratio of additive counts.

`compute(counts)` turns summed counts into every indicator, unrounded; a figure whose denominator is zero
is None (shown empty), never 0.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COUNT_FIELDS = ("students", "missing", "n5", "n4", "n3", "n2", "n_na", "exempt")
CLASS_COUNT_FIELDS = ("excellent", "good", "one_three", "failing")
SOU_WEIGHTS = {"n5": 100, "n4": 64, "n3": 36, "n2": 16, "n_na": 7}  # V. P. Simonov


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    formula: str
    unit: str  # "count", "percent" or "mark"


CATALOGUE = [
    Indicator("students", _("students (N)"), "on the list at the end of the period − exempt − missing", "count"),
    Indicator("assessed", _("assessed"), "n5 + n4 + n3 + n2", "count"),
    Indicator("missing", _("marks missing"), "on the list, no mark entered yet", "count"),
    Indicator("n5", _("marks 5"), "count of 5", "count"),
    Indicator("n4", _("marks 4"), "count of 4", "count"),
    Indicator("n3", _("marks 3"), "count of 3", "count"),
    Indicator("n2", _("marks 2"), "count of 2", "count"),
    Indicator("n_na", _("not assessed (н/а)"), "count of н/а", "count"),
    Indicator("exempt", _("exempt"), "count of exempt", "count"),
    Indicator("excellent", _("excellent students"), "students with only 5", "count"),
    Indicator("good", _("good students"), "students with only 4 and 5, at least one 4", "count"),
    Indicator("one_three", _("students with one 3"), "all 4 or 5 except exactly one 3", "count"),
    Indicator("failing", _("failing students"), "at least one 2 or н/а", "count"),
    Indicator(
        "quality_pct",
        _("quality of knowledge"),
        "(n5 + n4) × 100 / N; across subjects (excellent + good) × 100 / N",
        "percent",
    ),
    Indicator(
        "success_pct", _("success rate"), "(n5 + n4 + n3) × 100 / N; across subjects (N − failing) × 100 / N", "percent"
    ),
    Indicator("average_mark", _("average mark"), "(5·n5 + 4·n4 + 3·n3 + 2·n2) / (n5 + n4 + n3 + n2)", "mark"),
    Indicator("sou_pct", _("degree of learning (СОУ)"), "(100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n_na) / N", "percent"),
    Indicator(
        "quality_marks_pct", _("quality counted by marks"), "(n5 + n4) × 100 / (n5 + n4 + n3 + n2 + n_na)", "percent"
    ),
]
BY_CODE = {indicator.code: indicator for indicator in CATALOGUE}


def ratio(numerator: int, denominator: int, scale: int = 1) -> float | None:
    return None if not denominator else float(Fraction(numerator * scale, denominator))


def compute(counts: dict, *, across_subjects: bool) -> dict:
    """Every indicator from summed counts. `counts` holds COUNT_FIELDS, plus CLASS_COUNT_FIELDS across subjects.

    Across subjects, `students` is the number of students (from the class summaries) and `marks_n` the
    number of assessed marks, the denominator of СОУ when marks of several subjects are pooled.
    """
    n5, n4, n3, n2, n_na = (counts.get(key, 0) for key in ("n5", "n4", "n3", "n2", "n_na"))
    marks_n = n5 + n4 + n3 + n2 + n_na
    students = counts.get("students", 0)
    row = {key: counts.get(key, 0) for key in COUNT_FIELDS}
    row["assessed"] = n5 + n4 + n3 + n2
    row["average_mark"] = ratio(5 * n5 + 4 * n4 + 3 * n3 + 2 * n2, row["assessed"])
    row["sou_pct"] = ratio(sum(w * counts.get(k, 0) for k, w in SOU_WEIGHTS.items()), marks_n)
    row["quality_marks_pct"] = ratio(n5 + n4, marks_n, 100)
    if across_subjects:
        row.update({key: counts.get(key, 0) for key in CLASS_COUNT_FIELDS})
        row["quality_pct"] = ratio(row["excellent"] + row["good"], students, 100)
        row["success_pct"] = ratio(students - row["failing"], students, 100)
    else:
        row.update({"excellent": None, "good": None, "one_three": None, "failing": n2 + n_na})
        row["quality_pct"] = ratio(n5 + n4, students, 100)
        row["success_pct"] = ratio(n5 + n4 + n3, students, 100)
    return row
