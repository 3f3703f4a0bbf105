"""External tests (ЖРТ/ОРТ, ЕНТ/ҰБТ, МОДО) of a unit by subject, with the change against the previous year, and
the objectivity of journal marks against external results (seed 001 2.16.1; GLOSSARY.md "Objectivity of marks").

The figures by subject are the registry's indicators `<kind>_average_score` and `<kind>_over_threshold_pct`
over the external tests count source (sapat.indicators.sources.external), broken down by subject: no count is
made here. A row without a subject is the whole test (the ОРТ main test, the ЕНТ total); a row with one is a
subject test or a component naming the subject (the source's `result_items`).

The objectivity table compares, student by student, the annual journal mark of the subject (the year's
period `year`) with the student's result in that subject turned into a mark by the percent scale of control
works (sapat.assessment.control.derive_mark: 85 % → 5, 65 % → 4, 40 % → 3), judged as a control mark is
(sapat.indicators.control.objectivity: confirmed, raised, lowered); and how many with a journal 4 or 5 stayed
below the test's threshold, and the mean difference journal mark − external mark. A signal, never a verdict:
every row carries its group sizes.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sapat.assessment.control import derive_mark
from sapat.assessment.models import ExternalResult, ExternalTest, PeriodMark
from sapat.core.querysets import unscoped
from sapat.indicators import registry
from sapat.indicators.catalogue import ratio
from sapat.indicators.control import objectivity
from sapat.indicators.sources import CountQuery
from sapat.indicators.sources.external import TestItems
from sapat.structure.models import AcademicYear, OrgUnit, Period, Subject

from .honesty import DEFAULT_MIN_GROUP, Change, honest_change

KINDS = (ExternalTest.Kind.ORT, ExternalTest.Kind.ENT, ExternalTest.Kind.MODO)
HIGH_MARKS = ("4", "5")
# When the table calls the journal higher (or lower) than the external results: a share of journal 4–5 below
# the threshold (percent), or a mean difference journal − external mark (marks), at or over these.
NOT_CONFIRMED_SIGNAL = 25
DIFFERENCE_SIGNAL = Fraction(1, 2)


@dataclass(frozen=True)
class ExternalRow:
    """One kind of test and subject (subject None: the whole test) in one year, with last year's figures.

    participants: results counted; average_score, over_threshold_pct: the registry's values (unrounded, None
    without participants); maximum, threshold: the tests' own, or (low, high) when the year's tests differ;
    previous_*: the same figures of the previous academic year (None without one); change_*: now − before."""

    kind: str
    kind_label: str
    subject_id: int | None
    subject: str
    participants: int
    over_threshold: int
    average_score: float | None
    over_threshold_pct: float | None
    maximum: tuple
    threshold: tuple
    previous_participants: int | None = None
    previous_over_threshold: int | None = None
    previous_average_score: float | None = None
    previous_over_threshold_pct: float | None = None

    @property
    def change_average_score(self) -> float | None:
        return _minus(self.average_score, self.previous_average_score)

    @property
    def change_over_threshold_pct(self) -> float | None:
        return _minus(self.over_threshold_pct, self.previous_over_threshold_pct)

    @property
    def share_change(self) -> Change | None:
        """The honest verdict on the change of the share at or over the threshold (sapat.analysis.honesty)."""
        if not self.previous_participants:
            return None
        return honest_change((self.previous_over_threshold, self.previous_participants),
                             (self.over_threshold, self.participants))  # fmt: skip

    def as_dict(self) -> dict:
        keys = ("kind", "subject_id", "subject", "participants", "over_threshold", "average_score",
                "over_threshold_pct", "previous_participants", "previous_over_threshold", "previous_average_score",
                "previous_over_threshold_pct", "change_average_score", "change_over_threshold_pct")  # fmt: skip
        row = {key: getattr(self, key) for key in keys}
        change = self.share_change
        row["share_change"] = change.verdict if change is not None else None
        return {**row, "maximum": [float(v) for v in self.maximum], "threshold": [float(v) for v in self.threshold]}


def short_labels() -> dict:
    """The kinds of test as the tables name them, short and in each country's usage (ЖРТ in Kyrgyz)."""
    return {
        ExternalTest.Kind.ORT: pgettext("external test", "ORT"),
        ExternalTest.Kind.ENT: pgettext("external test", "UNT"),
        ExternalTest.Kind.MODO: pgettext("external test", "MODO"),
    }


def year_period(year: AcademicYear | None) -> Period | None:
    return None if year is None else Period.objects.filter(year=year, code="year").select_related("year").first()


def previous_year(year: AcademicYear) -> AcademicYear | None:
    earlier = AcademicYear.objects.filter(country=year.country, starts_on__lt=year.starts_on)
    return earlier.order_by("-starts_on").first()


