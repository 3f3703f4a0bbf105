"""Reading files: each encoding and separator Excel in the region writes, and every kind of bad or hostile file
refused with a clear message (built here: a zip bomb, a 10,000-column sheet, a merged header, a formula…)."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from sapat.assessment.models import PeriodMark
from sapat.transfer.parsers import MB, Limits, read_book

from .conftest import export, load

CSV_ROWS = [
    ["Class", "Period", "Student code", "Student", "Mathematics"],
    ["8а", "1 четверть", "{aibek}", "Asanov Aibek", "5"],
    ["8б", "q1", "{bolot}", "Bolotov Bolot", "н/а"],
]


def marks_csv(world, *, delimiter=",", encoding="utf-8") -> bytes:
    lines = [delimiter.join(row).format(aibek=world.aibek.code, bolot=world.bolot.code) for row in CSV_ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def problems(outcome) -> str:
    return " | ".join(problem.message for problem in outcome.problems)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("utf-8", ";"), ("utf-8-sig", ";"), ("cp1251", ";"), ("cp1251", ","),
     ("utf-16", "\t"), ("utf-8", "\t")],
)  # fmt: skip
def test_each_encoding_and_separator_is_read(world, periods, encoding, delimiter):
    outcome = load("marks", marks_csv(world, delimiter=delimiter, encoding=encoding), unit=world.school_a)
    assert outcome.problems == []
    assert dict(PeriodMark.objects.values_list("student__code", "value")) == {
        world.aibek.code: "5",
        world.bolot.code: "na",
    }


def test_kazakh_windows_text_is_read_as_kz1048():
    text = "Сынып;Оқушы\r\n5а;Әлихан Қасымұлы Үсенов\r\n"
    book = read_book(text.encode("kz1048"))
    assert book.encoding == "kz1048"
    assert book.sheets[0].rows[1][1] == ["5а", "Әлихан Қасымұлы Үсенов"]


def test_a_russian_windows_file_is_cp1251():
    book = read_book("Класс;Ученик\r\n8а;Иванов Пётр\r\n".encode("cp1251"))
    assert (book.encoding, book.delimiter) == ("cp1251", ";")
    assert book.sheets[0].rows[1][1] == ["8а", "Иванов Пётр"]


def test_a_title_line_without_separators_does_not_fool_the_sniffer():
    book = read_book("Ведомость\r\nКласс;Ученик;Математика\r\n8а;Иванов;5\r\n".encode())
    assert book.delimiter == ";"


# Bad and hostile files -----------------------------------------------------------------------------------


def refused(world, content: bytes, **kwargs) -> str:
    outcome = load("marks", content, unit=world.school_a, **kwargs)
    assert outcome.refused
    assert PeriodMark.objects.count() == 0
    return problems(outcome)


def template(world) -> bytes:
    """The journal template of A in the first quarter, with Aibek's mathematics mark filled in."""
    workbook = load_workbook(io.BytesIO(export("marks", world.school_a, with_data=False)))
    sheet = workbook["8а q1"]
    sheet["D4"] = 5
    return save(workbook)


def save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def taught(world, periods):
    """A's 8а learns mathematics (the template's subject column)."""
    return periods


def test_the_template_itself_loads(world, taught):
    outcome = load("marks", template(world), unit=world.school_a)
    assert outcome.problems == []
    assert PeriodMark.objects.get().value == "5"


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", bytes(range(256)) * 8],
    ids=["png", "pdf", "binary"],
)
def test_what_is_not_a_spreadsheet_is_refused(world, periods, content):
    assert "not a spreadsheet" in refused(world, content)


def test_a_word_document_is_not_a_spreadsheet(world, periods):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "not a spreadsheet" in refused(world, out.getvalue())


def test_an_empty_file_is_refused(world, periods):
    assert "empty" in refused(world, b"  \r\n")


