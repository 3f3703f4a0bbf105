"""Writes of data sets: definitions (`sapat load-dataset`), values (the form, the imports, `sapat load-values`)
and the steps of approval. Values are saved all or nothing, with the validation rules run in the same
transaction and the summary rows moved by exact deltas."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.audit.registry import log_bulk
from sapat.core.bulk import add_to_rows, insert_rows
from sapat.core.querysets import unscoped
from sapat.indicators.expressions import FormulaError, parse
from sapat.structure.models import Enrolment, OrgUnit, Period, SchoolClass, Student

from .models import DataElement, DataSet, DataSummary, DataValue, Submission, ValidationRule

COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
STUDENTS = "students_on_list"  # a rule may name it: the students on the lists of the target at the period's end


@dataclass(frozen=True)
class Target:
    """What a value describes: a unit (region, district, school), a class of a school, or a student of a class."""

    unit: OrgUnit
    school_class: SchoolClass | None = None
    student: Student | None = None

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.unit.pk, self.school_class.pk if self.school_class else 0, self.student.pk if self.student else 0)

    def __str__(self) -> str:
        if self.student is not None:
            return self.student.full_name
        return self.school_class.name if self.school_class is not None else self.unit.name


@dataclass(frozen=True)
class ValueEntry:
    """One cell: the element, what it describes, the text typed (empty: remove), and where it came from."""

    element: DataElement
    target: Target
    text: str
    row: int = 0
    column: str = ""


@dataclass
class SaveOutcome:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    flags: list = field(default_factory=list)  # (target, element codes, message) of the soft rules that failed


class ValuesRefused(ValidationError):
    """Values refused as a whole: `errors` lists (row, column, message); nothing was saved."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = sorted(errors, key=lambda item: (item[0], item[1]))
        super().__init__([_located(row, column, message) for row, column, message in self.errors])


def _located(row: int, column: str, message: str) -> str:
    if row and column:
        return _("Row %(row)s, %(column)s: %(message)s") % {"row": row, "column": column, "message": message}
    if row:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": message}
    return message


# Values ----------------------------------------------------------------------------------------------------


@transaction.atomic
@unscoped("a data-set service: its caller checked who may enter these values (datasets.access.may_enter)")
def values_save(*, dataset: DataSet, period: Period, entries: list[ValueEntry], user=None, note="") -> SaveOutcome:
    """Write the cells of `entries` (all for `dataset` and `period`) or none of them."""
    from .values import CellRefused, parsed

    errors = _period_errors(dataset, period)
    submissions = _locked_submissions(dataset, period, {entry.target.unit for entry in entries}, errors)
    wanted: dict[tuple, tuple[ValueEntry, object]] = {}
    for entry in entries:
        problem = _target_problem(dataset, period, entry.target)
        if problem:
            errors.append((entry.row, entry.column, problem))
            continue
        try:
            wanted[(entry.element.pk, entry.target.key)] = (entry, parsed(entry.element, entry.text))
        except CellRefused as refused:
            errors.append((entry.row, entry.column or entry.element.code, str(refused)))
    if errors:
        raise ValuesRefused(errors)
    stored = _stored(dataset, period, {entry.target for entry, _value in wanted.values()})
    outcome = SaveOutcome()
    flagged = _checked(dataset, period, wanted, stored, outcome)
    _write(dataset, period, wanted, stored, flagged, outcome, user=user, note=note)
    for submission in submissions:
        submission.save(update_fields=["changed_at"])
    return outcome


def _period_errors(dataset: DataSet, period: Period) -> list:
    if period.kind != dataset.period_kind:
        message = _("The data set %(code)s is kept for periods of the kind “%(kind)s”, not for %(period)s.") % {
            "code": dataset.code,
            "kind": Period.Kind(dataset.period_kind).label,
            "period": period.label,
        }
        return [(0, "", message)]
    opens, closes = entry_window(dataset, period)
    today = timezone.localdate()
    if opens and today < opens:
        return [(0, "", _("Entry for %(period)s opens on %(date)s.") % {"period": period, "date": opens})]
    if closes and today > closes:
        return [(0, "", _("Entry for %(period)s closed on %(date)s.") % {"period": period, "date": closes})]
    return []


