"""Period marks in the shape of the class journal: students as rows, subjects as columns, one sheet per class
and period. The sheet names its class and period in a title block above the table ("Class | 8а | Period |
q1", as the template writes it), or in its name ("8а q1", "8а 1 четверть"); columns "class" and "period"
in the table, when present, say it row by row instead (the CSV form, one file for many classes).

Every filled cell becomes one MarkEntry; the whole file goes to `period_marks_save` as one batch, which
validates, writes, refreshes the summaries and audits. An empty cell leaves the stored mark alone: an
import never deletes a mark.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.assessment.loaders import CLASS_NAME
from sapat.assessment.models import GradingScheme, PeriodMark
from sapat.assessment.schemes import scheme_for
from sapat.assessment.services import BatchRefused, MarkEntry, period_marks_save
from sapat.colleges.vocabulary import words_for
from sapat.core import values
from sapat.structure.models import Enrolment, Period, SchoolClass, Subject, SubjectGrade, TeachingAssignment

from ..headers import EMPTY_VALUES, column, normal
from ..outcome import Outcome, Problem
from ..parsers import FileRefused, Sheet
from ..resolving import ScopedResolver
from ..tables import Record, RowError, Table, find_table, resolved
from .base import PERIODS, ExportContext, Kind, SheetData, period_of

# How marks are written in the journal (and in the templates' drop-down lists).
MARK_DISPLAY = {"5": 5, "4": 4, "3": 3, "2": 2, "na": "н/а", "ex": "осв."}
FRAME_KEYS = ("school", "year", "class", "period")


class MarksKind(Kind):
    code = "marks"
    title = gettext_lazy("Period marks (journal)")
    help_term = "help_marks"  # a college's words: sapat/colleges/vocabulary.py
    help = gettext_lazy(
        "One sheet per class and period, students as rows and subjects as columns; marks 5, 4, 3, 2, н/а, осв. "
        "An empty cell leaves the stored mark as it is."
    )
    file_name = "marks"
    columns = (
        column("number", gettext_lazy("No."), required=False),
        column("student", gettext_lazy("Student code"), required=False, extra=("код",)),
        column("student_name", gettext_lazy("Student"), required=False),
        column("school", gettext_lazy("School"), required=False),
        column("year", gettext_lazy("Academic year"), required=False),
        column("class", gettext_lazy("Class"), required=False),
        column("period", gettext_lazy("Period"), required=False),
    )

    def load(self, book, ctx) -> Outcome:
        outcome, batch = Outcome(), _Batch()
        resolver = ScopedResolver(ctx)
        for sheet in book.sheets:
            table = find_table(sheet, self.columns, anchors=("student", "student_name"))
            _Sheet(table, resolver, outcome, batch).read()
        try:
            report = period_marks_save(entries=batch.entries, actor=ctx.actor, note=ctx.note)
        except BatchRefused as refused:
            outcome.problems += [batch.problem(row, message) for row, message in refused.errors]
        else:
            for name in ("created", "changed", "unchanged"):
                outcome.add("marks", name, getattr(report, name))
        return outcome

    def fits(self, book) -> int:
        """A marks sheet has students as rows, a period (in its title, name or a column) and other columns
        (the subjects); every column it names is optional, so the base rule would never see one."""
        best = 0
        for sheet in book.sheets:
            try:
                table = find_table(sheet, self.columns, anchors=("student", "student_name"))
            except FileRefused:
                continue
            if table.extra and ("period" in table.columns or "period" in _frame(table)):
                best = max(best, len(table.columns) + 1)
        return best

    def export(self, ectx: ExportContext) -> list[SheetData]:
        return _Export(ectx).sheets(self)

    def export_flat(self, ectx: ExportContext) -> SheetData:
        sheets = self.export(ectx)
        subjects = list(dict.fromkeys(heading for sheet in sheets for heading in sheet.header[3:]))
        labels = [str(c.label) for c in self.columns]
        header = [labels[3], labels[4], labels[5], labels[6], labels[1], labels[2], *subjects]
        rows = []
        for sheet in sheets:
            frame = dict(sheet.title)
            place = [frame.get(labels[3], ""), frame.get(labels[4], ""), frame.get(labels[5], ""),
                     frame.get(labels[6], "")]  # fmt: skip
            columns = {heading: index for index, heading in enumerate(sheet.header)}
            for row in sheet.rows:
                cells = [row[columns[s]] if s in columns else "" for s in subjects]
                rows.append([*place, row[1], row[2], *cells])
        lists = {0: "schools", 2: "classes", 3: "periods", **{6 + i: "marks" for i in range(len(subjects))}}
        return SheetData(str(self.title)[:31], header, rows, lists=lists)


class _Batch:
    """The entries of the whole file, where each came from (sheet, row, column), and what each cell holds,
    so that a mark given twice with two values is caught here, with both places named."""

    def __init__(self):
        self.entries: list[MarkEntry] = []
        self.places: list[tuple[Record, int]] = []
        self.first: dict[tuple, int] = {}

    def add(self, record: Record, position: int, entry_args: tuple, outcome: Outcome) -> None:
        student, _school_class, subject, period, value = entry_args
        key = (student.pk, subject.pk, period.pk)
        earlier = self.first.get(key)
        if earlier is not None:
            if self.entries[earlier].value != value:
                record_, position_ = self.places[earlier]
                where = record_.problem("", position=position_)
                outcome.problems.append(
                    record.problem(
                        _("The same student, subject and period already has another mark (sheet %(sheet)s, row "
                          "%(row)s, column %(column)s).") % {"sheet": where.sheet, "row": where.row,
                                                              "column": where.column},
                        position=position,
                    )
                )  # fmt: skip
            return
        self.first[key] = len(self.entries)
        self.entries.append(MarkEntry(*entry_args, row=len(self.entries) + 1))
        self.places.append((record, position))

    def problem(self, row: int, message: str) -> Problem:
        if 1 <= row <= len(self.places):
            record, position = self.places[row - 1]
            return record.problem(message, position=position)
        return Problem(str(message))


class _Sheet:
    """Reading one sheet: its frame (school, year, class, period), its subject columns, its rows."""

    def __init__(self, table: Table, resolver: ScopedResolver, outcome: Outcome, batch: _Batch):
        self.table, self.resolver, self.outcome, self.batch = table, resolver, outcome, batch
        self.frame = _frame(table)

    def read(self) -> None:
        subjects = self._subjects()
        if not subjects:
            return
        for record in self.table.records:
            filled = [(position, text) for position, subject in subjects.items()
                      if (text := record.cell(position)) not in EMPTY_VALUES]  # fmt: skip
            if not filled:
                continue
            try:
                self._row(record, filled, subjects)
            except RowError as error:
                self.outcome.problems.append(error.problem)

    def _subjects(self) -> dict[int, Subject]:
        found = {}
        for position, heading in self.table.extra.items():
            try:
                found[position] = self.resolver.subject_named(heading)
            except ValueError as error:
                self.outcome.problems.append(self.table.problem(str(error), position, self.table.header_row))
        return found

    def _row(self, record: Record, filled: list, subjects: dict) -> None:
        student, school_class, period = self._placement(record)
        for position, text in filled:
            try:
                value = values.mark(text)
            except values.ValueRefused as refused:
                self.outcome.problems.append(record.problem(str(refused), position=position))
                continue
            self.batch.add(record, position, (student, school_class, subjects[position], period, value), self.outcome)

    def _placement(self, record: Record) -> tuple:
        given = _Given(record, self.frame)
        resolver = self.resolver
        school = resolved(record, given.key("school"), resolver.school, given["school"])
        year = resolved(record, given.key("year"), resolver.year, school, given["year"])
        if not given["class"]:
            words = words_for(school or resolver.ctx.unit)  # a college's user is asked which study group
            raise RowError(record.problem(words["which_class"]))
        school_class = resolved(record, given.key("class"), resolver.school_class, school, year, given["class"])
        if not given["period"]:
            raise RowError(
                record.problem(_("Which period? Name it above the table (Period | q1) or in the sheet name."))
            )
        period = resolved(record, given.key("period"), period_of, resolver, year, given["period"])
        key = "student" if record["student"] else "student_name"
        student = resolved(
            record, key, resolver.student_in, school, record["student"], record["student_name"], school_class
        )
        return student, school_class, period


class _Given:
    """A row's school, year, class and period: its own cells, else the sheet's frame."""

    def __init__(self, record: Record, frame: dict):
        self.record, self.frame = record, frame

    def __getitem__(self, key: str) -> str:
        return self.record[key] or self.frame.get(key, "")

    def key(self, key: str) -> str | None:
        """The column to blame for a bad value: the row's own cell, or none (the value came from the frame)."""
        return key if self.record[key] else None