def has_external_results(unit: OrgUnit, year: AcademicYear) -> bool:
    return ExternalResult.objects.filter(test__year=year, school__path__startswith=unit.path).exists()


def external_by_subject(unit: OrgUnit, year: AcademicYear) -> list[ExternalRow]:
    """The unit's rows for the year (kinds in the order ОРТ, ЕНТ, МОДО; the whole test first, then subjects by
    name), each with the previous year's figures of the same kind and subject. A fixed number of queries."""
    now = _figures(unit, year)
    before_year = previous_year(year)
    before = _figures(unit, before_year) if before_year is not None else {}
    tests = list(ExternalTest.objects.filter(year=year, kind__in=KINDS))
    limits = _limits(tests)
    subjects = {s.pk: s.name for s in Subject.objects.filter(pk__in={s for _k, s in now if s is not None})}
    labels = short_labels()
    rows = []
    for (kind, subject_id), values in now.items():
        if not values["participants"]:
            continue
        earlier = before.get((kind, subject_id)) or {}
        has_before = bool(earlier.get("participants"))
        maximum, threshold = limits.get((kind, subject_id), ((), ()))
        rows.append(
            ExternalRow(
                kind=kind,
                kind_label=str(labels[kind]),
                subject_id=subject_id,
                subject=subjects.get(subject_id, "") if subject_id else _("whole test"),
                participants=values["participants"],
                over_threshold=values["over_threshold"],
                average_score=values["average_score"],
                over_threshold_pct=values["over_threshold_pct"],
                maximum=maximum,
                threshold=threshold,
                previous_participants=earlier.get("participants") if has_before else None,
                previous_over_threshold=earlier.get("over_threshold") if has_before else None,
                previous_average_score=earlier.get("average_score") if has_before else None,
                previous_over_threshold_pct=earlier.get("over_threshold_pct") if has_before else None,
            )
        )
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(rows, key=lambda r: (order[r.kind], r.subject_id is not None, r.subject))


def _figures(unit: OrgUnit, year: AcademicYear) -> dict:
    """{(kind, subject id or None): {participants, over_threshold, average_score, over_threshold_pct}}: the
    registry's indicators of each kind over the whole tests and over the subject breakdown."""
    period = year_period(year)
    if period is None:
        return {}
    found = registry.current()
    codes = [f"{kind}_{name}" for kind in KINDS for name in ("average_score", "over_threshold_pct")]
    entries = [e for code in codes if (e := found.get(code, unit, period.ends_on)) is not None]
    if not entries:
        return {}
    whole = registry.evaluate(entries, CountQuery(unit, (period,)), counts=True)  # one sum for every kind
    by_subject = registry.evaluate(entries, CountQuery(unit, (period,), by="subject"), counts=True)
    found_rows: dict = {}
    for subject_id, values in [(None, whole[None]), *by_subject.items()]:
        for kind in KINDS:
            found_rows[(kind, subject_id)] = {
                "participants": values.get(f"external.{kind}.participants") or 0,
                "over_threshold": values.get(f"external.{kind}.over_threshold") or 0,
                "average_score": values.get(f"{kind}_average_score"),
                "over_threshold_pct": values.get(f"{kind}_over_threshold_pct"),
            }
    return found_rows