def entry_window(dataset: DataSet, period: Period) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day values of the period may be entered (None: no bound)."""
    opens = closes = None
    if dataset.opens_days_before_end is not None:
        opens = max(period.starts_on, period.ends_on - datetime.timedelta(days=dataset.opens_days_before_end))
    if dataset.closes_days_after_end is not None:
        closes = period.ends_on + datetime.timedelta(days=dataset.closes_days_after_end)
    return opens, closes


def _locked_submissions(dataset, period, units, errors) -> list[Submission]:
    """The submissions of the units written to, locked in one order (two writers of one form wait in turn)."""
    found = []
    for unit in sorted(units, key=lambda u: u.pk):
        submission, _created = Submission.objects.get_or_create(dataset=dataset, period=period, unit=unit)
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.locked:
            errors.append(
                (
                    0,
                    "",
                    _("The data of %(unit)s for %(period)s is approved and cannot change; the approver can reopen it.")
                    % {"unit": unit.name, "period": period},
                )
            )
        found.append(submission)
    return found


def _target_problem(dataset: DataSet, period: Period, target: Target) -> str | None:
    level, unit = dataset.level, target.unit
    if unit.kind != dataset.reporting_kind:
        return _("The data set %(code)s is reported by a %(kind)s.") % {
            "code": dataset.code,
            "kind": OrgUnit.Kind(dataset.reporting_kind).label,
        }
    if not dataset.fits(unit):
        return _("The data set %(code)s is kept by %(kept)s, and %(unit)s is not one.") % {
            "code": dataset.code,
            "kept": dataset.get_unit_kind_display(),
            "unit": unit.name,
        }
    if level in (DataSet.Level.CLASS, DataSet.Level.STUDENT):
        klass = target.school_class
        if klass is None or klass.school_id != unit.pk or klass.year_id != period.year_id:
            return _("The class is not a class of %(school)s in %(year)s.") % {"school": unit.name, "year": period.year}
        if not in_grades(dataset, klass.grade):
            return _("The data set %(code)s is not kept for grade %(grade)s.") % {
                "code": dataset.code,
                "grade": klass.grade,
            }
    if level == DataSet.Level.STUDENT and (target.student is None or target.student.school_id != unit.pk):
        return _("The student is not a student of %(school)s.") % {"school": unit.name}
    return None


def in_grades(dataset: DataSet, grade: int) -> bool:
    return (dataset.grade_from is None or grade >= dataset.grade_from) and (
        dataset.grade_to is None or grade <= dataset.grade_to
    )


def _stored(dataset: DataSet, period: Period, targets: set[Target]) -> dict[tuple, DataValue]:
    """The values stored for the targets' whole forms, by (element id, target key)."""
    units = {target.unit.pk for target in targets}
    rows = DataValue.objects.filter(dataset=dataset, period=period, unit_id__in=units).select_related("option")
    keys = {target.key for target in targets}
    found = {}
    for row in rows:
        key = (row.unit_id, row.school_class_id or 0, row.student_id or 0)
        if key in keys:
            found[(row.element_id, key)] = row
    return found


def _value_of(row: DataValue | None):
    if row is None:
        return None
    return row.option.code if row.option_id else row.number


def _checked(dataset, period, wanted, stored, outcome: SaveOutcome) -> set[tuple]:
    """Run the rules on each target's values as they will be; raise for a hard rule broken, return the
    (element id, target key) of the values a soft rule flags."""
    rules = list(dataset.rules.all())
    if not rules:
        return set()
    elements = {element.pk: element for element in dataset.elements.all()}
    targets = {entry.target.key: entry.target for entry, _value in wanted.values()}
    first_row = {}
    for (_element_id, key), (entry, _value) in wanted.items():
        first_row.setdefault(key, entry)
    errors, flagged = [], set()
    for key, target in targets.items():
        values = {element_id: _value_of(stored.get((element_id, key))) for element_id in elements}
        values.update({element_id: value for (element_id, k), (_e, value) in wanted.items() if k == key})
        names = _named(elements, values)
        for rule in rules:
            broken = _broken(rule, names, target, period)
            if broken is None:
                continue
            used = _rule_elements(rule, elements)
            if rule.importance == ValidationRule.Importance.HARD:
                entry = first_row[key]
                errors.append((entry.row, str(target), broken))
            else:
                flagged |= {(element_id, key) for element_id in used}
                outcome.flags.append((target, [elements[e].code for e in used], broken))
    if errors:
        raise ValuesRefused(errors)
    return flagged


def _named(elements: dict, values: dict) -> dict:
    """The names a rule may use, with the target's values: numbers by element code; for an option element its
    code (1 when answered) and code.option (1 for the chosen option)."""
    names = {}
    for element_id, element in elements.items():
        value = values.get(element_id)
        if element.value_type == DataElement.Type.OPTION:
            names[element.code] = None if value is None else 1
            for option in element.options.all():
                names[f"{element.code}.{option.code}"] = None if value is None else int(option.code == value)
        else:
            names[element.code] = None if value is None else Fraction(value)
    return names


