"""What every import kind has: columns, a way to load a read file, a way to export its rows as a template.

A kind's `load` runs inside the transaction the import service opens (and rolls back for a preview); it
writes only through the batch services of the apps (marks, scores, control results, external results) or the
structure's services, and reports counts and located problems in an Outcome.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.access.scope import restrict
from sapat.assessment.services import BatchRefused
from sapat.structure.models import AcademicYear, OrgUnit, Period, SchoolClass, Student
from sapat.structure.models.calendar import PERIOD_LABELS

from ..headers import PERIOD_SYNONYMS, Choices, Column, column
from ..outcome import Outcome, Problem
from ..parsers import Book, FileRefused
from ..resolving import Context, ScopedResolver, choice
from ..tables import Record, RowError, Table, find_table, resolved, single_sheet

PERIODS = Choices(PERIOD_LABELS, PERIOD_SYNONYMS)


@dataclass
class SheetData:
    """One sheet of a template or export: an optional title block (label, value pairs), a header, rows, and
    which columns get a drop-down list from the hidden codes sheet (column position → list name)."""

    name: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    title: list[tuple[str, object]] = field(default_factory=list)
    lists: dict[int, str] = field(default_factory=dict)


@dataclass
class ExportContext:
    """Whose eyes the export is for (None: the command line, unrestricted), which unit and year (None: every
    year), whether rows are wanted (a template has none, except the journal's list of students), and the
    period of a journal template."""

    user: object
    unit: OrgUnit
    year: AcademicYear | None = None
    with_data: bool = True
    period: Period | None = None

    def scoped(self, queryset):
        return restrict(queryset, self.user) if self.user is not None else queryset

    def schools(self):
        return self.scoped(OrgUnit.objects.subtree(self.unit).schools()).order_by("code")

    def years(self) -> list[AcademicYear]:
        if self.year is not None:
            return [self.year]
        countries = set(self.schools().values_list("country", flat=True)) or {self.unit.country}
        used = SchoolClass.objects.filter(school__in=self.schools()).values("year")
        return list(AcademicYear.objects.filter(country__in=countries, pk__in=used).order_by("code"))

    def classes(self):
        years = self.years()
        queryset = SchoolClass.objects.filter(school__in=self.schools(), year__in=years)
        return (
            self.scoped(queryset)
            .select_related("school", "year", "class_teacher")
            .order_by("school__code", "year__code", "grade", "letter")
        )

    def students(self):
        return self.scoped(Student.objects.filter(school__in=self.schools()))


class Kind:
    """An import kind. Subclasses set the class attributes and implement `load` and `export`."""

    code = ""
    title = gettext_lazy("import")
    help = gettext_lazy("")
    columns: tuple[Column, ...] = ()
    file_name = ""

    def load(self, book: Book, ctx: Context) -> Outcome:
        raise NotImplementedError

    def export(self, ectx: ExportContext) -> list[SheetData]:
        raise NotImplementedError

    def may_import(self, user, unit: OrgUnit | None) -> bool:
        """Whether `user` may import a file of this kind into `unit`: the units they may change (the scoping rule,
        for_change); a kind whose rows say who may write them can open itself wider."""
        from ..services import may_import_into

        return may_import_into(user, unit)

    def fits(self, book: Book) -> int:
        """How well the file's header matches this kind: the number of its columns found in the best sheet
        whose header holds every required column and few others (fewer unread headings than half the columns
        found), 0 when none does (the file is not of this kind)."""
        if not any(column.required for column in self.columns):
            return 0
        return max((_header_size(sheet, self.columns) for sheet in book.sheets), default=0)

    def export_flat(self, ectx: ExportContext) -> SheetData:
        """The export as one table (a CSV file); kinds with one sheet have it already."""
        return self.export(ectx)[0]

    def header(self) -> list[str]:
        return [str(column.label) for column in self.columns]


class TableKind(Kind):
    """A kind whose file is one table with a row per thing; `entry` turns a row into what the service takes."""

    service_thing = ""

    def load(self, book: Book, ctx: Context) -> Outcome:
        outcome = Outcome()
        table = self.table(book, outcome)
        resolver = self.resolver(ctx)
        entries = []
        each_row(table.records, outcome, lambda record: entries.append(self.entry(record, resolver, ctx)))
        by_row = {record.number: record for record in table.records}
        try:
            self.save(entries, ctx, outcome)
        except BatchRefused as refused:
            outcome.problems += [_row_problem(table, by_row, row, message) for row, message in refused.errors]
        return outcome

    def table(self, book: Book, outcome: Outcome) -> Table:
        """The one table of the file, with a warning for the columns nobody reads."""
        table = find_table(single_sheet(book.sheets), self.columns)
        self.check_headings(table, outcome)
        return table

    def resolver(self, ctx: Context) -> ScopedResolver:
        return ScopedResolver(ctx)

    def entry(self, record: Record, resolver: ScopedResolver, ctx: Context):
        raise NotImplementedError

    def save(self, entries: list, ctx: Context, outcome: Outcome) -> None:
        raise NotImplementedError

    def check_headings(self, table: Table, outcome: Outcome) -> None:
        """Columns nobody reads would be data silently lost: say so (a warning, the rest still loads)."""
        ignored = [heading for position, heading in table.extra.items() if not self.reads_extra(heading)]
        if ignored:
            outcome.warnings.append(
                _("These columns are not read: %(columns)s.") % {"columns": ", ".join(f"“{h}”" for h in ignored)}
            )

    def reads_extra(self, heading: str) -> bool:
        return False


def _header_size(sheet, columns) -> int:
    try:
        table = find_table(sheet, columns)
    except FileRefused:
        return 0
    extra = [heading for heading in table.extra.values() if heading]
    return len(table.columns) if 2 * len(extra) < len(table.columns) else 0


def each_row(records, outcome: Outcome, handle) -> None:
    """`handle(record)` for every row; a row that cannot be used becomes its located problem and the others
    go on, so that one run names every bad row."""
    for record in records:
        try:
            handle(record)
        except RowError as error:
            outcome.problems.append(error.problem)
        except ValidationError as error:
            outcome.problems.append(record.problem("; ".join(error.messages)))


def _row_problem(table: Table, by_row: dict, row: int, message: str) -> Problem:
    record = by_row.get(row)
    return record.problem(message) if record else Problem(str(message), table.sheet.name, row or None)


# Columns and readings shared by the kinds of results


def place_columns(*, class_required: bool = True) -> tuple[Column, ...]:
    return (
        column("school", gettext_lazy("School"), required=False),
        column("year", gettext_lazy("Academic year"), required=False),
        column("class", gettext_lazy("Class"), required=class_required),
        column("student", gettext_lazy("Student code"), required=False, extra=("код",)),
        column("student_name", gettext_lazy("Student"), required=False),
    )


def pupil(record: Record, resolver: ScopedResolver) -> tuple:
    """(school, year, class, student) of a row; the class may be absent when the kind allows it."""
    school = resolved(record, "school", resolver.school, record["school"])
    year = resolved(record, "year", resolver.year, school, record["year"])
    school_class = None
    if record["class"]:
        school_class = resolved(record, "class", resolver.school_class, school, year, record["class"])
    key = "student" if record["student"] or not record.table.has("student_name") else "student_name"
    student = resolved(
        record, key, resolver.student_in, school, record["student"], record["student_name"], school_class
    )
    return school, year, school_class, student


def period_of(resolver: ScopedResolver, year: AcademicYear, text: str) -> Period:
    code = choice(PERIODS, text, _("Unknown period “%(value)s”: use q1, q2, q3, q4, h1, h2 or year."))
    return resolver.period(year, code)


def extra_columns(table: Table, matcher) -> dict[int, object]:
    """The positions of the columns whose heading `matcher` (is_task_column, is_part_column) accepts."""
    return {position: match for position, heading in table.extra.items() if (match := matcher(heading))}
