"""KZ criteria-based scores (ФО, СОр, СОч) and the marks derived from them (GLOSSARY.md, "Kazakhstan").

`scores_save` is the one way scores are written. The whole batch is validated first; then each (student,
subject, period, kind) given gets exactly the scores of the batch, numbered 1..n in the order given, so
loading the same file twice changes nothing. The period mark of each touched (student, subject, period) is
derived by the class's grading scheme and written through `period_marks_save`, so summaries and the audit
follow as for any mark; so is the year mark once every quarter (or, for a subject taught one hour a week,
both half-years) has a mark.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.audit.registry import log_bulk
from sapat.core.querysets import unscoped
from sapat.structure.models import Period, SchoolClass, SubjectGrade

from .models import GradingScheme, PeriodMark, Score
from .schemes import mark_for_percent, quarter_percent, scheme_for_class, year_mark
from .services import (
    BatchRefused,
    MarkEntry,
    Placed,
    SaveReport,
    enrolments_of,
    period_marks_save,
    placement_error,
    scheme_error,
)

KINDS = (Score.Kind.FO, Score.Kind.SOR, Score.Kind.SOCH)
FO_MAX = Decimal(10)
CENT = Decimal("0.01")
LIMIT = Decimal(10000)  # Score.score and max_score hold six digits, two of them decimals
# The terms whose marks make the year mark: quarters, or half-years for subjects taught one hour a week.
TERMS = {Period.Kind.QUARTER: ("q1", "q2", "q3", "q4"), Period.Kind.HALF_YEAR: ("h1", "h2")}


@dataclass(frozen=True)
class ScoreEntry(Placed):
    """One score to write; `row` is where it came from (a file line, a grid cell) for error messages."""

    kind: str
    score: Decimal
    max_score: Decimal
    row: int = 0

    @property
    def key(self) -> tuple[int, int, int, str]:
        return (*self.mark_key, self.kind)


@dataclass
class ScoresReport:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    marks: SaveReport = field(default_factory=SaveReport)


@transaction.atomic
@unscoped("a score service: its callers checked who may enter these scores (journal.can_enter_marks, an import)")
def scores_save(*, entries: list[ScoreEntry], actor=None, note: str = "") -> ScoresReport:
    """Validate every entry, write the scores and the marks derived from them; or write nothing."""
    rules = _Rules(entries)
    errors = _validate(entries, rules)
    if errors:
        raise BatchRefused(errors)
    report, audit = _write(entries)
    log_bulk(audit, actor=actor, note=note)
    report.marks = period_marks_save(entries=_derived_marks(entries, rules), actor=actor, note=note)
    return report


# Validation


class _Rules:
    """The grading scheme of each class and the weekly hours of each subject, looked up once per batch."""

    def __init__(self, entries: list[ScoreEntry]):
        self.schemes: dict[int, GradingScheme | None] = {}
        self.class_errors: dict[int, str | None] = {}
        self.hours = _weekly_hours(entries)

    def scheme(self, school_class: SchoolClass) -> GradingScheme | None:
        if school_class.pk not in self.schemes:
            self.schemes[school_class.pk] = scheme_for_class(school_class)
        return self.schemes[school_class.pk]

    def error(self, entry: ScoreEntry) -> str | None:
        if entry.school_class.pk not in self.class_errors:
            self.class_errors[entry.school_class.pk] = self._criteria_error(entry.school_class)
        return self.class_errors[entry.school_class.pk] or self._period_error(entry)

    def _criteria_error(self, school_class: SchoolClass) -> str | None:
        scheme = self.scheme(school_class)
        if scheme is not None and scheme.kind == GradingScheme.Kind.CRITERIA:
            return None
        return scheme_error(school_class) or _(
            "Class %(class)s is not assessed by criteria (ФО, СОр, СОч) under the grading scheme in force: "
            "enter its marks instead."
        ) % {"class": school_class.name}

    def _period_error(self, entry: ScoreEntry) -> str | None:
        if entry.period.kind not in TERMS:
            return _(
                "Scores are given for a quarter, or for a half-year in a subject taught one hour a week; "
                "not for the period %(period)s."
            ) % {"period": entry.period.label}
        hours = self.hours.get((entry.subject.pk, entry.school_class.school.country, entry.school_class.grade))
        if hours is None:
            return None  # the curriculum is not loaded: trust the file
        names = {"subject": entry.subject.name, "grade": entry.school_class.grade}
        if hours <= 1 and entry.period.kind == Period.Kind.QUARTER:
            return _("%(subject)s is taught one hour a week in grade %(grade)s: give its scores by half-year.") % names
        if hours > 1 and entry.period.kind == Period.Kind.HALF_YEAR:
            return _("%(subject)s has over one hour a week in grade %(grade)s: give its scores by quarter.") % names
        return None


def _weekly_hours(entries: list[ScoreEntry]) -> dict:
    subjects = {entry.subject.pk for entry in entries}
    grades = {entry.school_class.grade for entry in entries}
    rows = SubjectGrade.objects.filter(subject_id__in=subjects, grade__in=grades)
    return {(r.subject_id, r.country, r.grade): r.hours_per_week for r in rows}


def _validate(entries: list[ScoreEntry], rules: _Rules) -> list[tuple[int, str]]:
    enrolments = enrolments_of(entries)
    errors, first_soch = [], {}
    for entry in entries:
        message = (
            _score_error(entry)
            or placement_error(entry, enrolments)
            or rules.error(entry)
            or _second_soch(entry, first_soch)
        )
        if message:
            errors.append((entry.row, message))
    return errors


def _score_error(entry: ScoreEntry) -> str | None:
    if entry.kind not in KINDS:
        return _("“%(kind)s” is not a kind of score: use fo (ФО), sor (СОр) or soch (СОч).") % {"kind": entry.kind}
    score, maximum = entry.score, entry.max_score
    if not (_storable(score) and _storable(maximum)):
        return _("Write a score and its maximum as numbers below 10000 with at most two decimals.")
    if maximum <= 0:
        return _("The maximum score must be above 0.")
    if entry.kind == Score.Kind.FO and (maximum != FO_MAX or score != int(score) or not 1 <= score <= FO_MAX):
        return _("ФО is given on a 1–10 scale: the maximum is 10 and the score a whole number from 1 to 10.")
    if score < 0:
        return _("A score cannot be below 0.")
    if score > maximum:
        return _("The score %(score)s is above the maximum %(max)s.") % {"score": score, "max": maximum}
    return None


def _storable(number) -> bool:
    return (
        isinstance(number, Decimal) and number.is_finite() and abs(number) < LIMIT and number == number.quantize(CENT)
    )


def _second_soch(entry: ScoreEntry, first: dict) -> str | None:
    if entry.kind != Score.Kind.SOCH:
        return None
    earlier = first.setdefault(entry.mark_key, entry)
    if earlier is entry:
        return None
    return _("Only one СОч is held in a period: this student already has one in this subject in row %(row)s.") % {
        "row": earlier.row
    }


# Writing the scores


@dataclass
class _Changes:
    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    audit: list = field(default_factory=list)
    unchanged: int = 0

    def replace(self, group: list[ScoreEntry], old: dict[int, Score]) -> None:
        """The scores of one (student, subject, period, kind) become exactly `group`, numbered 1..n."""
        for number, entry in enumerate(group, start=1):
            score = old.pop(number, None)
            if score is None:
                self.created.append(_new_score(entry, number))
            elif _differs(score, entry):
                self.audit.append((score, LogEntry.Action.UPDATE, _difference(score, entry)))
                score.score, score.max_score = entry.score, entry.max_score
                score.school_class_id = entry.school_class.pk
                self.changed.append(score)
            else:
                self.unchanged += 1
        self.removed += old.values()


def _write(entries: list[ScoreEntry]) -> tuple[ScoresReport, list]:
    wanted = defaultdict(list)
    for entry in entries:
        wanted[entry.key].append(entry)
    existing = _existing_scores(wanted)
    changes = _Changes()
    for key, group in wanted.items():
        changes.replace(group, existing.get(key, {}))
    audit = changes.audit + [(s, LogEntry.Action.DELETE, {"score": [str(s.score), None]}) for s in changes.removed]
    Score.objects.filter(pk__in=[score.pk for score in changes.removed]).delete()
    Score.objects.bulk_create(changes.created, batch_size=2000)
    Score.objects.bulk_update(changes.changed, ["score", "max_score", "school_class"], batch_size=2000)
    audit += [(s, LogEntry.Action.CREATE, {"score": [None, str(s.score)]}) for s in changes.created]
    report = ScoresReport(len(changes.created), len(changes.changed), len(changes.removed), changes.unchanged)
    return report, audit


def _existing_scores(wanted: dict) -> dict[tuple, dict[int, Score]]:
    rows = Score.objects.filter(
        student_id__in={key[0] for key in wanted},
        subject_id__in={key[1] for key in wanted},
        period_id__in={key[2] for key in wanted},
    ).select_related("student", "subject", "period")
    found = defaultdict(dict)
    for score in rows:
        key = (score.student_id, score.subject_id, score.period_id, score.kind)
        if key in wanted:
            found[key][score.number] = score
    return found


def _differs(score: Score, entry: ScoreEntry) -> bool:
    old = (score.score, score.max_score, score.school_class_id)
    return old != (entry.score, entry.max_score, entry.school_class.pk)


def _difference(score: Score, entry: ScoreEntry) -> dict:
    return {
        "score": [str(score.score), str(entry.score)],
        "max_score": [str(score.max_score), str(entry.max_score)],
    }


def _new_score(entry: ScoreEntry, number: int) -> Score:
    school_class = entry.school_class
    return Score(
        student=entry.student,
        school_class=school_class,
        subject=entry.subject,
        period=entry.period,
        school_id=school_class.school_id,
        year_id=school_class.year_id,
        kind=entry.kind,
        number=number,
        score=entry.score,
        max_score=entry.max_score,
    )


# Deriving the marks


def _derived_marks(entries: list[ScoreEntry], rules: _Rules) -> list[MarkEntry]:
    """The term mark of each touched (student, subject, period) from all its scores, then the year marks."""
    sources: dict[tuple, ScoreEntry] = {}
    for entry in entries:
        sources.setdefault(entry.mark_key, entry)
    scores = _scores_by_kind(sources)
    terms = [_term_mark(entry, scores[key], rules.scheme(entry.school_class)) for key, entry in sources.items()]
    terms = [mark for mark in terms if mark is not None]
    return terms + _year_marks(terms)


def _scores_by_kind(sources: dict) -> dict[tuple, dict[str, list]]:
    rows = Score.objects.filter(
        student_id__in={key[0] for key in sources},
        subject_id__in={key[1] for key in sources},
        period_id__in={key[2] for key in sources},
    ).values_list("student_id", "subject_id", "period_id", "kind", "score", "max_score")
    found = defaultdict(lambda: defaultdict(list))
    for student_id, subject_id, period_id, kind, score, max_score in rows:
        found[(student_id, subject_id, period_id)][kind].append((score, max_score))
    return found


def _term_mark(entry: ScoreEntry, by_kind: dict, scheme: GradingScheme) -> MarkEntry | None:
    percent = quarter_percent(scheme, *(by_kind.get(kind, []) for kind in KINDS))
    if percent is None:
        return None  # only kinds the scheme does not weigh (ФО before 2020)
    value = mark_for_percent(scheme, percent)
    return MarkEntry(entry.student, entry.school_class, entry.subject, entry.period, value, entry.row, derived=True)


def _year_marks(terms: list[MarkEntry]) -> list[MarkEntry]:
    """A year mark for each (student, subject, year) touched whose every term has a numeric mark."""
    latest: dict[tuple, MarkEntry] = {}
    for mark in terms:
        key = (mark.student.pk, mark.subject.pk, mark.period.year_id, mark.period.kind)
        if key not in latest or mark.period.ends_on > latest[key].period.ends_on:
            latest[key] = mark
    periods = {(p.year_id, p.code): p for p in Period.objects.filter(year_id__in={key[2] for key in latest})}
    known = _known_marks(latest, periods, terms)
    years = [_year_mark(key, mark, periods, known) for key, mark in latest.items()]
    return [mark for mark in years if mark is not None]


def _known_marks(latest: dict, periods: dict, terms: list[MarkEntry]) -> dict[tuple, str]:
    rows = PeriodMark.objects.filter(
        student_id__in={key[0] for key in latest},
        subject_id__in={key[1] for key in latest},
        period_id__in=[p.pk for (_, code), p in periods.items() if code != "year"],
    ).values_list("student_id", "subject_id", "period_id", "value")
    known = {(student_id, subject_id, period_id): value for student_id, subject_id, period_id, value in rows}
    known.update({mark.key: mark.value for mark in terms})  # what this batch derives replaces what was there
    return known


def _year_mark(key: tuple, mark: MarkEntry, periods: dict, known: dict) -> MarkEntry | None:
    student_id, subject_id, year_id, kind = key
    year = periods.get((year_id, "year"))
    terms = [periods.get((year_id, code)) for code in TERMS[kind]]
    if year is None or None in terms:
        return None
    value = year_mark([known.get((student_id, subject_id, term.pk)) for term in terms])
    if value is None:
        return None
    return MarkEntry(mark.student, mark.school_class, mark.subject, year, value, mark.row, derived=True)