def _broken(rule: ValidationRule, names: dict, target: Target, period: Period) -> str | None:
    """Why the rule fails for these values (None: it holds, or a value it needs is empty)."""
    left, right = parse(rule.left, constant=True), parse(rule.right, constant=True)
    if STUDENTS in left.names or STUDENTS in right.names:
        names = {**names, STUDENTS: students_on_list(target, period)}
    a, b = left.evaluate(names), right.evaluate(names)
    if a is None or b is None or COMPARE[rule.op](a, b):
        return None
    message = rule.name or rule.text
    return _("%(rule)s (%(left)s %(op)s %(right)s is not true)") % {
        "rule": message,
        "left": _number(a),
        "op": rule.get_op_display(),
        "right": _number(b),
    }


def _number(value) -> str:
    return (
        format(Decimal(value.numerator) / Decimal(value.denominator), "f")
        if hasattr(value, "numerator")
        else str(value)
    )


def _rule_elements(rule: ValidationRule, elements: dict) -> list[int]:
    sides = (parse(rule.left, constant=True), parse(rule.right, constant=True))
    codes = {name.split(".")[0] for side in sides for name in side.names}
    return [element_id for element_id, element in elements.items() if element.code in codes]


def students_on_list(target: Target, period: Period) -> int:
    """Students on the class lists of the target (a class, or every class of a unit's schools) at the end of the
    period."""
    on_list = Enrolment.objects.filter(starts_on__lte=period.ends_on, year_id=period.year_id).exclude(
        ends_on__lt=period.ends_on
    )
    if target.school_class is not None:
        return on_list.filter(school_class=target.school_class).count()
    schools = OrgUnit.objects.school_ids_under(target.unit)
    return on_list.filter(school_class__school_id__in=schools).count()


def _write(dataset, period, wanted, stored, flagged, outcome, *, user, note) -> None:
    """Apply the cells: raw INSERTs, UPDATEs and one DELETE (no model instance per new value: a 200-cell form is
    a batch, as the marks' grid is), the summary deltas, and one audit entry per changed value."""
    now = timezone.now()
    actor_id = user.pk if getattr(user, "pk", None) else None
    deltas = _Deltas(dataset, period, now)
    creates, updates, removes, audit = [], [], [], []
    for (element_id, key), (entry, value) in wanted.items():
        row = stored.get((element_id, key))
        old, flag = _value_of(row), (element_id, key) in flagged
        if value is None:
            if row is not None:
                removes.append(row.pk)
                deltas.move(entry, old, None)
                audit.append((row, LogEntry.Action.DELETE, {"value": [_text(old), None]}))
            continue
        number, option = _stored_form(entry.element, value)
        if row is None:
            creates.append((entry, value, _new_row(dataset, period, entry, number, option, flag, now, actor_id)))
            deltas.move(entry, None, value)
        elif old != value or row.flagged != flag:
            updates.append((number, option, flag, now, actor_id, row.pk))
            if old != value:
                deltas.move(entry, old, value)
                audit.append((row, LogEntry.Action.UPDATE, {"value": [_text(old), _text(value)]}))
        else:
            outcome.unchanged += 1
    DataValue.objects.filter(pk__in=removes).delete()
    insert_rows(DataValue, [row for _entry, _value, row in creates])
    _update(updates)
    audit += _created_audit(dataset, period, creates)
    outcome.created, outcome.changed, outcome.removed = len(creates), len(updates), len(removes)
    targets = {entry.target.key: entry.target for entry, _v in wanted.values()}
    deltas.reporters(_targets_with_values(stored), _with_values_after(stored, wanted), targets)
    deltas.apply()
    if audit:
        log_bulk(audit, actor=user, note=note)


def _stored_form(element: DataElement, value) -> tuple:
    """(number, option id) as a value is stored."""
    if element.value_type == DataElement.Type.OPTION:
        return None, next(o.pk for o in element.options.all() if o.code == value)
    return value, None


def _new_row(dataset, period, entry: ValueEntry, number, option, flag, now, actor_id) -> dict:
    target = entry.target
    return {
        "dataset_id": dataset.pk,
        "element_id": entry.element.pk,
        "period_id": period.pk,
        "unit_id": target.unit.pk,
        "school_class_id": target.school_class.pk if target.school_class else None,
        "student_id": target.student.pk if target.student else None,
        "year_id": period.year_id,
        "number": number,
        "option_id": option,
        "flagged": flag,
        "changed_at": now,
        "changed_by_id": actor_id,
    }


