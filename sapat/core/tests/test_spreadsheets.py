"""One spreadsheet writer: a hostile text written through each caller (a dashboard's export, a report, an
import template with data) reads back with openpyxl as text, never as a formula; sheet names follow Excel's
rules in one place."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from sapat.core import spreadsheets
from sapat.dashboards.export import xlsx_bytes as dashboard_xlsx
from sapat.dashboards.tables import Column as DashboardColumn
from sapat.dashboards.tables import Table as DashboardTable
from sapat.reports.document import COUNT, Column, Document, Paragraph, Section, Signature, Table
from sapat.reports.renderers import xlsx as report_xlsx
from sapat.structure.models import Student
from sapat.transfer.kinds import KINDS, ExportContext
from sapat.transfer.templates import export_xlsx

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def texts(content: bytes) -> list[tuple[str, str, object]]:
    """Every non-empty cell of every sheet: (sheet, data type, value)."""
    book = load_workbook(io.BytesIO(content))
    return [(sheet.title, cell.data_type, cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.value is not None]  # fmt: skip


def assert_stored_as_text(content: bytes, text: str) -> None:
    """The text is there, behind its apostrophe, and no cell of the workbook is a formula or would be one."""
    cells = texts(content)
    assert ("s", "'" + text) in [(kind, value) for _sheet, kind, value in cells]
    assert not [cell for cell in cells if cell[1] == "f"]
    assert not [cell for cell in cells if isinstance(cell[2], str) and cell[2].startswith(spreadsheets.FORMULA_STARTS)]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_dashboard_export_stores_hostile_text_as_text(text):
    table = DashboardTable("t", "Quality", [DashboardColumn("Unit"), DashboardColumn("N", "count")], [[text, 3]])
    assert_stored_as_text(dashboard_xlsx(table), text)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_report_stores_hostile_text_as_text(text):
    """A text typed into a report (its recommendations, a unit's name in a table, a signature) is the report's."""
    document = Document(
        language="en", title="Note", facts=(("Checked by", text),),
        sections=(Section("1. Findings", (Paragraph(text), Table(text, (Column("Class"), Column("N", COUNT)),
                                                                 ((text, 4),)))),),
        signatures=(Signature(text, "Aigul"),), as_of=datetime.datetime(2025, 1, 5, 10, 30, tzinfo=datetime.UTC),
    )  # fmt: skip
    content = report_xlsx.render(document)
    assert_stored_as_text(content, text)
    book = load_workbook(io.BytesIO(content))
    assert book.worksheets[1]["B3"].value == 4 and book.worksheets[1]["B3"].number_format == "0"


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_an_import_template_with_data_stores_hostile_text_as_text(world, text):
    Student.objects.filter(pk=world.aibek.pk).update(last_name=text)
    ectx = ExportContext(user=world.aigul, unit=world.school_a, year=world.year, with_data=True)
    assert_stored_as_text(export_xlsx(KINDS["classes"], ectx), text)


def test_sheet_names_are_valid_and_unique():
    names = spreadsheets.SheetNames()
    long = "Quality of knowledge: 8а [2024/2025] by subject and by teacher"
    first, second, third = names(long), names(long.upper()), names("'*?'")
    assert first == "Quality of knowledge  8а  2024"
    assert len(first) <= 31 and not set(first) & set("[]:*?/\\")
    assert second == "QUALITY OF KNOWLEDGE  8А  2 (2)" and len(second) <= 31
    assert third == "Sheet"
    assert names("Sheet") == "Sheet (2)"


def test_cells_keep_numbers_and_dates_and_drop_what_a_sheet_cannot_hold():
    moment = datetime.datetime(2025, 1, 5, 10, 30, tzinfo=datetime.UTC)
    assert spreadsheets.row([3, 2.5, None, moment, "a\x00b", "-3"]) == [
        3, 2.5, None, datetime.datetime(2025, 1, 5, 10, 30), "ab", "'-3",
    ]  # fmt: skip
