"""Finding the table in a sheet: the header row (recognised by its column names), the rows under it, and
where each value came from, so that every problem names its sheet, row and column."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from .headers import Column, normal
from .outcome import Problem
from .parsers import FileRefused, Sheet

HEADER_SEARCH_ROWS = 15  # a title block above the table may take a few rows


@dataclass
class Table:
    """A sheet's table: the header row, which column holds which key, the unrecognised headings, the rows."""

    sheet: Sheet
    header_row: int
    headings: list[str]
    columns: dict[str, int]  # key -> 0-based position
    extra: dict[int, str]  # 0-based position -> heading of a column no key claimed
    above: list[tuple[int, list[str]]]  # the rows above the header (a title block)
    records: list["Record"] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.columns

    def problem(self, message: str, position: int | None = None, row: int | None = None) -> Problem:
        column = get_column_letter(position + 1) if position is not None else ""
        heading = self.headings[position] if position is not None and position < len(self.headings) else ""
        return Problem(str(message), self.sheet.name, row, column, heading)


@dataclass
class Record:
    """One row under the header: its number in the sheet, and its cells."""

    table: Table
    number: int
    cells: list[str]

    def __getitem__(self, key: str) -> str:
        position = self.table.columns.get(key)
        return self.cell(position) if position is not None else ""

    def cell(self, position: int) -> str:
        return self.cells[position] if position < len(self.cells) else ""

    def problem(self, message: str, key: str | None = None, position: int | None = None) -> Problem:
        if key is not None:
            position = self.table.columns.get(key)
        return self.table.problem(message, position, self.number)


class RowError(Exception):
    """A row that cannot be used; carries its located problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def resolved(record: Record, key: str | None, function, *args):
    """Call `function(*args)`; a ValueError (the loaders' way of saying "bad value") becomes a RowError
    located at the row and the column of `key`."""
    try:
        return function(*args)
    except ValueError as error:
        raise RowError(record.problem(str(error), key)) from None


def recognise(headings: list[str], columns: tuple[Column, ...]) -> tuple[dict[str, int], dict[int, str]]:
    """Which column holds which key, and the headings no key claimed (a key claimed twice: first wins)."""
    names = {name: column.key for column in columns for name in column.names()}
    found, extra = {}, {}
    for position, heading in enumerate(headings):
        key = names.get(normal(heading))
        if key and key not in found:
            found[key] = position
        elif normal(heading):  # a heading of signs only ("№") names nothing
            extra[position] = heading
    return found, extra


def find_table(sheet: Sheet, columns: tuple[Column, ...], *, anchors: tuple[str, ...] = ()) -> Table:
    """The first row among the first few that holds every required column (and one of the `anchors`, when
    given) is the header; refuse the sheet when there is none, naming the columns missing from the best row."""
    required = {column.key for column in columns if column.required}
    best = None
    for index, (number, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found, extra = recognise(cells, columns)
        if required <= found.keys() and (not anchors or any(key in found for key in anchors)):
            table = Table(sheet, number, cells, found, extra, sheet.rows[:index])
            _refuse_merged(table)
            table.records = [Record(table, row, values) for row, values in sheet.rows[index + 1 :]]
            return table
        if best is None or len(found) > len(best):
            best = found
    missing = [column for column in columns if column.key in required - (best or {}).keys()]
    if anchors and not any(key in (best or {}) for key in anchors):
        missing += [column for column in columns if column.key == anchors[0]]
    raise FileRefused(
        _("No header row with the columns this import needs; missing: %(columns)s. Download the template to see "
          "the columns.") % {"columns": ", ".join(f"“{column.label}”" for column in missing)},
        sheet=sheet.name,
    )  # fmt: skip


def _refuse_merged(table: Table) -> None:
    """Merged cells above the table (a title) are harmless; in the header or the rows they hide values."""
    for min_row, max_row, min_col, _max_col, ref in table.sheet.merged:
        if max_row >= table.header_row:
            raise FileRefused(
                _("The cells %(range)s are merged. Unmerge them (Home → Merge & Center) and write the value in "
                  "every cell.") % {"range": ref},
                sheet=table.sheet.name, row=min_row, column=get_column_letter(min_col),
            )  # fmt: skip


def single_sheet(sheets: list[Sheet]) -> Sheet:
    """The one sheet of a kind that takes one table; refuse a file with several (which one would be meant?)."""
    if not sheets:
        raise FileRefused(_("The file has no visible sheet with data."))
    if len(sheets) > 1:
        raise FileRefused(
            ngettext("This import takes one sheet, and the file has %(count)s visible sheet (%(names)s). Delete or "
                     "hide the others.",
                     "This import takes one sheet, and the file has %(count)s visible sheets (%(names)s). Delete or "
                     "hide the others.", len(sheets))
            % {"count": len(sheets), "names": ", ".join(sheet.name for sheet in sheets)}
        )  # fmt: skip
    return sheets[0]
