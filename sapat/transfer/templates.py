"""Writing a kind's sheets as an XLSX workbook or a CSV file: the downloadable templates and the exports.

A workbook has the kind's sheets (headers in the user's language, the journal's title block) and a hidden
sheet "_codes" with the lists people pick from: the unit's schools, classes, subjects, periods, mark values
and the kind's coded values; columns that take one of them get a drop-down list (a data validation that
warns rather than forbids, since the import also reads synonyms). Text that a spreadsheet would take for a
formula is written with a leading apostrophe, in both formats, and sheets get valid unique names: the rules of
sapat.core.spreadsheets, the writer every XLSX of Sapat goes through.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from sapat.assessment.models import ExternalTest
from sapat.core import spreadsheets
from sapat.structure.models import Country, OrgUnit, Period, Subject
from sapat.structure.models.classes import Gender
from sapat.structure.models.staff import Category, Position

from .kinds import ExportContext, Kind, SheetData
from .kinds.marks import MARK_DISPLAY
from .kinds.results import SCORE_KIND_SHORT

CODES_SHEET = "_codes"
EXTRA_ROWS = 300  # rows under the data that still get the drop-down lists


def _labels(choices) -> list[str]:
    return [str(label) for _code, label in choices.choices]


def _lists(ectx: ExportContext) -> dict[str, tuple[str, list]]:
    """Each list of the codes sheet: its heading and its values."""
    classes = sorted({c.name for c in ectx.classes()}, key=lambda name: (len(name), name))
    return {
        "schools": (_("Schools"), list(ectx.schools().values_list("code", flat=True))),
        "classes": (_("Classes"), classes),
        "subjects": (_("Subjects"), list(Subject.objects.order_by("code").values_list("code", flat=True))),
        "periods": (_("Periods"), list(Period.ORDER)),
        "marks": (_("Marks"), list(MARK_DISPLAY.values())),
        "control_marks": (_("Control-work marks"), [5, 4, 3, 2]),
        "score_kinds": (_("Kinds of score"), list(SCORE_KIND_SHORT.values())),
        "test_kinds": (_("Kinds of test"), _labels(ExternalTest.Kind)),
        "unit_kinds": (_("Kinds of unit"), _labels(OrgUnit.Kind)),
        "countries": (_("Countries"), list(Country.values)),
        "school_kinds": (_("Kinds of school"), _labels(OrgUnit.SchoolKind)),
        "settlements": (_("Settlements"), _labels(OrgUnit.Settlement)),
        "genders": (_("Genders"), _labels(Gender)),
        "positions": (_("Positions"), _labels(Position)),
        "categories": (_("Categories"), _labels(Category)),
    }


def export_xlsx(kind: Kind, ectx: ExportContext) -> bytes:
    """The kind's sheets (rows when the context asks for data) as an .xlsx file, with the codes sheet."""
    sheets = kind.export(ectx) or [SheetData(str(kind.title)[:31], kind.header())]
    workbook, names = spreadsheets.workbook()
    names.taken.add(CODES_SHEET.casefold())
    ranges = _write_codes(workbook, _lists(ectx))
    for data in sheets:
        _write_sheet(workbook, data, ranges, names)
    workbook.move_sheet(CODES_SHEET, offset=len(workbook.sheetnames) - 1)
    workbook[CODES_SHEET].sheet_state = "hidden"
    workbook.active = 0
    return spreadsheets.xlsx_bytes(workbook)


def _write_codes(workbook: Workbook, lists: dict) -> dict[str, str]:
    """The hidden sheet of codes; answers each list's range for the data validations."""
    sheet = workbook.create_sheet(CODES_SHEET)
    ranges = {}
    position = 1
    for name, (heading, values) in lists.items():
        letter = get_column_letter(position)
        sheet.cell(row=1, column=position, value=heading)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=position, value=cell(value))
        if values:
            ranges[name] = f"{quote_sheetname(CODES_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        position += 1
        if name == "subjects":  # the names beside the codes, for reading
            sheet.cell(row=1, column=position, value=_("Subject names"))
            for row, subject in enumerate(Subject.objects.order_by("code"), start=2):
                sheet.cell(row=row, column=position, value=cell(subject.name))
            position += 1
    return ranges


def _write_sheet(workbook: Workbook, data: SheetData, ranges: dict, names: spreadsheets.SheetNames) -> None:
    sheet = spreadsheets.add_sheet(workbook, names, data.name)
    if data.title:
        sheet.append([cell(value) for pair in data.title for value in pair])
        for index in range(0, 2 * len(data.title), 2):
            sheet.cell(row=1, column=index + 1).font = Font(bold=True)
        sheet.append([])
    sheet.append([cell(value) for value in data.header])
    header_row = sheet.max_row
    for position in range(1, len(data.header) + 1):
        sheet.cell(row=header_row, column=position).font = Font(bold=True)
        width = max(8, min(40, len(str(data.header[position - 1])) + 2))
        sheet.column_dimensions[get_column_letter(position)].width = width
    for row in data.rows:
        sheet.append([cell(value) for value in row])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    last = header_row + len(data.rows) + EXTRA_ROWS
    _validations(sheet, data, ranges, header_row + 1, last)


def _validations(sheet, data: SheetData, ranges: dict, first: int, last: int) -> None:
    by_list: dict[str, list[str]] = {}
    for position, name in data.lists.items():
        if name in ranges and position < len(data.header):
            letter = get_column_letter(position + 1)
            by_list.setdefault(name, []).append(f"{letter}{first}:{letter}{last}")
    for name, areas in by_list.items():
        validation = DataValidation(type="list", formula1=ranges[name], allow_blank=True, errorStyle="warning")
        validation.error = _("This value is not in the list; the import will check it.")
        for area in areas:
            validation.add(area)
        sheet.add_data_validation(validation)


def cell(value):
    """A value as a workbook cell: numbers and dates as they are, text neutralised against formulas, an empty
    text an empty cell."""
    return None if value == "" else spreadsheets.cell(value)


def export_csv(kind: Kind, ectx: ExportContext, *, delimiter: str = ";") -> bytes:
    """The kind as one CSV table in UTF-8 with a BOM (Excel opens it right); with ";" numbers get a decimal
    comma, as Excel in the region writes them."""
    data = kind.export_flat(ectx)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([text(value, delimiter) for value in data.header])
    for row in data.rows:
        writer.writerow([text(value, delimiter) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def text(value, delimiter: str = ",") -> str:
    """A value as CSV text: dates ISO, numbers plain (decimal comma after ";"), text neutralised."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        written = str(value)
        return written.replace(".", ",") if delimiter == ";" else written
    if isinstance(value, int):
        return str(value)
    return spreadsheets.neutralise(str(value))


def export_folder(ectx: ExportContext, folder, *, form: str = "xlsx", kinds=None) -> list:
    """Write every kind (or `kinds`) into `folder` as 01-units.xlsx, 02-calendar.xlsx, …: a school's data in
    the shape of the import templates, so that importing the folder elsewhere recreates it."""
    from .kinds import KINDS

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, (code, kind) in enumerate(KINDS.items(), start=1):
        if kinds and code not in kinds:
            continue
        path = folder / f"{index:02d}-{kind.file_name}.{form}"
        path.write_bytes(export_xlsx(kind, ectx) if form == "xlsx" else export_csv(kind, ectx))
        written.append(path)
    return written
