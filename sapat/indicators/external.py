"""Results of an external test (ОРТ/ЖРТ, ЕНТ/ҰБТ, МОДО) for a unit: per school and in total, from summed counts.

Per school: participants, average score, the share at or over the test's threshold and, when the test
defines components with thresholds, the share passing every component threshold and the share passing
both (the ЕНТ rule). A missing component score does not pass. Figures are unrounded and None when nobody
took part, like the indicator catalogue's.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sapat.assessment.models import ExternalResult, ExternalTest
from sapat.structure.models import OrgUnit

from .catalogue import ratio


@dataclass
class _Tally:
    participants: int = 0
    score_sum: Decimal = Decimal(0)
    over_threshold: int = 0
    every_component: int = 0
    passed: int = 0

    def add(self, other: "_Tally") -> None:
        for name in ("participants", "score_sum", "over_threshold", "every_component", "passed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def external_analysis(*, unit: OrgUnit, test: ExternalTest) -> dict:
    """{"test", "max", "threshold", "components", "schools": [rows], "total": row} for the unit's schools."""
    parts = component_thresholds(test)
    tallies: dict[int, _Tally] = {}
    results = ExternalResult.objects.filter(test=test, school__path__startswith=unit.path)
    for school_id, score, component_scores in results.values_list("school_id", "score", "component_scores"):
        tally = tallies.setdefault(school_id, _Tally())
        over, every = score >= test.threshold, passes_components(component_scores, parts)
        tally.participants += 1
        tally.score_sum += score
        tally.over_threshold += over
        tally.every_component += every
        tally.passed += over and every
    schools = OrgUnit.objects.filter(pk__in=tallies).order_by("path")
    total = _Tally()
    for tally in tallies.values():
        total.add(tally)
    return {
        "test": test.code,
        "max": float(test.max_score),
        "threshold": float(test.threshold),
        "components": test.components,
        "schools": [{"school": s.code, "school_name": s.name, **_figures(tallies[s.pk], parts)} for s in schools],
        "total": {"school": None, "school_name": None, **_figures(total, parts)},
    }


def component_thresholds(test: ExternalTest) -> list[tuple[str, Decimal]]:
    """(code, threshold) of the test's components that have a threshold."""
    return [
        (part["code"], Decimal(str(part["threshold"])))
        for part in test.components or []
        if part.get("threshold") is not None
    ]


def passes_components(scores: dict, parts: list[tuple[str, Decimal]]) -> bool:
    scores = scores or {}
    return all(scores.get(code) is not None and Decimal(str(scores[code])) >= low for code, low in parts)


def _figures(tally: _Tally, parts: list) -> dict:
    n = tally.participants
    average = float(Fraction(tally.score_sum) / n) if n else None
    row = {
        "participants": n,
        "average_score": average,
        "over_threshold": tally.over_threshold,
        "over_threshold_pct": ratio(tally.over_threshold, n, 100),
    }
    if not parts:
        return {**row, "every_component": None, "every_component_pct": None, "passed": None, "passed_pct": None}
    return {
        **row,
        "every_component": tally.every_component,
        "every_component_pct": ratio(tally.every_component, n, 100),
        "passed": tally.passed,
        "passed_pct": ratio(tally.passed, n, 100),
    }