def _limits(tests: list[ExternalTest]) -> dict:
    """{(kind, subject id or None): ((maximum…), (threshold…))}: one value each, or the lowest and the highest."""
    seen = defaultdict(lambda: (set(), set()))
    codes = {part["subject"] for t in tests for part in t.components or [] if part.get("subject")}
    subjects = dict(Subject.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
    for test in tests:
        maxima, thresholds = seen[(test.kind, test.subject_id)]
        maxima.add(test.max_score)
        thresholds.add(test.threshold)
        for part in test.components or []:
            if part.get("subject") in subjects:
                maxima, thresholds = seen[(test.kind, subjects[part["subject"]])]
                if part.get("max") is not None:
                    maxima.add(Decimal(str(part["max"])))
                if part.get("threshold") is not None:
                    thresholds.add(Decimal(str(part["threshold"])))
    return {key: (_span(maxima), _span(thresholds)) for key, (maxima, thresholds) in seen.items()}


def _span(values: set) -> tuple:
    if not values:
        return ()
    return (min(values),) if min(values) == max(values) else (min(values), max(values))


def _minus(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


# Objectivity: the journal mark against the external result --------------------------------------------------


@dataclass(frozen=True)
class ExternalObjectivityRow:
    """One kind of test and subject: the students with both a result in the subject and an annual journal mark.

    results: results in the subject; compared: with a journal 5/4/3/2 too (no_journal_mark: without);
    confirmed/raised/lowered: the external mark equal to, higher or lower than the journal mark ("lowered": the
    journal mark is not confirmed); high: journal 4 or 5; high_below: of them, below the test's threshold;
    difference_sum: Σ (journal mark − external mark) over the students compared."""

    kind: str
    kind_label: str
    subject_id: int
    subject: str
    results: int
    compared: int
    confirmed: int
    raised: int
    lowered: int
    high: int
    high_below: int
    difference_sum: int

    @property
    def no_journal_mark(self) -> int:
        return self.results - self.compared

    def pct(self, verdict: str) -> float | None:
        return ratio(getattr(self, verdict), self.compared, 100)

    @property
    def high_below_pct(self) -> float | None:
        return ratio(self.high_below, self.high, 100)

    @property
    def mean_difference(self) -> float | None:
        return self.difference_sum / self.compared if self.compared else None

    @property
    def signal(self) -> str:
        """ "higher" (the journal looks higher than the external results), "lower", "agrees" or "too_few"."""
        if self.compared < DEFAULT_MIN_GROUP:
            return "too_few"
        share, difference = self.high_below_pct or 0, Fraction(self.difference_sum, self.compared)
        if share >= NOT_CONFIRMED_SIGNAL or difference >= DIFFERENCE_SIGNAL:
            return "higher"
        if difference <= -DIFFERENCE_SIGNAL:
            return "lower"
        return "agrees"

    @property
    def verdict(self) -> str:
        """The signal in plain words, in the active language."""
        return {
            "too_few": _("Too few students to judge (fewer than %(n)s compared).") % {"n": DEFAULT_MIN_GROUP},
            "higher": _("Journal marks are higher than the external results: check how the subject is marked."),
            "lower": _("External results are higher than the journal marks: the journal may underrate."),
            "agrees": _("Journal marks agree with the external results."),
        }[self.signal]

    def as_dict(self) -> dict:
        keys = ("kind", "subject_id", "subject", "results", "compared", "no_journal_mark", "confirmed", "raised",
                "lowered", "high", "high_below", "high_below_pct", "mean_difference", "signal")  # fmt: skip
        return {key: getattr(self, key) for key in keys} | {f"{v}_pct": self.pct(v) for v in VERDICTS}


VERDICTS = ("confirmed", "raised", "lowered")


@unscoped("the analysis engine: external results and marks under a unit whose figures were asked")
def external_objectivity(unit: OrgUnit, year: AcademicYear) -> list[ExternalObjectivityRow]:
    """Per kind and subject, the results of the unit's students in the year against their annual journal marks
    of that subject; only rows with a subject (a whole test examines no one subject). A fixed number of queries."""
    period = year_period(year)
    tests = {t.pk: t for t in ExternalTest.objects.filter(year=year, kind__in=KINDS)}
    if period is None or not tests:
        return []
    items = TestItems(tests.values())
    results = ExternalResult.objects.filter(test_id__in=tests, school__path__startswith=unit.path)
    found = []  # (kind, subject id, student id, over the threshold, external mark)
    for test_id, student_id, score, parts in results.values_list("test_id", "student_id", "score", "component_scores"):
        test = tests[test_id]
        for subject_id, value, over, _passed, maximum in items.of(test, score, parts, True):
            mark = derive_mark(value, maximum) if maximum else None
            found.append((test.kind, subject_id, student_id, over, mark))
    marks = PeriodMark.objects.filter(period=period, student_id__in={f[2] for f in found},
                                      subject_id__in={f[1] for f in found})  # fmt: skip
    journal = {(s, subj): v for s, subj, v in marks.values_list("student_id", "subject_id", "value")}
    tallies = defaultdict(lambda: dict.fromkeys(("results", "compared", *VERDICTS, "high", "high_below",
                                                 "difference_sum"), 0))  # fmt: skip
    for kind, subject_id, student_id, over, external_mark in found:
        tally = tallies[(kind, subject_id)]
        tally["results"] += 1
        mark = journal.get((student_id, subject_id))
        verdict = objectivity(external_mark, mark) if external_mark else None
        if verdict is None:
            continue
        tally["compared"] += 1
        tally[verdict] += 1
        tally["high"] += mark in HIGH_MARKS
        tally["high_below"] += mark in HIGH_MARKS and not over
        tally["difference_sum"] += int(mark) - int(external_mark)
    subjects = {s.pk: s.name for s in Subject.objects.filter(pk__in={s for _k, s in tallies})}
    labels = short_labels()
    order = {kind: i for i, kind in enumerate(KINDS)}
    rows = [ExternalObjectivityRow(kind=kind, kind_label=str(labels[kind]), subject_id=subject_id,
                                   subject=subjects.get(subject_id, ""), **tally)
            for (kind, subject_id), tally in tallies.items()]  # fmt: skip
    return sorted(rows, key=lambda r: (order[r.kind], r.subject))