def _frame(table: Table) -> dict[str, str]:
    """School, year, class and period from the title block above the header, else from the sheet's name."""
    frame = _from_name(table.sheet)
    labels = {name: c.key for c in MarksKind.columns if c.key in FRAME_KEYS for name in c.names()}
    for _number, cells in table.above:
        for index, cell in enumerate(cells):
            label, _colon, inline = cell.partition(":")
            key = labels.get(normal(label))
            if key is None:
                continue
            value = inline.strip() or next((c for c in cells[index + 1 :] if c), "")
            frame[key] = value
    return frame


def _from_name(sheet: Sheet) -> dict[str, str]:
    """ "8а q1", "8А 1 четверть", "8а_I_четверть" → class and period (when the name reads as both)."""
    tokens = [token for token in re.split(r"[\s_]+", sheet.name.strip()) if token]
    for index, token in enumerate(tokens):
        if CLASS_NAME.match(token) and not re.fullmatch(r"\d{4}", token):
            period = " ".join(tokens[index + 1 :])
            if PERIODS.pick(period):
                return {"class": token, "period": period}
    return {}


# Export ------------------------------------------------------------------------------------------------


class _Export:
    """The journal sheets of a unit's classes: for an export, every class and period with marks given by
    teachers (marks derived from criteria scores go with the scores); for a template, every class in the
    chosen period with its students and its subjects, cells empty."""

    def __init__(self, ectx: ExportContext):
        self.ectx = ectx
        self.classes = list(ectx.classes())
        if not ectx.with_data:
            self.classes = _with_marks(self.classes)
        self.marks = self._marks() if ectx.with_data else {}
        self.subjects = {subject.pk: subject for subject in Subject.objects.all()}
        self.headings = _headings(self.subjects.values())
        self.taught = self._taught() if not ectx.with_data else {}

    def sheets(self, kind: MarksKind) -> list[SheetData]:
        labels = [str(c.label) for c in kind.columns]
        several_years = len({c.year_id for c in self.classes}) > 1
        several_schools = len({c.school_id for c in self.classes}) > 1
        enrolments = self._enrolments()
        sheets = []
        for school_class, period in self._pairs():
            students = _on_list(
                enrolments.get(school_class.pk, []), period, self.marks.get((school_class.pk, period.pk))
            )
            subjects = self._subjects(school_class, period)
            name = " ".join(
                [*([school_class.school.code] if several_schools else []),
                 *([school_class.year.code[:4]] if several_years else []), school_class.name, period.code]
            )  # fmt: skip
            sheets.append(self._sheet(name, labels, school_class, period, students, subjects))
        return sheets

    def _sheet(self, name, labels, school_class, period, students, subjects) -> SheetData:
        marks = self.marks.get((school_class.pk, period.pk), {})
        words = words_for(school_class)  # a college's template says student, college and study group
        header = [labels[0], labels[1], words["student"], *[self.headings[subject.pk] for subject in subjects]]
        rows = []
        for number, student in enumerate(students, start=1):
            cells = [MARK_DISPLAY.get(marks.get((student.pk, subject.pk)), "") for subject in subjects]
            rows.append([number, student.code, student.full_name, *cells])
        title = [(words["school"], school_class.school.code), (labels[4], school_class.year.code),
                 (words["class"], school_class.name), (labels[6], period.code)]  # fmt: skip
        lists = {3 + index: "marks" for index in range(len(subjects))}
        return SheetData(name, header, rows, title=title, lists=lists)

    def _pairs(self) -> list[tuple[SchoolClass, Period]]:
        periods = _periods({c.year_id for c in self.classes})
        if not self.ectx.with_data:
            wanted = self.ectx.period
            return [(c, p) for c in self.classes for p in periods[c.year_id] if wanted is None or p.code == wanted.code]
        return [(c, p) for c in self.classes for p in periods[c.year_id] if (c.pk, p.pk) in self.marks]

    def _marks(self) -> dict:
        queryset = PeriodMark.objects.filter(school_class__in=self.ectx.classes(), derived=False)
        table = defaultdict(dict)
        for class_id, period_id, student_id, subject_id, value in self.ectx.scoped(queryset).values_list(
            "school_class_id", "period_id", "student_id", "subject_id", "value"
        ):
            table[(class_id, period_id)][(student_id, subject_id)] = value
        return table

    def _enrolments(self) -> dict:
        classes = self.ectx.classes()
        queryset = self.ectx.scoped(Enrolment.objects.filter(school_class__in=classes)).select_related("student")
        visible = set(self.ectx.students().filter(enrolments__school_class__in=classes).values_list("pk", flat=True))
        found = defaultdict(list)
        for enrolment in queryset.order_by("student__last_name", "student__first_name", "student__code"):
            if enrolment.student_id in visible:
                found[enrolment.school_class_id].append(enrolment)
        return found

    def _subjects(self, school_class: SchoolClass, period: Period) -> list[Subject]:
        wanted = {subject for (_student, subject) in self.marks.get((school_class.pk, period.pk), {})}
        if not self.ectx.with_data:
            wanted |= self.taught.get(school_class.pk) or self.taught.get(
                (school_class.school.country, school_class.grade), set()
            )
        return sorted((self.subjects[pk] for pk in wanted), key=lambda subject: subject.code)

    def _taught(self) -> dict:
        """For a template: each class's subjects from its teaching assignments, else from the curriculum."""
        taught = defaultdict(set)
        assignments = self.ectx.scoped(TeachingAssignment.objects.filter(school_class__in=self.ectx.classes()))
        for class_id, subject_id in assignments.values_list("school_class_id", "subject_id"):
            taught[class_id].add(subject_id)
        for country, grade, subject_id in SubjectGrade.objects.values_list("country", "grade", "subject_id"):
            taught[(country, grade)].add(subject_id)
        return taught


