"""Exports keep full precision, open in Excel (BOM, number formats) and never carry a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from sapat.dashboards.export import csv_bytes, export_response, neutral, xlsx_bytes
from sapat.dashboards.tables import Column, Table


@pytest.fixture
def world(shared, db):
    """The world with marked.py's marks, shared by this module's tests."""
    return shared[0]


def table() -> Table:
    columns = [Column("Unit"), Column("N", "count"), Column("quality", "percent"), Column("Δ", "change_percent")]
    rows = [
        ['=HYPERLINK("http://evil")', 6, 400 / 6, -100 / 3],
        ["+cmd", 7, None, None],
        ["-1", 0, 0.0, 0.0],
        ["@SUM(A1)", 1, 100.0, 5.0],
        ["School A", 2, 50.0, None],
    ]
    return Table("children", "Quality: compared [2024/25]", columns, rows)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_text_that_would_start_a_formula_gets_an_apostrophe(text):
    assert neutral(text) == "'" + text


def test_plain_text_and_numbers_are_left_alone():
    assert neutral("School A") == "School A"
    assert neutral(-3.5) == -3.5


def test_csv_is_utf8_with_a_bom_and_full_precision():
    content = csv_bytes(table())
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Unit", "N", "quality", "Δ"]
    assert rows[1] == ['\'=HYPERLINK("http://evil")', "6", repr(400 / 6), repr(-100 / 3)]
    assert rows[2] == ["'+cmd", "7", "", ""]
    assert rows[3][0] == "'-1"


def test_xlsx_keeps_numbers_as_numbers_with_display_formats():
    book = load_workbook(io.BytesIO(xlsx_bytes(table())))
    sheet = book.active
    assert sheet.title == "Quality  compared  2024 25"
    assert [cell.value for cell in sheet[1]] == ["Unit", "N", "quality", "Δ"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")'
    assert sheet["A2"].data_type == "s"
    assert sheet["C2"].value == pytest.approx(400 / 6)
    assert sheet["C2"].number_format == "0.0"
    assert sheet["D2"].number_format.startswith("+0.0")
    assert sheet["C3"].value is None
    assert sheet["A5"].value == "'@SUM(A1)"


def test_download_is_named_safely():
    response = export_response(table(), "csv", "school-Школа №1/../x")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="school-1-x.csv"'


@pytest.mark.django_db
def test_a_pages_table_exports_on_the_same_url(world, login, q2):
    response = login(world.aigul).get(f"/dashboards/unit/A/{q2}&format=csv&table=children")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="school-a-2024-2025-q2-children.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Class,students (N),quality of knowledge")
    assert lines[1].startswith("8а,4,50.0,75.0,3.875,64.5,1,0")


@pytest.mark.django_db
def test_a_unit_name_that_looks_like_a_formula_is_exported_as_text(world, login, q2):
    world.school_b.name_en = '=HYPERLINK("http://evil","B")'
    world.school_b.save()
    response = login(world.dana).get(f"/dashboards/unit/ALA/{q2}&format=xlsx&table=children")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == '\'=HYPERLINK("http://evil","B")'


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["&format=csv&table=nope", "&format=pdf&table=children"])
def test_an_unknown_table_or_format_is_404(world, login, q2, query):
    assert login(world.aigul).get(f"/dashboards/unit/A/{q2}{query}").status_code == 404
