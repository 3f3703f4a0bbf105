"""Writes of administrative control works (seed 002): results validated as a whole batch, saved all or nothing.

A batch names its works by (class, subject, code) with the date and maximum score; works missing from the
database are created on the way, with their tasks when the entries give task maxima. A student's result in
a work is replaced by a new one; rows that repeat the stored result change nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.audit.registry import log_bulk
from sapat.core.querysets import unscoped
from sapat.structure.models import Enrolment, SchoolClass, Student, Subject

from .models import ControlResult, ControlTask, ControlWork, GradingScheme
from .schemes import round_half_up, scheme_for_class
from .services import BatchRefused

CONTROL_MARKS = ("5", "4", "3", "2")
# The scale schools use for a control work marked in points when no criteria-based scheme applies
# (KG, and KZ grades outside criteria assessment): lowest whole percent of the maximum for each mark,
# highest first. Criteria-based schools use their own scheme's thresholds instead (GradingScheme).
CONTROL_WORK_SCALE = ((85, "5"), (65, "4"), (40, "3"), (0, "2"))
# Largest value the score columns hold (max_digits=6, decimal_places=2).
SCORE_LIMIT = Decimal("9999.99")


@dataclass(frozen=True)
class ControlEntry:
    """One student's result in one control work; `row` is where it came from, for error messages.

    The work is named by class, subject and code; `written_on` and `max_score` describe it (and must agree
    with a work already stored). `task_scores` maps task numbers to points; `task_maxima` defines the
    tasks' maxima when the work does not have those tasks yet. An empty `mark` is derived from score/max.
    """

    student: Student
    school_class: SchoolClass
    subject: Subject
    code: str
    written_on: datetime.date
    score: Decimal | None = None
    max_score: Decimal | None = None
    mark: str = ""
    task_scores: dict = field(default_factory=dict)
    task_maxima: dict = field(default_factory=dict)
    row: int = 0

    @property
    def work_key(self) -> tuple[int, int, str]:
        return (self.school_class.pk, self.subject.pk, self.code)

    @property
    def key(self) -> tuple:
        return (*self.work_key, self.student.pk)


@dataclass
class ControlSaveReport:
    works_created: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class _Work:
    """What the batch knows of one work: the stored one (if any), its tasks, and what the rows say."""

    first: ControlEntry
    stored: ControlWork | None
    written_on: datetime.date
    max_score: Decimal | None
    tasks: dict = field(default_factory=dict)  # number -> maximum
    new_tasks: dict = field(default_factory=dict)


@dataclass
class _Resolved:
    """An entry after validation: its score and the mark, derived if the row left it empty."""

    entry: ControlEntry
    score: Decimal | None
    mark: str


@transaction.atomic
@unscoped(
    "a control-work service: its callers checked who may enter these results (journal.can_enter_control, an import)"
)
def control_results_save(*, entries: list[ControlEntry], actor=None, note: str = "") -> ControlSaveReport:
    """Validate every entry, then create the missing works and write every result; or write nothing."""
    works = _works_of(entries)
    resolved, errors = _validate(entries, works)
    if errors:
        raise BatchRefused(errors)
    report = ControlSaveReport()
    stored = _store_works(works, report)
    audit = _write_results(resolved, stored, report)
    log_bulk(audit, actor=actor, note=note)
    return report


# Validation --------------------------------------------------------------------------------------------


def _works_of(entries: list[ControlEntry]) -> dict:
    """The works the batch names, each described by its first row (later rows must agree with it)."""
    existing = _existing_works(entries)
    tasks = defaultdict(dict)
    for number, maximum, work_id in ControlTask.objects.filter(work__in=existing.values()).values_list(
        "number", "max_score", "work_id"
    ):
        tasks[work_id][number] = maximum
    works = {}
    for entry in entries:
        if entry.work_key not in works:
            stored = existing.get(entry.work_key)
            works[entry.work_key] = _Work(
                first=entry,
                stored=stored,
                written_on=stored.written_on if stored else entry.written_on,
                max_score=stored.max_score if stored and stored.max_score is not None else entry.max_score,
                tasks=dict(tasks[stored.pk]) if stored else {},
            )
    return works


def _existing_works(entries: list[ControlEntry]) -> dict:
    class_ids = {entry.school_class.pk for entry in entries}
    codes = {entry.code for entry in entries}
    rows = ControlWork.objects.filter(school_class_id__in=class_ids, code__in=codes)
    return {(w.school_class_id, w.subject_id, w.code): w for w in rows}


def _validate(entries: list[ControlEntry], works: dict) -> tuple[list[_Resolved], list[tuple[int, str]]]:
    enrolments, schemes = _enrolments_of(entries), {}
    resolved, errors, seen = [], [], {}
    for entry in entries:
        work = works[entry.work_key]
        message = _work_error(entry, work) or _entry_error(entry, work, enrolments)
        if not message:
            message, result = _resolve(entry, work, schemes)
            message = message or _duplicate_error(result, seen)
            if not message:
                resolved.append(result)
        if message:
            errors.append((entry.row, message))
    return resolved, errors


def _work_error(entry: ControlEntry, work: _Work) -> str | None:
    if not entry.code:
        return _("The control work has no code (e.g. h1).")
    if len(entry.code) > ControlWork._meta.get_field("code").max_length:
        return _("The code of the control work is too long: “%(code)s”.") % {"code": entry.code}
    if entry.written_on != work.written_on:
        return _("The control work %(code)s of class %(class)s was written on %(date)s, not on %(other)s.") % {
            "code": entry.code,
            "class": entry.school_class.name,
            "date": work.written_on.isoformat(),
            "other": entry.written_on.isoformat(),
        }
    if entry.max_score is not None and work.max_score is not None and entry.max_score != work.max_score:
        return _("The maximum score of the control work %(code)s is %(max)s, not %(other)s.") % {
            "code": entry.code,
            "max": _plain(work.max_score),
            "other": _plain(entry.max_score),
        }
    return _number_error(work.max_score, positive=True) or _tasks_definition_error(entry, work)


def _tasks_definition_error(entry: ControlEntry, work: _Work) -> str | None:
    for number, maximum in entry.task_maxima.items():
        known = work.tasks.get(number, work.new_tasks.get(number))
        if known is not None and known != maximum:
            return _("Task %(number)s of this control work has the maximum %(max)s, not %(other)s.") % {
                "number": number,
                "max": _plain(known),
                "other": _plain(maximum),
            }
        message = _number_error(maximum, positive=True)
        if message:
            return message
        if known is None:
            work.new_tasks[number] = maximum
    return None


def _entry_error(entry: ControlEntry, work: _Work, enrolments) -> str | None:
    year = entry.school_class.year
    if not year.starts_on <= entry.written_on <= year.ends_on:
        return _("The date %(date)s lies outside the academic year %(year)s.") % {
            "date": entry.written_on.isoformat(),
            "year": year.code,
        }
    if not _enrolled(entry, enrolments):
        return _("%(student)s is not on the list of class %(class)s on %(date)s.") % {
            "student": entry.student.full_name,
            "class": entry.school_class.name,
            "date": entry.written_on.isoformat(),
        }
    if entry.mark and entry.mark not in CONTROL_MARKS:
        return _("“%(value)s” is not a control-work mark: use 5, 4, 3 or 2.") % {"value": entry.mark}
    return _score_error(entry, work) or _task_scores_error(entry, work)


def _score_error(entry: ControlEntry, work: _Work) -> str | None:
    message = _number_error(entry.score)
    if message:
        return message
    if entry.score is not None and work.max_score is not None and entry.score > work.max_score:
        return _over_maximum(entry.score, work.max_score)
    return None


def _task_scores_error(entry: ControlEntry, work: _Work) -> str | None:
    for number, score in entry.task_scores.items():
        maximum = work.tasks.get(number, work.new_tasks.get(number))
        if maximum is None:
            return _("The control work has no task %(number)s.") % {"number": number}
        message = _number_error(score)
        if message:
            return message
        if score > maximum:
            return _("Task %(number)s: %(score)s is over its maximum %(max)s.") % {
                "number": number,
                "score": _plain(score),
                "max": _plain(maximum),
            }
    total = sum(entry.task_scores.values(), Decimal(0))
    if entry.task_scores and entry.score is not None and total != entry.score:
        return _("The task scores add up to %(total)s, not to the score %(score)s.") % {
            "total": _plain(total),
            "score": _plain(entry.score),
        }
    return None


def _number_error(value: Decimal | None, *, positive: bool = False) -> str | None:
    if value is None:
        return None
    if value < 0 or (positive and value == 0) or value > SCORE_LIMIT:
        return _("%(value)s is not a possible score.") % {"value": _plain(value)}
    if value != value.quantize(Decimal("0.01")):
        return _("Scores have at most two decimals: %(value)s.") % {"value": _plain(value)}
    return None


def _resolve(entry: ControlEntry, work: _Work, schemes: dict) -> tuple[str | None, _Resolved | None]:
    """The score (the sum of the tasks when only they are given) and the mark (derived when empty)."""
    score = entry.score
    if score is None and entry.task_scores:
        score = sum(entry.task_scores.values(), Decimal(0))
        if work.max_score is not None and score > work.max_score:
            return _over_maximum(score, work.max_score), None
    scheme = _scheme(entry.school_class, schemes)
    if scheme is not None and scheme.kind == GradingScheme.Kind.NO_MARKS:
        return _("Grade %(grade)s gets no marks under the grading scheme in force.") % {
            "grade": entry.school_class.grade
        }, None
    if entry.mark:
        return None, _Resolved(entry, score, entry.mark)
    if score is None or work.max_score is None:
        return _("Give the mark, or the score and the maximum score to derive it."), None
    return None, _Resolved(entry, score, derive_mark(score, work.max_score, scheme))


def _over_maximum(score: Decimal, maximum: Decimal) -> str:
    return _("The score %(score)s is over the maximum %(max)s.") % {"score": _plain(score), "max": _plain(maximum)}


def _scheme(school_class: SchoolClass, schemes: dict) -> GradingScheme | None:
    if school_class.pk not in schemes:
        schemes[school_class.pk] = scheme_for_class(school_class)
    return schemes[school_class.pk]


def derive_mark(score: Decimal, max_score: Decimal, scheme: GradingScheme | None = None) -> str:
    """The mark for score/max: by a criteria-based scheme's thresholds, else by CONTROL_WORK_SCALE.

    As in `schemes.mark_for_percent`, the percent is rounded half-up to a whole number first (84.5 % → 5).
    """
    scale = CONTROL_WORK_SCALE
    if scheme is not None and scheme.kind == GradingScheme.Kind.CRITERIA and scheme.thresholds:
        scale = tuple((low, str(mark)) for low, mark in scheme.thresholds)
    whole = round_half_up(Decimal(score) * 100 / Decimal(max_score), "1")
    return next((mark for low, mark in scale if whole >= low), scale[-1][1])


def _duplicate_error(result: _Resolved, seen: dict) -> str | None:
    first = seen.setdefault(result.entry.key, result)
    if first is not result and _values(first) != _values(result):
        return _("The same student already has another result in this control work in row %(row)s.") % {
            "row": first.entry.row
        }
    return None


def _enrolments_of(entries: list[ControlEntry]):
    spans = defaultdict(list)
    rows = Enrolment.objects.filter(school_class_id__in={e.school_class.pk for e in entries}).values_list(
        "student_id", "school_class_id", "starts_on", "ends_on"
    )
    for student_id, class_id, starts_on, ends_on in rows:
        spans[(student_id, class_id)].append((starts_on, ends_on))
    return spans


def _enrolled(entry: ControlEntry, enrolments) -> bool:
    on = entry.written_on
    return any(
        starts_on <= on and (ends_on is None or ends_on >= on)
        for starts_on, ends_on in enrolments.get((entry.student.pk, entry.school_class.pk), ())
    )


# Writing -----------------------------------------------------------------------------------------------


def _store_works(works: dict, report: ControlSaveReport) -> dict:
    """Create the works and tasks the batch names but the database lacks; fill in a missing maximum."""
    for work in works.values():
        if work.stored is None:
            work.stored = _new_work(work)
            report.works_created += 1
        elif work.stored.max_score is None and work.max_score is not None:
            work.stored.max_score = work.max_score
            work.stored.save(update_fields=["max_score"])
        for number, maximum in sorted(work.new_tasks.items()):
            ControlTask.objects.create(work=work.stored, number=number, max_score=maximum)
    return {key: work.stored for key, work in works.items()}


def _new_work(work: _Work) -> ControlWork:
    first = work.first
    kind = first.code if first.code in ControlWork.Kind.values else ControlWork.Kind.OTHER
    stored = ControlWork(
        school_class=first.school_class,
        subject=first.subject,
        code=first.code,
        kind=kind,
        written_on=work.written_on,
        max_score=work.max_score,
    )
    stored.save()  # the work is audited by django-auditlog's signals
    return stored


def _write_results(resolved: list[_Resolved], works: dict, report: ControlSaveReport) -> list:
    unique = {result.entry.key: result for result in resolved}
    existing = {
        (r.work_id, r.student_id): r
        for r in ControlResult.objects.filter(work__in=works.values(), student_id__in={k[3] for k in unique})
    }
    created, changed, audit = [], [], []
    for key, result in unique.items():
        work, values = works[key[:3]], _values(result)
        current = existing.get((work.pk, key[3]))
        if current is None:
            created.append(ControlResult(work=work, student=result.entry.student, **values))
        elif _values_of(current) != values:
            audit.append((current, LogEntry.Action.UPDATE, _changes(_values_of(current), values)))
            current.score, current.task_scores, current.mark = values["score"], values["task_scores"], values["mark"]
            changed.append(current)
        else:
            report.unchanged += 1
    ControlResult.objects.bulk_create(created, batch_size=2000)
    ControlResult.objects.bulk_update(changed, ["score", "task_scores", "mark"], batch_size=2000)
    audit += [(r, LogEntry.Action.CREATE, _changes(_NOTHING, _values_of(r))) for r in created]
    report.created, report.changed = len(created), len(changed)
    return audit


_NOTHING = {"score": None, "task_scores": {}, "mark": ""}


def _values(result: _Resolved) -> dict:
    """The stored form of a result: task scores as plain JSON numbers keyed by the task number."""
    tasks = {str(number): _json_number(score) for number, score in sorted(result.entry.task_scores.items())}
    return {"score": result.score, "task_scores": tasks, "mark": result.mark}


def _values_of(result: ControlResult) -> dict:
    tasks = {str(number): _json_number(Decimal(str(score))) for number, score in result.task_scores.items()}
    return {"score": result.score, "task_scores": tasks, "mark": result.mark}


def _changes(before: dict, after: dict) -> dict:
    """Field-level [old, new] pairs for the audit log (scores written as people write them)."""
    changes = {}
    for name in ("score", "task_scores", "mark"):
        old, new = before[name], after[name]
        if old != new:
            changes[name] = [_plain(old), _plain(new)] if name == "score" else [old, new]
    return changes


def _json_number(value: Decimal) -> int | float:
    """Task scores are kept in JSON as plain numbers: 3, or 2.5."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _plain(value: Decimal | None) -> str | None:
    """A score as people write it: 17, 17.5 (no trailing zeros)."""
    if value is None:
        return None
    value = Decimal(value)
    return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())