def _with_marks(classes: list[SchoolClass]) -> list[SchoolClass]:
    """The classes whose grade gets marks under the grading scheme in force (a template has no sheet for a
    grade 1 that gets feedback only); one query per grade and year, not per class."""
    schemes = {}
    for school_class in classes:
        key = (school_class.school.country, school_class.grade, school_class.year.starts_on)
        if key not in schemes:
            schemes[key] = scheme_for(*key)
    no_marks = GradingScheme.Kind.NO_MARKS
    return [c for c in classes
            if getattr(schemes[(c.school.country, c.grade, c.year.starts_on)], "kind", None) != no_marks]  # fmt: skip


def _periods(year_ids: set[int]) -> dict[int, list[Period]]:
    found = defaultdict(list)
    for period in Period.objects.filter(year_id__in=year_ids):
        found[period.year_id].append(period)
    for periods in found.values():
        periods.sort(key=lambda p: p.calendar_key)
    return found


def _on_list(enrolments: list, period: Period, marks: dict | None) -> list:
    """Students on the class list at some time in the period, and any student with a mark in it."""
    marked = {student_id for student_id, _subject in (marks or {})}
    students = {}
    for enrolment in enrolments:
        during = enrolment.starts_on <= period.ends_on and (
            enrolment.ends_on is None or enrolment.ends_on >= period.starts_on
        )
        if during or enrolment.student_id in marked:
            students.setdefault(enrolment.student_id, enrolment.student)
    return list(students.values())


def _headings(subjects) -> dict[int, str]:
    """Each subject's column heading: its name in the user's language, or "Name [code]" when another subject
    bears that name in some language (the import would not know which one is meant)."""
    owners = defaultdict(set)
    for subject in subjects:
        for name in {normal(name) for name in subject.names.values()} - {""}:
            owners[name].add(subject.pk)
    headings = {}
    for subject in subjects:
        name = subject.name or subject.code
        headings[subject.pk] = name if owners[normal(name)] == {subject.pk} else f"{name} [{subject.code}]"
    return headings