def test_a_truncated_workbook_is_damaged(world, taught):
    content = template(world)
    assert "damaged" in refused(world, content[: len(content) // 2])


def test_a_workbook_with_broken_xml_is_damaged(world, taught):
    assert "damaged" in refused(
        world, rewrite(template(world), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row")
    )


def rewrite(content: bytes, member: str, data: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == member else source.read(info.filename))
    return out.getvalue()


def test_a_password_protected_workbook_is_refused(world, periods):
    # Excel stores an encrypted workbook as an OLE compound file with an "EncryptedPackage" stream.
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024)
    assert "protected by a password" in refused(world, content)


def test_an_old_xls_file_is_refused_with_advice(world, periods):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1024)
    assert "Excel 97–2003" in refused(world, content)


def test_a_formula_is_refused_with_its_cell(world, taught):
    workbook = load_workbook(io.BytesIO(template(world)))
    workbook["8а q1"]["D4"] = "=2+3"
    outcome = load("marks", save(workbook), unit=world.school_a)
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [("8а q1", 4, "D")]
    assert "formula" in problems(outcome)


def test_merged_header_cells_are_refused(world, taught):
    workbook = load_workbook(io.BytesIO(template(world)))
    workbook["8а q1"].merge_cells("B3:C3")
    outcome = load("marks", save(workbook), unit=world.school_a)
    assert "B3:C3 are merged" in problems(outcome)
    assert (outcome.problems[0].row, outcome.problems[0].column) == (3, "B")


def test_a_merged_title_above_the_table_is_harmless(world, taught):
    workbook = load_workbook(io.BytesIO(template(world)))
    sheet = workbook["8а q1"]
    sheet.insert_rows(1)
    sheet["A1"] = "Journal of 8а"
    sheet.merge_cells("A1:F1")
    assert load("marks", save(workbook), unit=world.school_a).problems == []


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, taught, settings):
    settings.SAPAT_IMPORT_MAX_UNZIPPED_MB = 5
    out = io.BytesIO(template(world))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/media/filler.bin", "w") as member:
        for _ in range(8):
            member.write(bytes(MB))  # 8 MB of zeros pack into a few kilobytes
    assert len(out.getvalue()) < MB
    assert "unpacks to 8 MB, more than the 5 MB" in refused(world, out.getvalue())


def test_xml_with_entities_is_refused(world, taught):
    sheet = zipfile.ZipFile(io.BytesIO(template(world))).read("xl/worksheets/sheet1.xml")
    hostile = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + sheet
    assert "damaged" in refused(world, rewrite(template(world), "xl/worksheets/sheet1.xml", hostile))


def test_a_sheet_of_ten_thousand_columns_is_refused(world, periods):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("8а q1")
    sheet.append(["Student code", "Student", *[f"c{n}" for n in range(10_000)]])
    assert "10002 columns, more than the 500" in refused(world, save(workbook))


def test_too_many_rows_are_refused(world, periods, settings):
    settings.SAPAT_IMPORT_MAX_ROWS = 50
    content = "Class,Period,Student code,Mathematics\r\n" + "8а,q1,x,5\r\n" * 60
    assert "more than 50 rows" in refused(world, content.encode())


def test_a_huge_file_is_refused_by_its_size(world, periods, settings):
    settings.SAPAT_IMPORT_MAX_MB = 1
    assert "1.5 MB, more than the 1 MB" in refused(world, b"a,b\r\n" * (3 * MB // 10))


def test_limits_come_from_the_settings(settings):
    settings.SAPAT_IMPORT_MAX_MB, settings.SAPAT_IMPORT_MAX_COLUMNS = 7, 40
    limits = Limits.from_settings()
    assert (limits.max_bytes, limits.max_columns) == (7 * MB, 40)


@pytest.mark.parametrize(
    ("exported", "chosen", "title"),
    [
        ("marks", "control", "Period marks (journal)"),
        ("marks", "classes", "Period marks (journal)"),
        ("control", "marks", "Control-work results"),
        ("control", "external", "Control-work results"),
        ("staff", "classes", "Staff and their categories"),
        ("classes", "assignments", "Classes and student lists"),
        ("external", "control", "External test results"),
    ],
)
def test_a_file_of_another_kind_says_which_kind_it_is(world, rich, exported, chosen, title):
    content = export(exported, world.school_a, year=world.year)
    outcome = load(chosen, content, unit=world.school_a, commit=False)
    assert outcome.problems[0].message == (
        f"This looks like a file of another kind: “{title}”. Choose “{title}” and upload it again."
    )


def test_a_file_of_the_chosen_kind_with_a_bad_mark_is_not_taken_for_another_kind(world, taught):
    content = "\r\n".join(",".join(row) for row in [CSV_ROWS[0], ["8а", "q1", world.aibek.code, "Asanov Aibek", "7"]])
    outcome = load("marks", content.encode(), unit=world.school_a, commit=False)
    assert "another kind" not in problems(outcome)
    assert "“7” is not a mark" in problems(outcome)
