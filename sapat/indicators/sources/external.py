"""The external tests source: the counts of the results of external tests (ЖРТ/ОРТ, ЕНТ/ҰБТ, МОДО) of the
period's academic year, per kind of test: `<kind>.participants`, `<kind>.score` (the sum of the scores, exact),
`<kind>.over_threshold` (at or over the threshold) and `<kind>.passed` (over the threshold and every
component's threshold, the ЕНТ rule). Kept for years only.

A result counts as what it examines (`result_items`). Without a subject the source counts the whole tests
(those with no subject: the ОРТ main test, the ЕНТ total) by their total score and the test's threshold. Within
a subject (`subject_id`, or the `subject` breakdown) it counts the subject tests of that subject (an ОРТ
subject test, a МОДО subject) by their score and threshold, and the components of a whole test that name the
subject (an ЕНТ component `{"code": "history_kz", "subject": "history_kz", …}`) by the component's score and
threshold; a component with no threshold is never over it, and a missing component score is not counted."""

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from sapat.assessment.models import ExternalResult, ExternalTest
from sapat.core.querysets import unscoped
from sapat.structure.models import OrgUnit, Subject

from ..external import component_thresholds, passes_components
from . import Count as Offered
from . import CountQuery, CountSource

GROUP_FIELDS = {"school": "school_id", "district": "school__parent_id"}
COUNTS = ("participants", "score", "over_threshold", "passed")


class ExternalSource(CountSource):
    def __init__(self):
        super().__init__(
            code="external",
            label=_("external tests"),
            breakdowns=frozenset({*GROUP_FIELDS, "subject"}),
            period_kinds=frozenset({"year"}),
        )

    def counts(self) -> list[Offered]:
        labels = {
            "participants": _("participants"),
            "score": _("sum of scores"),
            "over_threshold": _("at or over the threshold"),
            "passed": _("passed every threshold"),
        }
        return [
            Offered(f"{kind}.{code}", labels[code]) for kind, _label in ExternalTest.Kind.choices for code in COUNTS
        ]

    @unscoped("the summaries engine: the external results under a unit whose figures were asked")
    def sums(self, query: CountQuery) -> dict:
        by_subject = query.by == "subject"
        group = None if by_subject else (GROUP_FIELDS.get(query.by) if query.by else None)
        years = {period.year_id for period in query.periods}
        tests = {t.pk: t for t in ExternalTest.objects.filter(year_id__in=years)}
        items = TestItems(tests.values())
        results = ExternalResult.objects.filter(
            test_id__in=tests, school_id__in=OrgUnit.objects.school_ids_under(query.unit)
        )
        if query.school_ids is not None:
            results = results.filter(school_id__in=query.school_ids)
        totals: dict = defaultdict(self._empty)
        within = query.within_subject
        fields = ["test_id", "score", "component_scores", *([group] if group else [])]
        for row in results.values(*fields):
            test = tests[row["test_id"]]
            for subject_id, score, over, passed, _max in items.of(test, row["score"], row["component_scores"], within):
                if query.subject_id is not None and subject_id != query.subject_id:
                    continue
                counts = totals[subject_id if by_subject else (row[group] if group else None)]
                counts[f"{test.kind}.participants"] += 1
                counts[f"{test.kind}.score"] += Fraction(score)
                counts[f"{test.kind}.over_threshold"] += over
                counts[f"{test.kind}.passed"] += passed
        if query.by is None and None not in totals:  # one row even without data
            totals[None] = self._empty()
        return {key: _plain(value) for key, value in totals.items()}

    def _empty(self) -> dict:
        return {**{c.code: 0 for c in self.counts()}, "as_of": None}


class TestItems:
    """What each result of some tests examines: (subject id or None, score, over the threshold, passed, the
    maximum score of what was examined)."""

    def __init__(self, tests):
        tests = list(tests)
        codes = {part["subject"] for t in tests for part in t.components or [] if part.get("subject")}
        subjects = dict(Subject.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
        self.parts = {t.pk: component_thresholds(t) for t in tests}
        self.subject_parts = {
            t.pk: [(subjects[part["subject"]], part["code"], _decimal(part.get("threshold")), _decimal(part.get("max")))
                   for part in t.components or [] if part.get("subject") in subjects]
            for t in tests
        }  # fmt: skip

    def of(self, test: ExternalTest, score, component_scores: dict, within_subject: bool) -> list[tuple]:
        if not within_subject:
            if test.subject_id is not None:
                return []
            over = score >= test.threshold
            passed = over and passes_components(component_scores, self.parts[test.pk])
            return [(None, score, over, passed, test.max_score)]
        if test.subject_id is not None:
            over = score >= test.threshold
            return [(test.subject_id, score, over, over, test.max_score)]
        found = []
        for subject_id, code, threshold, maximum in self.subject_parts[test.pk]:
            value = (component_scores or {}).get(code)
            if value is not None:
                value = Decimal(str(value))
                over = threshold is not None and value >= threshold
                found.append((subject_id, value, over, over, maximum))
        return found


def result_items(test: ExternalTest, score, component_scores: dict, *, within_subject: bool) -> list[tuple]:
    """One result's (subject id or None, score, over the threshold, passed, maximum) items (see the module)."""
    return TestItems([test]).of(test, score, component_scores, within_subject)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _plain(counts: dict) -> dict:
    return {k: (int(v) if isinstance(v, Fraction) and v.denominator == 1 else v) for k, v in counts.items()}
