"""Writes of marks: validated as a whole batch, saved all or nothing, summaries refreshed in the same transaction."""

from collections import defaultdict
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.audit.registry import log_bulk
from sapat.colleges.grading import Forms, credit_error
from sapat.core.bulk import insert_rows
from sapat.core.querysets import unscoped
from sapat.indicators import engine
from sapat.journal.models import closed_pairs
from sapat.structure.models import Enrolment, Period, SchoolClass, Student, Subject

from .models import GradingScheme, MarkValue, PeriodMark
from .schemes import scheme_for_class

ALLOWED_VALUES = {value for value, _label in MarkValue.choices}


@dataclass(frozen=True)
class Placed:
    """Where an entry about a student belongs: their class, the subject and the period (what
    `placement_error` checks, for marks here and for scores in scores.py)."""

    student: Student
    school_class: SchoolClass
    subject: Subject
    period: Period

    @property
    def mark_key(self) -> tuple[int, int, int]:
        return (self.student.pk, self.subject.pk, self.period.pk)


@dataclass(frozen=True)
class MarkEntry(Placed):
    """One mark to write; `row` is where it came from (a file line, a grid cell) for error messages."""

    value: str
    row: int = 0
    derived: bool = False  # computed from KZ criteria scores (sapat.assessment.scores), not given by a teacher

    @property
    def key(self) -> tuple[int, int, int]:
        return self.mark_key


@dataclass
class SaveReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    changed_class_periods: set = field(default_factory=set)
    # The counts of each (class id, period id, subject id) whose summaries the write refreshed, after it.
    counts: dict = field(default_factory=dict)


