"""Writes of external test results (ОРТ/ЖРТ, ЕНТ/ҰБТ, МОДО): validated as a whole batch, saved all or nothing.

A batch names its tests by code; a test missing from the database is created from the first row naming it
(kind, date, maximum, threshold, subject), with the usual components of its kind when there are any (ЕНТ/ҰБТ)
and, when no threshold is given, the usual threshold of its country, kind and part in force on its date
(`thresholds.json`, `usual_threshold`). A student's result in a test is replaced by a new one; rows that
repeat the stored result change nothing.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.audit.registry import log_bulk
from sapat.structure.models import AcademicYear, Enrolment, SchoolClass, Student, Subject

from .models import ExternalResult, ExternalTest
from .services import BatchRefused

# ЕНТ/ҰБТ (GLOSSARY.md, "Kazakhstan external assessments"): maximum 140 = mathematical literacy 10
# (threshold 3) + reading literacy 10 (3) + history of Kazakhstan 20 (5) + two profile subjects 50 (5) each.
# Used for a new ЕНТ test when no components are given; the overall threshold varies by year and programme,
# so it always comes from the data.
ENT_COMPONENTS = (
    {"code": "math_literacy", "max": 10, "threshold": 3},
    {"code": "reading_literacy", "max": 10, "threshold": 3},
    {"code": "history_kz", "max": 20, "threshold": 5},
    {"code": "profile1", "max": 50, "threshold": 5},
    {"code": "profile2", "max": 50, "threshold": 5},
)
ENT_MAX = Decimal(140)
# ОРТ/ЖРТ main test (GLOSSARY.md, "Kyrgyzstan"): scored up to about 245; the default maximum of a new ОРТ
# main test whose maximum is not given. Thresholds are configuration: thresholds.json.
ORT_MAX = Decimal(245)
KIND_DEFAULTS = {
    ExternalTest.Kind.ENT: {"max_score": ENT_MAX, "components": ENT_COMPONENTS},
    ExternalTest.Kind.ORT: {"max_score": ORT_MAX, "components": ()},
}
THRESHOLDS_FILE = Path(__file__).with_name("thresholds.json")


@cache
def _thresholds() -> tuple[dict, ...]:
    rows = json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))["thresholds"]
    return tuple({**row, "effective_from": datetime.date.fromisoformat(row["effective_from"])} for row in rows)


def usual_threshold(country: str, kind: str, *, subject_test: bool, on: datetime.date) -> Decimal | None:
    """The threshold configured for a test of this country and kind (`main`: a whole test; `subject`: a subject
    test) in force on the day: the row with the latest `effective_from` not after it; None when none is."""
    part = "subject" if subject_test else "main"
    key = (country, kind, part)
    found = [
        row
        for row in _thresholds()
        if (row["country"], row["kind"], row["part"]) == key and row["effective_from"] <= on
    ]
    if not found:
        return None
    return Decimal(str(max(found, key=lambda row: row["effective_from"])["threshold"]))


SCORE_LIMIT = Decimal("99999.9")  # max_digits=6, decimal_places=1


@dataclass(frozen=True)
class ExternalEntry:
    """One student's result in one external test; `row` is where it came from, for error messages.

    The test is named by its code; kind, date, maximum and threshold describe it (they create a new test and
    must agree with a stored one; empty ones take the stored or the kind's usual values). `school_class`, when
    given, must have had the student on its list during the academic year.
    """

    student: Student
    year: AcademicYear
    test: str
    score: Decimal | None
    held_on: datetime.date | None = None
    kind: str = ""
    max_score: Decimal | None = None
    threshold: Decimal | None = None
    components: tuple | None = None
    component_scores: dict = field(default_factory=dict)
    school_class: SchoolClass | None = None
    subject: Subject | None = None
    row: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.test, self.student.pk)


@dataclass
class ExternalSaveReport:
    tests_created: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@transaction.atomic
def external_results_save(*, entries: list[ExternalEntry], actor=None, note: str = "") -> ExternalSaveReport:
    """Validate every entry, then create the missing tests and write every result; or write nothing."""
    tests, problems = _tests_of(entries)
    enrolments = _enrolments_of(entries)
    errors, seen = [], {}
    for entry in entries:
        test = tests[entry.test]
        message = (
            problems[entry.test]
            or _disagreement(entry, test)
            or _entry_error(entry, test, enrolments)
            or _duplicate_error(entry, seen)
        )
        if message:
            errors.append((entry.row, message))
    if errors:
        raise BatchRefused(errors)
    report = ExternalSaveReport()
    audit = _write(list(seen.values()), _store_tests(tests, report), report)
    log_bulk(audit, actor=actor, note=note)
    return report


# Tests -------------------------------------------------------------------------------------------------


def _tests_of(entries: list[ExternalEntry]) -> tuple[dict, dict]:
    """The stored or new test of each code (a new one described by the first row naming it) and, for each
    code, what makes the test unusable (None when nothing does)."""
    stored = {
        t.code: t for t in ExternalTest.objects.filter(code__in={e.test for e in entries}).select_related("subject")
    }
    tests, problems = {}, {}
    for entry in entries:
        if entry.test not in tests:
            tests[entry.test] = stored.get(entry.test) or _new_test(entry)
            problems[entry.test] = _unusable(tests[entry.test])
    return tests, problems


def _new_test(entry: ExternalEntry) -> ExternalTest:
    defaults = KIND_DEFAULTS.get(entry.kind, {})
    subject_test = entry.subject is not None
    components = entry.components if entry.components is not None else defaults.get("components", ())
    threshold = entry.threshold
    if threshold is None and entry.held_on is not None:
        threshold = usual_threshold(entry.year.country, entry.kind, subject_test=subject_test, on=entry.held_on)
    return ExternalTest(
        code=entry.test,
        kind=entry.kind,
        year=entry.year,
        held_on=entry.held_on,
        subject=entry.subject,
        max_score=entry.max_score
        if entry.max_score is not None
        else (None if subject_test else defaults.get("max_score")),
        threshold=threshold,
        components=[] if subject_test and entry.components is None else [dict(part) for part in components],
    )


def _unusable(test: ExternalTest) -> str | None:
    """What keeps a new test from being created: no kind, date, maximum or threshold, or a bad value."""
    if test.pk is not None:
        return None
    if not test.code:
        return _("Give the code of the test.")
    if test.kind not in ExternalTest.Kind.values:
        return _("“%(kind)s” is not a kind of test: use ort, ent, modo or other.") % {"kind": test.kind}
    if test.held_on is None:
        return _("Give the date of the test.")
    if test.max_score is None or test.threshold is None:
        return _("Give the maximum score and the threshold of the test.")
    if not 0 < test.max_score <= SCORE_LIMIT or not 0 <= test.threshold <= test.max_score:
        return _("The threshold must lie between 0 and the maximum score.")
    try:
        test.full_clean(validate_unique=False)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _disagreement(entry: ExternalEntry, test: ExternalTest) -> str | None:
    """A row must describe its test as the test is (empty cells take the test's values)."""
    if entry.year.pk != test.year_id:
        return _("The test %(code)s belongs to the academic year %(year)s.") % {"code": test.code, "year": test.year}
    described = (
        (_("kind"), entry.kind, test.kind),
        (_("date"), entry.held_on, test.held_on),
        (_("maximum score"), entry.max_score, test.max_score),
        (_("threshold"), entry.threshold, test.threshold),
        (_("subject"), entry.subject.code if entry.subject else None, test.subject.code if test.subject else None),
    )
    for name, given, known in described:
        if given not in (None, "") and given != known:
            return _("The test %(code)s has %(name)s %(known)s, not %(given)s.") % {
                "code": test.code,
                "name": name,
                "known": known,
                "given": given,
            }
    return None


def _store_tests(tests: dict, report: ExternalSaveReport) -> dict:
    for test in tests.values():
        if test.pk is None:
            test.save()  # the test is audited by django-auditlog's signals
            report.tests_created += 1
    return tests


# Results -----------------------------------------------------------------------------------------------


def _entry_error(entry: ExternalEntry, test: ExternalTest, enrolments) -> str | None:
    if entry.score is None:
        return _("Give the score.")
    if entry.score < 0 or entry.score > test.max_score:
        return _("The score %(score)s is outside 0–%(max)s.") % {"score": entry.score, "max": test.max_score}
    if entry.score != entry.score.quantize(Decimal("0.1")):
        return _("Scores have at most one decimal: %(value)s.") % {"value": entry.score}
    if entry.school_class is not None and (entry.student.pk, entry.school_class.pk) not in enrolments:
        return _("%(student)s is not on the list of class %(class)s in %(year)s.") % {
            "student": entry.student.full_name,
            "class": entry.school_class.name,
            "year": entry.school_class.year.code,
        }
    return _components_error(entry, test)


def _components_error(entry: ExternalEntry, test: ExternalTest) -> str | None:
    defined = {part["code"]: part for part in test.components}
    for code, score in entry.component_scores.items():
        part = defined.get(code)
        if defined and part is None:
            return _("The test %(test)s has no component “%(code)s”.") % {"test": test.code, "code": code}
        if score < 0 or (part and "max" in part and score > Decimal(str(part["max"]))):
            return _("The score %(score)s of “%(code)s” is outside its range.") % {"score": score, "code": code}
    given = [entry.component_scores.get(code) for code in defined]
    if defined and None not in given and sum(given, Decimal(0)) != entry.score:
        return _("The components add up to %(total)s, not to the score %(score)s.") % {
            "total": sum(given, Decimal(0)),
            "score": entry.score,
        }
    return None


def _duplicate_error(entry: ExternalEntry, seen: dict) -> str | None:
    first = seen.setdefault(entry.key, entry)
    if first is not entry and _values(first) != _values(entry):
        return _("The same student already has another result in this test in row %(row)s.") % {"row": first.row}
    return None


def _enrolments_of(entries: list[ExternalEntry]) -> set:
    """(student, class) pairs of the classes named: a test taken after the year ended still counts."""
    class_ids = {entry.school_class.pk for entry in entries if entry.school_class is not None}
    return set(Enrolment.objects.filter(school_class_id__in=class_ids).values_list("student_id", "school_class_id"))


def _write(entries: list[ExternalEntry], tests: dict, report: ExternalSaveReport) -> list:
    existing = defaultdict(dict)
    students = {entry.student.pk for entry in entries}
    for result in ExternalResult.objects.filter(test__in=tests.values(), student_id__in=students):
        existing[result.test_id][result.student_id] = result
    created, changed, audit = [], [], []
    for entry in entries:
        test, values = tests[entry.test], _values(entry)
        current = existing[test.pk].get(entry.student.pk)
        if current is None:
            school_id = entry.student.school_id
            created.append(ExternalResult(test=test, student=entry.student, school_id=school_id, **values))
        elif _values_of(current) != values:
            audit.append((current, LogEntry.Action.UPDATE, _changes(_values_of(current), values)))
            current.score, current.component_scores = values["score"], values["component_scores"]
            changed.append(current)
        else:
            report.unchanged += 1
    ExternalResult.objects.bulk_create(created, batch_size=2000)
    ExternalResult.objects.bulk_update(changed, ["score", "component_scores"], batch_size=2000)
    empty = {"score": None, "component_scores": {}}
    audit += [(r, LogEntry.Action.CREATE, _changes(empty, _values_of(r))) for r in created]
    report.created, report.changed = len(created), len(changed)
    return audit


def _values(entry: ExternalEntry) -> dict:
    parts = {code: _json_number(score) for code, score in sorted(entry.component_scores.items())}
    return {"score": entry.score, "component_scores": parts}


def _values_of(result: ExternalResult) -> dict:
    parts = {code: _json_number(Decimal(str(score))) for code, score in result.component_scores.items()}
    return {"score": Decimal(result.score), "component_scores": parts}


def _changes(before: dict, after: dict) -> dict:
    changes = {}
    for name in ("score", "component_scores"):
        old, new = before[name], after[name]
        if old != new:
            changes[name] = [str(old) if old is not None else None, str(new)] if name == "score" else [old, new]
    return changes


def _json_number(value: Decimal) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)