def _update(updates: list[tuple]) -> None:
    if not updates:
        return
    table = DataValue._meta.db_table
    sql = (
        f"UPDATE {table} SET number = %s, option_id = %s, flagged = %s, changed_at = %s, changed_by_id = %s "  # noqa: S608
        "WHERE id = %s"
    )
    field = DataValue._meta.get_field("number")
    rows = [
        (connection.ops.adapt_decimalfield_value(n, field.max_digits, field.decimal_places), *rest)
        for n, *rest in updates
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _created_audit(dataset, period, creates: list) -> list:
    """The audit entries of the new values, their ids read back in one query."""
    if not creates:
        return []
    units = {entry.target.unit.pk for entry, _value, _row in creates}
    found = DataValue.objects.filter(dataset=dataset, period=period, unit_id__in=units).values_list(
        "pk", "element_id", "unit_id", "school_class_id", "student_id"
    )
    ids = {(element, (unit, klass or 0, student or 0)): pk for pk, element, unit, klass, student in found}
    entries = []
    for entry, value, row in creates:
        stand_in = DataValue(pk=ids[(entry.element.pk, entry.target.key)], element=entry.element, number=row["number"])
        entries.append((stand_in, LogEntry.Action.CREATE, {"value": [None, _text(value)]}))
    return entries


def _text(value) -> str | None:
    return None if value is None else str(value)


def _targets_with_values(stored: dict) -> set[tuple]:
    return {key for (_element, key) in stored}


def _with_values_after(stored: dict, wanted: dict) -> set[tuple]:
    """The targets that hold a value once `wanted` is applied to `stored` (the targets' whole forms)."""
    values = dict.fromkeys(stored, True) | {cell: value is not None for cell, (_entry, value) in wanted.items()}
    return {key for (_element, key), present in values.items() if present}


class _Deltas:
    """The changes of the summary rows, applied as `answers = answers + d` in one order of keys, so that two
    writers never deadlock and every row stays the exact sum of the values."""

    def __init__(self, dataset: DataSet, period: Period, now):
        self.dataset, self.period, self.now = dataset, period, now
        self.rows: dict[tuple, list] = {}

    def _add(self, target: Target, element_key: int, option_key: int, answers: int, total) -> None:
        klass = target.school_class
        key = (target.unit.pk, klass.pk if klass else 0, element_key, option_key)
        row = self.rows.setdefault(key, [klass.grade if klass else 0, 0, Decimal(0)])
        row[1] += answers
        row[2] += total

    def move(self, entry: ValueEntry, old, new) -> None:
        for value, sign in ((old, -1), (new, 1)):
            if value is None:
                continue
            option = _option_pk(entry.element, value)
            total = Decimal(0) if option else Decimal(value)
            self._add(entry.target, entry.element.pk, option, sign, sign * total)

    def reporters(self, before: set, after: set, targets: dict) -> None:
        for key in before ^ after:
            self._add(targets[key], 0, 0, 1 if key in after else -1, Decimal(0))

    def apply(self) -> None:
        rows = {
            (self.dataset.pk, self.period.pk, unit, klass, element, option): (answers, total, grade, self.now)
            for (unit, klass, element, option), (grade, answers, total) in self.rows.items()
        }
        # A count back to nothing leaves no row, as a rebuild from the values would not have one.
        add_to_rows(DataSummary, rows, key=SUMMARY_KEY, added=("answers", "total"), replaced=("grade", "as_of"),
                    empty=("answers", "total"))  # fmt: skip


SUMMARY_KEY = ("dataset_id", "period_id", "unit_id", "class_key", "element_key", "option_key")


def _option_pk(element: DataElement, value) -> int:
    if element.value_type != DataElement.Type.OPTION:
        return 0
    return next(o.pk for o in element.options.all() if o.code == value)


@transaction.atomic
def summaries_rebuild() -> None:
    """Rebuild every data set summary row from the stored values (`sapat recompute`)."""
    table, values = DataSummary._meta.db_table, DataValue._meta.db_table
    klass = SchoolClass._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(SUMMARY_SQL.format(table=table, values=values, klass=klass), [timezone.now()] * 2)


SUMMARY_SQL = """
INSERT INTO {table} (dataset_id, period_id, unit_id, class_key, grade, element_key, option_key, answers, total, as_of)
SELECT v.dataset_id, v.period_id, v.unit_id, COALESCE(v.school_class_id, 0), COALESCE(MAX(c.grade), 0),
    v.element_id, COALESCE(v.option_id, 0), COUNT(*), COALESCE(SUM(v.number), 0), %s
FROM {values} v LEFT JOIN {klass} c ON c.id = v.school_class_id
GROUP BY v.dataset_id, v.period_id, v.unit_id, COALESCE(v.school_class_id, 0), v.element_id, COALESCE(v.option_id, 0)
UNION ALL
SELECT r.dataset_id, r.period_id, r.unit_id, r.class_key, COALESCE(MAX(c.grade), 0), 0, 0, COUNT(*), 0, %s
FROM (SELECT DISTINCT dataset_id, period_id, unit_id, COALESCE(school_class_id, 0) AS class_key,
        COALESCE(student_id, 0) AS student_key
      FROM {values}) r
LEFT JOIN {klass} c ON c.id = r.class_key
GROUP BY r.dataset_id, r.period_id, r.unit_id, r.class_key
"""


def rule_problem(rule_text: str, elements: list[dict]) -> str | None:
    """Why one side of a rule cannot be read with these elements ({code, type, options}), or None."""
    names = {STUDENTS}
    for element in elements:
        names.add(element["code"])
        names |= {f"{element['code']}.{option}" for option in element.get("options", ())}
    try:
        parse(rule_text, names, constant=True)
    except FormulaError as error:
        return str(error)
    return None


# Approval --------------------------------------------------------------------------------------------------

# action -> (the states it starts from, the state it leads to, whether a reason is required)
STEPS = {
    "submit": ({Submission.State.DRAFT, Submission.State.RETURNED}, Submission.State.SUBMITTED, False),
    "approve": ({Submission.State.SUBMITTED}, Submission.State.APPROVED, False),
    "return": ({Submission.State.SUBMITTED}, Submission.State.RETURNED, True),
    "reopen": ({Submission.State.APPROVED}, Submission.State.RETURNED, True),
}


class StepRefused(ValidationError):
    """An approval step that the user may not take, or that does not fit the submission's state."""


@transaction.atomic
@unscoped("a data-set service: it checks who may take the step itself (datasets.access)")
def submission_step(
    *, dataset: DataSet, period: Period, unit: OrgUnit, action: str, user, reason: str = "", responsible: str = ""
) -> Submission:
    """Submit (by whoever enters the data, naming the person responsible for it), approve, return with a reason
    or reopen with a reason (by the level above); each step is kept as a SubmissionEvent and audited."""
    from .access import may_approve, may_enter

    if action not in STEPS:
        raise StepRefused(_("Unknown step %(action)s: use submit, approve, return or reopen.") % {"action": action})
    if unit.kind != dataset.reporting_kind:
        raise StepRefused(
            _("The data set %(code)s is reported by a %(kind)s.")
            % {"code": dataset.code, "kind": dataset.reporting_kind_label}
        )
    allowed = may_enter(user, dataset, unit) if action == "submit" else may_approve(user, unit)
    if not allowed:
        raise StepRefused(MAY_NOT[action] % {"user": user, "unit": unit.name})
    submission, _created = Submission.objects.get_or_create(dataset=dataset, period=period, unit=unit)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    starts, leads_to, needs_reason = STEPS[action]
    if submission.state not in starts:
        raise StepRefused(NOT_NOW[action] % {"state": submission.get_state_display()})
    if needs_reason and not reason.strip():
        raise StepRefused(_("Say why."))
    if action == "submit":
        submission.responsible = (responsible.strip() or user.get_full_name() or user.username)[:200]
    submission.state = leads_to
    submission.save()
    submission.events.create(
        action=action,
        user=user if getattr(user, "pk", None) else None,
        at=timezone.now(),
        reason=reason.strip(),
        responsible=submission.responsible,
    )
    return submission


# Whole sentences, not a verb slotted into one: the verb's form depends on the sentence in Kyrgyz and Kazakh.
MAY_NOT = {
    "submit": gettext_lazy("%(user)s may not submit the data of %(unit)s."),
    "approve": gettext_lazy("%(user)s may not approve the data of %(unit)s."),
    "return": gettext_lazy("%(user)s may not return the data of %(unit)s."),
    "reopen": gettext_lazy("%(user)s may not reopen the data of %(unit)s."),
}
NOT_NOW = {
    "submit": gettext_lazy("The data is %(state)s: it cannot be submitted now."),
    "approve": gettext_lazy("The data is %(state)s: it cannot be approved now."),
    "return": gettext_lazy("The data is %(state)s: it cannot be returned now."),
    "reopen": gettext_lazy("The data is %(state)s: it cannot be reopened now."),
}
