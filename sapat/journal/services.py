"""Writes of the journal: closing and reopening periods, and the entry grids' saves.

Marks, scores and control results are written only through the assessment services (period_mark_set /
period_mark_clear / period_marks_save, scores_save, control_results_save), which validate, refresh the
summaries and audit; the functions here turn what people typed into their entries.
"""

import contextlib
import datetime
from dataclasses import dataclass
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.assessment.control import ControlEntry, ControlSaveReport, control_results_save
from sapat.assessment.models import ControlTask, ControlWork, Score
from sapat.assessment.scores import ScoreEntry, scores_save
from sapat.assessment.services import (
    BatchRefused,
    MarkEntry,
    period_mark_clear,
    period_mark_set,
    period_marks_clear,
    period_marks_save,
)
from sapat.audit.registry import log_bulk
from sapat.core.querysets import unscoped
from sapat.core.services import validated_save

from .forms import parse_mark, parse_number
from .models import PeriodLock
from .selectors import SCORE_CELLS, can_close_periods, marks_of


@contextlib.contextmanager
def _audited(actor, *changes_of, note: str = ""):
    """Save inside without django-auditlog's signals, then record the changes with the actor given: a nested
    `set_actor` would lose the request's actor, and a service called from a command has no request at all.
    changes_of: callables run after the block, each returning (object, action, {field: [old, new]})."""
    from auditlog.context import disable_auditlog

    with disable_auditlog():
        yield
    log_bulk([change() for change in changes_of], actor=actor, note=note)


# Closing and reopening periods -------------------------------------------------------------------------


@transaction.atomic
def period_close(*, school, period, actor) -> PeriodLock:
    """Close a period at one school: from now on no mark or score of the period changes there."""
    if not can_close_periods(actor, school):
        raise ValidationError(_("Only the school's director or deputy director for academic work closes periods."))
    if period.year.country != school.country:
        raise ValidationError(_("The period belongs to another country's calendar."))
    if PeriodLock.objects.closed().filter(school=school, period=period).exists():
        raise ValidationError(_("The period %(period)s is already closed.") % {"period": period.label})
    lock = PeriodLock(school=school, period=period, locked_by=actor, locked_at=timezone.now())
    created = {"locked_at": [None, lock.locked_at.isoformat()], "locked_by": [None, str(actor)]}
    try:
        with transaction.atomic(), _audited(actor, lambda: (lock, LogEntry.Action.CREATE, created)):
            return validated_save(lock)
    except IntegrityError:  # closed at the same moment by someone else
        raise ValidationError(_("The period %(period)s is already closed.") % {"period": period.label}) from None