class BatchRefused(ValidationError):
    """A batch with at least one bad entry; `errors` lists (row, message) and nothing was saved."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = sorted(errors, key=lambda item: item[0])
        super().__init__([f"{row}: {message}" if row else message for row, message in self.errors])


def period_mark_set(*, student, school_class, subject, period, value: str, actor=None) -> SaveReport:
    """Set one student's mark (the journal grid's cell)."""
    entry = MarkEntry(student, school_class, subject, period, value)
    return period_marks_save(entries=[entry], actor=actor)


def period_mark_clear(*, student, school_class, subject, period, actor=None) -> SaveReport:
    """Remove one student's mark (the journal grid's Delete key): the student is missing again."""
    entry = MarkEntry(student, school_class, subject, period, "")
    return period_marks_clear(entries=[entry], actor=actor)


@transaction.atomic
@unscoped("a mark service: its callers checked who may enter these marks (journal.can_enter_marks, an import)")
def period_marks_clear(*, entries: list[MarkEntry], actor=None, note: str = "") -> SaveReport:
    """Remove the marks of the entries (their values are ignored); refused whole, like a save, when any
    entry is in a closed period. Removing is audited and refreshes the summaries; the report says how many
    went (`removed`)."""
    placements = enrolments_of(entries)
    errors = [(e.row, message) for e in entries if (message := _year_error(e) or closed_error(e, placements))]
    if errors:
        raise BatchRefused(errors)
    classes = {entry.key: entry.school_class.pk for entry in entries}
    engine.lock_classes(classes.values())
    marks = [m for key, m in _existing_marks(entries).items() if classes.get(key) == m.school_class_id]
    by_key = {entry.key: entry for entry in entries}
    for mark in marks:  # what the audit's repr names, without fetching it again
        entry = by_key[(mark.student_id, mark.subject_id, mark.period_id)]
        mark.student, mark.subject, mark.period = entry.student, entry.subject, entry.period
    log_bulk([(m, LogEntry.Action.DELETE, {"value": [m.value, None]}) for m in marks], actor=actor, note=note)
    PeriodMark.objects.filter(pk__in=[m.pk for m in marks]).delete()
    changed = {(m.school_class_id, m.period_id) for m in marks}
    counts = engine.refresh(changed, {m.subject_id for m in marks}, locked=True)
    return SaveReport(removed=len(marks), changed_class_periods=changed, counts=counts)


@transaction.atomic
@unscoped("a mark service: its callers checked who may enter these marks (journal.can_enter_marks, an import)")
def period_marks_save(*, entries: list[MarkEntry], actor=None, note: str = "") -> SaveReport:
    """Validate every entry, then write them all and refresh the affected summaries; or write nothing."""
    errors = _validate(entries)
    if errors:
        raise BatchRefused(errors)
    existing = _locked_marks(entries)
    report, audit = _write(entries, existing)
    report.counts = engine.refresh(report.changed_class_periods, {entry.subject.pk for entry in entries}, locked=True)
    log_bulk(audit, actor=actor, note=note)
    return report


class Schemes(dict):
    """The grading scheme of each class of a batch, and the forms of its disciplines, looked up once."""

    def __init__(self):
        super().__init__()
        self.forms = Forms()

    def of(self, school_class: SchoolClass) -> GradingScheme | None:
        if school_class.pk not in self:
            self[school_class.pk] = scheme_for_class(school_class)
        return self[school_class.pk]


def _validate(entries: list[MarkEntry]) -> list[tuple[int, str]]:
    enrolments = enrolments_of(entries)
    errors, seen, schemes = [], {}, Schemes()
    for entry in entries:
        message = _entry_error(entry, enrolments, schemes) or _duplicate_error(entry, seen)
        if message:
            errors.append((entry.row, message))
    return errors


def _entry_error(entry: MarkEntry, enrolments, schemes: Schemes) -> str | None:
    if entry.value not in ALLOWED_VALUES:
        return _("“%(value)s” is not a mark: use 5, 4, 3, 2, n/a (na) or ex (exempt).") % {"value": entry.value}
    message = placement_error(entry, enrolments)
    if message:
        return message
    scheme = schemes.of(entry.school_class)
    return scheme_error(entry.school_class, entry.period, scheme) or credit_error(entry, scheme, schemes.forms)


def placement_error(entry, enrolments) -> str | None:
    """What any write about a student of a class in a period checks (marks here, scores in scores.py)."""
    message = _year_error(entry) or closed_error(entry, enrolments)
    if message:
        return message
    if not _enrolled(entry, enrolments):
        return _("%(student)s is not on the list of class %(class)s during this period.") % {
            "student": entry.student.full_name,
            "class": entry.school_class.name,
        }
    return None


def _year_error(entry) -> str | None:
    if entry.period.year_id != entry.school_class.year_id:
        return _("The period belongs to another academic year than the class.")
    return None


def closed_error(entry, placements: "Placements") -> str | None:
    """A period closed for the whole country's calendar (Period.locked), or closed by the entry's school
    (sapat.journal's PeriodLock, looked up once per batch by `enrolments_of`). Checked here, in the one
    write path of marks and scores, so that the grid, the imports and the loaders all respect it."""
    if entry.period.locked or (entry.school_class.school_id, entry.period.pk) in placements.closed:
        return _("The period %(period)s is closed; ask the deputy director to reopen it.") % {
            "period": entry.period.label
        }
    return None


_LOOK_UP = object()


def scheme_error(school_class: SchoolClass, period: Period | None = None, scheme=_LOOK_UP) -> str | None:
    """Why the grading scheme in force (looked up unless given) gives this class no marks (for this period)."""
    scheme = scheme_for_class(school_class) if scheme is _LOOK_UP else scheme
    if scheme and scheme.kind == GradingScheme.Kind.NO_MARKS:
        return _("Grade %(grade)s gets no marks under the grading scheme in force.") % {"grade": school_class.grade}
    if scheme is None or period is None or period.kind in scheme.kinds_of_period:
        return None
    if scheme.for_colleges:
        return _(
            "%(group)s is a college's study group: its periods are its semesters (s1, s2), so it takes no mark "
            "for the %(period)s."
        ) % {"group": school_class.name, "period": period.label}
    kinds = ", ".join(str(Period.Kind(kind).label) for kind in scheme.kinds_of_period)
    return _("Class %(class)s takes no mark for the %(period)s: its grading scheme gives marks for: %(kinds)s.") % {
        "class": school_class.name, "period": period.label, "kinds": kinds,
    }  # fmt: skip


def _duplicate_error(entry: MarkEntry, seen: dict) -> str | None:
    first = seen.setdefault(entry.key, entry)
    if first is not entry and first.value != entry.value:
        return _("The same student, subject and period already has another mark in row %(row)s.") % {"row": first.row}
    return None


FEW_STUDENTS = 50


class Placements(defaultdict):
    """What a batch's checks look up once: class-list spans by (student id, class id), and the
    (school id, period id) pairs closed by their school (`closed`)."""

    closed: set


def enrolments_of(entries) -> Placements:
    class_ids = {entry.school_class.pk for entry in entries}
    spans = Placements(list)
    rows = Enrolment.objects.filter(school_class_id__in=class_ids)
    students = {entry.student.pk for entry in entries}
    if len(students) <= FEW_STUDENTS:  # a cell of the grid: its student's spans, not the whole class's
        rows = rows.filter(student_id__in=students)
    rows = rows.order_by().values_list("student_id", "school_class_id", "starts_on", "ends_on")
    for student_id, class_id, starts_on, ends_on in rows:
        spans[(student_id, class_id)].append((starts_on, ends_on))
    spans.closed = closed_pairs({e.school_class.school_id for e in entries}, {e.period.pk for e in entries})
    return spans


def _enrolled(entry: MarkEntry, enrolments) -> bool:
    period = entry.period
    return any(
        starts_on <= period.ends_on and (ends_on is None or ends_on >= period.starts_on)
        for starts_on, ends_on in enrolments.get((entry.student.pk, entry.school_class.pk), ())
    )


def _locked_marks(entries: list[MarkEntry]) -> dict:
    """The stored marks of the entries, read once their classes are locked (engine.lock_classes): two teachers
    saving one cell at the same moment then write one after the other, the second seeing the first's mark
    instead of inserting it again. A mark stored under another class (a student who moved) locks that class
    too, after the others: the rare case where the order of the locks is not the ids' alone."""
    classes = {entry.school_class.pk for entry in entries}
    engine.lock_classes(classes)
    existing = _existing_marks(entries)
    keys = {entry.key for entry in entries}
    engine.lock_classes({m.school_class_id for key, m in existing.items() if key in keys} - classes)
    return existing


def _existing_marks(entries: list[MarkEntry]) -> dict:
    students = {entry.student.pk for entry in entries}
    periods = {entry.period.pk for entry in entries}
    rows = PeriodMark.objects.filter(student_id__in=students, period_id__in=periods)
    return {(m.student_id, m.subject_id, m.period_id): m for m in rows}


def _write(entries: list[MarkEntry], existing: dict) -> tuple[SaveReport, list]:
    report, created, changed, audit = SaveReport(), [], [], []
    now = timezone.now()
    for entry in {e.key: e for e in entries}.values():
        mark = existing.get(entry.key)
        if mark is None:
            created.append(_new_mark(entry))
        elif (mark.value, mark.school_class_id, mark.derived) != (entry.value, entry.school_class.pk, entry.derived):
            audit.append((mark, LogEntry.Action.UPDATE, {"value": [mark.value, entry.value]}))
            report.changed_class_periods.add((mark.school_class_id, mark.period_id))
            mark.value, mark.school_class, mark.derived = entry.value, entry.school_class, entry.derived
            mark.student, mark.subject, mark.period = entry.student, entry.subject, entry.period  # the audit's repr
            mark.changed_at = now
            changed.append(mark)
        else:
            report.unchanged += 1
            continue
        report.changed_class_periods.add((entry.school_class.pk, entry.period.pk))
    _insert(created)
    PeriodMark.objects.bulk_update(changed, ["value", "school_class", "derived", "changed_at"], batch_size=2000)
    audit += [(mark, LogEntry.Action.CREATE, {"value": [None, mark.value]}) for mark in created]
    report.created, report.changed = len(created), len(changed)
    return report, audit


def _insert(marks: list[PeriodMark]) -> None:
    """Insert new marks with one executemany (an import of a school-year creates 75,000 at once, and
    bulk_create spent seconds building statements), then read their ids back for the audit entries. A cell of
    the grid takes the same path: its references are checked before the write (a subject deleted since it was
    resolved refuses the save with its reason), not at commit, where the failure could only be a server error."""
    rows = [{name: getattr(mark, name) for name in MARK_COLUMNS} for mark in marks]
    insert_rows(PeriodMark, rows)
    stored = PeriodMark.objects.filter(
        student_id__in={mark.student_id for mark in marks}, period_id__in={mark.period_id for mark in marks}
    ).values_list("student_id", "subject_id", "period_id", "id", "changed_at")
    found = {(student, subject, period): (pk, at) for student, subject, period, pk, at in stored}
    for mark in marks:
        mark.pk, mark.changed_at = found[(mark.student_id, mark.subject_id, mark.period_id)]
        mark._state.adding = False  # as bulk_create leaves them


MARK_COLUMNS = ("student_id", "school_class_id", "subject_id", "period_id", "school_id", "year_id", "value", "derived")


def _new_mark(entry: MarkEntry) -> PeriodMark:
    school_class = entry.school_class
    return PeriodMark(
        student=entry.student,
        school_class=school_class,
        subject=entry.subject,
        period=entry.period,
        school_id=school_class.school_id,
        year_id=school_class.year_id,
        value=entry.value,
        derived=entry.derived,
    )