@transaction.atomic
@unscoped("the lock of a school whose director or deputy reopens it (can_close_periods)")
def period_reopen(*, school, period, actor, reason: str) -> PeriodLock:
    """Reopen a closed period; the reason is kept on the lock and in the audit trail."""
    if not can_close_periods(actor, school):
        raise ValidationError(_("Only the school's director or deputy director for academic work reopens periods."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the period is reopened.")})
    lock = PeriodLock.objects.closed().select_for_update().filter(school=school, period=period).first()
    if lock is None:
        raise ValidationError(_("The period %(period)s is not closed.") % {"period": period.label})
    lock.reopened_by, lock.reopened_at, lock.reason = actor, timezone.now(), reason
    changed = {
        "reopened_at": [None, lock.reopened_at.isoformat()],
        "reopened_by": [None, str(actor)],
        "reason": ["", reason],
    }
    with _audited(actor, lambda: (lock, LogEntry.Action.UPDATE, changed), note=reason):
        return validated_save(lock, update_fields=["reopened_by", "reopened_at", "reason"])


# Period marks: one cell, or the whole table --------------------------------------------------------------


def cell_save(*, school_class, subject, student, period, text: str, actor=None) -> tuple[str, dict | None]:
    """Save what was typed in one cell (empty clears it), or raise BatchRefused with the write path's own
    message. Returns the stored value and the counts of the class's marks in the subject and period after the
    save (None when the save changed nothing, so that the summaries were not touched)."""
    value = parse_mark(text)
    where = {"student": student, "school_class": school_class, "subject": subject, "period": period}
    if value == "":
        report = period_mark_clear(**where, actor=actor)
    else:
        report = period_mark_set(**where, value=value, actor=actor)
    return value, report.counts.get((school_class.pk, period.pk, subject.pk))


class GridRefused(ValidationError):
    """A table of marks with bad cells; `cells` maps (student id, period id) to the message. Nothing was saved."""

    def __init__(self, cells: dict[tuple[int, int], str]):
        self.cells = cells
        super().__init__(list(cells.values()))


@dataclass
class GridReport:
    saved: int = 0
    cleared: int = 0


@transaction.atomic
def grid_save(*, school_class, subject, typed: dict, actor=None) -> GridReport:
    """Save a whole table posted without JavaScript: typed maps (student, period) to the text of each cell.
    Only cells that differ from what is stored are written; all of them or none."""
    stored = marks_of(school_class, subject, list({period for _, period in typed}))
    keys, sets, clears, unread = [], [], [], {}
    for (student, period), text in typed.items():
        try:
            value = parse_mark(text)
        except ValidationError as error:
            unread[(student.pk, period.pk)] = error.messages[0]
            continue
        if value == stored.get((student.pk, period.pk), ""):
            continue
        keys.append((student.pk, period.pk))
        entry = MarkEntry(student, school_class, subject, period, value, row=len(keys))
        (clears if value == "" else sets).append(entry)
    errors = []
    for write, entries in ((period_marks_save, sets), (period_marks_clear, clears)):
        try:
            if entries:
                write(entries=entries, actor=actor)
        except BatchRefused as refused:
            errors += refused.errors
    if errors or unread:
        transaction.set_rollback(True)
        raise GridRefused(unread | {keys[row - 1]: message for row, message in errors})
    return GridReport(saved=len(sets), cleared=len(clears))


# KZ criteria scores: the ФО/СОр/СОч grid of a period -----------------------------------------------------

# Row numbers given to the write path encode the student's place and the cell (place × 10 + cell), so that
# its messages come back to the cell they are about.
ROW_WIDTH = 10


class TableRefused(ValidationError):
    """A grid (or one row of it) refused; `cells` maps (student id, cell name) to the message, cell name ""
    meaning the whole row. Nothing was saved."""

    def __init__(self, cells: dict[tuple[int, str], str]):
        self.cells = cells
        super().__init__(list(cells.values()))


@transaction.atomic
def scores_table_save(*, school_class, subject, period, rows: dict, maxima: dict, actor=None):
    """Save the ФО, СОр 1–3 and СОч typed for students ({student: {cell: text}}) through scores_save, which
    derives the period and year marks; every row or none. maxima: {cell: text} of the column headers."""
    students = list(rows)
    entries, errors = [], {}
    for place, student in enumerate(students):
        row_entries, row_errors = _score_entries(school_class, subject, period, student, rows[student], maxima, place)
        entries += row_entries
        errors.update({(student.pk, cell): message for cell, message in row_errors.items()})
    errors.update(_removals(school_class, subject, period, students, entries))
    if errors:
        raise TableRefused(errors)
    if not entries:
        return None
    try:
        return scores_save(entries=entries, actor=actor)
    except BatchRefused as refused:
        cells = {}
        for row, message in refused.errors:
            place, cell = divmod(row, ROW_WIDTH)
            cells.setdefault((students[place].pk, SCORE_CELLS[cell - 1]), message)
        raise TableRefused(cells) from None


def _score_entries(school_class, subject, period, student, cells: dict, maxima: dict, place: int):
    entries, errors = [], {}
    for number, cell in enumerate(SCORE_CELLS, start=1):
        text = (cells.get(cell) or "").strip()
        if not text:
            continue
        row = place * ROW_WIDTH + number
        try:
            for kind, score, maximum in _scores_in(cell, text, maxima):
                entries.append(ScoreEntry(student, school_class, subject, period, kind, score, maximum, row))
        except ValidationError as error:
            errors[cell] = error.messages[0]
    return entries, errors


def _scores_in(cell: str, text: str, maxima: dict):
    """The (kind, score, maximum) a cell holds: ФО is a list of 1–10 points ("8 9 10"), the others one score
    out of the maximum given in the column's header."""
    if cell == "fo":
        return [(Score.Kind.FO, parse_number(part), Decimal(10)) for part in text.replace(",", " ").split()]
    maximum = parse_number(maxima.get(cell) or "")
    if maximum is None:
        raise ValidationError(_("Give the maximum score of this column first."))
    return [(Score.Kind.SOCH if cell == "soch" else Score.Kind.SOR, parse_number(text), maximum)]


@unscoped("the stored scores of the grid being saved, its class checked by can_enter_marks")
def _removals(school_class, subject, period, students, entries: list[ScoreEntry]) -> dict:
    """scores_save replaces the scores of each kind it is given and leaves the other kinds alone: emptying
    every cell of a kind would silently keep the stored scores, so the grid says so instead."""
    given = {(entry.student.pk, entry.kind) for entry in entries}
    stored = set(
        Score.objects.filter(school_class=school_class, subject=subject, period=period, student__in=students)
        .values_list("student_id", "kind")
        .distinct()
    )
    message = _("Scores cannot be removed here: correct them instead, or ask the administrator to remove them.")
    cells = {Score.Kind.FO: "fo", Score.Kind.SOR: "sor1", Score.Kind.SOCH: "soch"}
    return {(student_id, cells[kind]): message for student_id, kind in stored - given}


# Control works ---------------------------------------------------------------------------------------------


@transaction.atomic
def control_work_create(
    *,
    school_class,
    subject,
    kind: str,
    code: str,
    written_on: datetime.date,
    max_score: Decimal | None,
    task_maxima: list[Decimal],
    topic: str = "",
    actor=None,
) -> ControlWork:
    """Create a control work with its tasks (numbered 1..n); without a maximum, the tasks' sum is the maximum."""
    total = sum(task_maxima, Decimal(0))
    if task_maxima and max_score is None:
        max_score = total
    if task_maxima and total != max_score:
        message = _("The tasks' maxima add up to %(sum)s, not to the maximum score %(max)s.")
        raise ValidationError({"tasks": message % {"sum": _plain(total), "max": _plain(max_score)}})
    year = school_class.year
    if not year.starts_on <= written_on <= year.ends_on:
        raise ValidationError({"written_on": _("The date lies outside the academic year %(year)s.") % {"year": year}})
    work = ControlWork(
        school_class=school_class,
        subject=subject,
        kind=kind,
        code=code or kind,
        written_on=written_on,
        max_score=max_score,
        topic=topic,
        school_id=school_class.school_id,
        year_id=school_class.year_id,
    )
    tasks = [ControlTask(work=work, number=n, max_score=maximum) for n, maximum in enumerate(task_maxima, start=1)]
    created = [lambda o=o: (o, LogEntry.Action.CREATE, _fields(o)) for o in (work, *tasks)]
    with _audited(actor, *created):
        validated_save(work)
        for task in tasks:
            task.work = work
            validated_save(task)
    return work


@transaction.atomic
def control_works_create(*, pairs, actor=None, **work) -> list[ControlWork]:
    """The same control work for several (class, subject) pairs, e.g. every class of grades 5–11 (seed 002
    plans them by subject and half-year): all of them, or (any refused) none, the class named in the error."""
    created = []
    for school_class, subject in pairs:
        try:
            created.append(control_work_create(school_class=school_class, subject=subject, actor=actor, **work))
        except ValidationError as error:
            named = {field: [f"{school_class.name}, {subject.name}: {m}" for m in messages]
                     for field, messages in error.message_dict.items()}  # fmt: skip
            raise ValidationError(named) from error
    return created


def _fields(obj) -> dict:
    """[None, value] for each concrete field of a new object, as django-auditlog records a creation."""
    return {f.attname: [None, str(getattr(obj, f.attname))] for f in obj._meta.concrete_fields if f.attname != "id"}


@transaction.atomic
def control_table_save(*, work, rows: dict, actor=None) -> ControlSaveReport | None:
    """Save students' results ({student: {"score": text, "mark": text, "tasks": {number: text}}}) through
    control_results_save: the task scores (their sum is the score) or the score, and the mark (derived from
    score / maximum when left empty). Empty rows are skipped; every other row is saved, or none."""
    entries, errors, students = [], {}, []
    stored = set(work.results.values_list("student_id", flat=True))
    for student, typed in rows.items():
        try:
            entry = _control_entry(work, student, typed, len(students) + 1, stored)
        except ValidationError as error:
            errors[(student.pk, "")] = error.messages[0]
            continue
        if entry is not None:
            students.append(student)
            entries.append(entry)
    if errors:
        raise TableRefused(errors)
    if not entries:
        return None
    try:
        return control_results_save(entries=entries, actor=actor)
    except BatchRefused as refused:
        raise TableRefused({(students[row - 1].pk, ""): message for row, message in refused.errors}) from None


def _control_entry(work, student, typed: dict, row: int, stored: set) -> ControlEntry | None:
    tasks = {int(n): parse_number(text) for n, text in typed.get("tasks", {}).items() if (text or "").strip()}
    score, mark = parse_number(typed.get("score", "")), parse_mark(typed.get("mark", ""))
    if not (tasks or score is not None or mark):
        if student.pk in stored:
            raise ValidationError(_("A result cannot be removed here: correct it instead."))
        return None
    if tasks:  # the score of a work with tasks is their sum (the grid shows it, read-only)
        score = sum(tasks.values(), Decimal(0))
    where = (student, work.school_class, work.subject, work.code, work.written_on)
    return ControlEntry(*where, score=score, max_score=work.max_score, mark=mark, task_scores=tasks, row=row)


def _plain(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())
