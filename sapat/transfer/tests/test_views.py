"""The pages: upload → preview (counts, errors with sheet/row/column) → apply → result; downloads; the list."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from sapat.assessment.models import GradingScheme, PeriodMark
from sapat.testing import factories as f
from sapat.transfer.kinds import KINDS
from sapat.transfer.models import ImportRecord

GOOD = "Class;Period;Student code;Mathematics\r\n8а;q1;{aibek};5\r\n8б;q1;{bolot};4\r\n"


def upload(client, world, content: bytes, name="marks.csv", kind="marks", unit=None):
    data = {"kind": kind, "unit": (unit or world.school_a).pk, "file": SimpleUploadedFile(name, content)}
    return client.post("/transfer/new/", data, follow=True)


def good(world) -> bytes:
    return GOOD.format(aibek=world.aibek.code, bolot=world.bolot.code).encode("cp1251")


def test_upload_preview_apply(world, periods, login):
    client = login(world.aigul)
    page = upload(client, world, good(world))
    assert page.status_code == 200
    assert "Nothing has been saved yet" in page.text
    assert "Period marks" in page.text
    assert PeriodMark.objects.count() == 0
    record = ImportRecord.objects.get()
    assert (record.status, record.counts["marks"]["created"], record.user) == ("previewed", 2, world.aigul)
    result = client.post(f"/transfer/{record.pk}/apply/", follow=True)
    assert "The import was applied." in result.text
    assert PeriodMark.objects.count() == 2
    record.refresh_from_db()
    assert (record.status, record.content) == ("applied", b"")
    assert record.applied_at is not None
    assert client.post(f"/transfer/{record.pk}/apply/").status_code == 404  # applied once only


def test_applying_is_audited_with_who_file_and_checksum(world, periods, login):
    client = login(world.aigul)
    upload(client, world, good(world))
    record = ImportRecord.objects.get()
    client.post(f"/transfer/{record.pk}/apply/")
    entry = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == world.aigul
    assert entry.changes_dict["status"] == ["previewed", "applied"]
    assert record.checksum[:12] in entry.object_repr and "marks.csv" in entry.object_repr
    notes = [entry.additional_data["note"] for entry in LogEntry.objects.exclude(additional_data=None)]
    assert sum(record.checksum in note for note in notes) == 2


def test_a_broken_file_gives_readable_errors_never_a_crash(world, periods, login):
    content = (GOOD + "8а;q1;{aibek};7\r\n8в;q1;x;5\r\n").format(aibek=world.aibek.code, bolot=world.bolot.code)
    page = upload(login(world.aigul), world, content.encode())
    assert page.status_code == 200
    assert "The file was refused because of 2 errors" in page.text
    assert "“7” is not a mark" in page.text and "No class 8в in 2024-2025." in page.text
    assert ImportRecord.objects.get().status == "refused"
    assert 'data-testid="apply-form"' not in page.text


@pytest.mark.parametrize(
    "content", [b"\x89PNG\r\n\x1a\n\0\0", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), b""]
)
def test_hostile_uploads_answer_a_page(world, periods, login, content):
    page = upload(login(world.aigul), world, content, name="x.xlsx")
    assert page.status_code == 200


def test_an_oversized_body_is_refused_before_it_is_read(world, periods, login, settings):
    settings.SAPAT_IMPORT_MAX_MB = 1
    page = upload(login(world.aigul), world, b"a;b\r\n" * 600_000)
    assert "larger than an import takes" in page.text
    assert not ImportRecord.objects.exists()


def test_a_unit_one_may_not_change_cannot_be_chosen(world, periods, login):
    page = upload(login(world.aigul), world, good(world), unit=world.school_b)
    assert "Select a valid choice" in page.text
    assert not ImportRecord.objects.exists()


def test_the_journal_template_leaves_out_a_grade_without_marks(world, periods, login):
    """A first grade gets feedback only (a no-marks scheme for grades 1–3 in force since before the year)."""
    f.SchoolClassFactory(school=world.school_a, year=world.year, grade=1, letter="а")
    GradingScheme.objects.create(code="kg-1-3", country="KG", kind="no_marks", grade_from=1, grade_to=3,
                                 effective_from=datetime.date(2020, 9, 1))  # fmt: skip
    response = login(world.aigul).get("/transfer/templates/marks/?unit=A&period=q1")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["8а q1", "8б q1", "_codes"]


def test_the_journal_template_lists_the_class(world, periods, login):
    response = login(world.aigul).get("/transfer/templates/marks/?unit=A&period=q1")
    workbook = load_workbook(io.BytesIO(response.content))
    assert response["Content-Disposition"] == 'attachment; filename="sapat-marks-A-2024-2025.xlsx"'
    assert workbook.sheetnames == ["8а q1", "8б q1", "_codes"]
    assert workbook["_codes"].sheet_state == "hidden"
    sheet = workbook["8а q1"]
    assert [cell.value for cell in sheet[1]][:8] == ["School", "A", "Academic year", "2024-2025", "Class", "8а",
                                                     "Period", "q1"]  # fmt: skip
    assert [cell.value for cell in sheet[3]][:5] == ["No.", "Student code", "Student", "Mathematics", None]
    assert sheet["C4"].value == "Asanov Aibek"
    assert sheet.data_validations.dataValidation[0].formula1 == "'_codes'!$F$2:$F$7"


def test_headers_follow_the_users_language(world, periods, login):
    world.aigul.language = "ru"
    world.aigul.save()
    response = login(world.aigul).get("/transfer/templates/scores/?unit=A&format=csv")
    with translation.override("ru"):
        expected = KINDS["scores"].header()
    assert response.content.decode("utf-8-sig").splitlines()[0].split(";") == expected
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_exported_text_is_neutralised_against_formulas(world, periods, login):
    world.aibek.last_name = "=HYPERLINK(1)"
    world.aibek.save()
    text = login(world.aigul).get("/transfer/templates/classes/?unit=A&data=1&format=csv").content.decode("utf-8-sig")
    assert ";'=HYPERLINK(1);" in text
    workbook = load_workbook(io.BytesIO(login(world.aigul).get("/transfer/templates/classes/?unit=A&data=1").content))
    assert "'=HYPERLINK(1)" in [cell.value for row in workbook.worksheets[0].iter_rows() for cell in row]


@pytest.mark.parametrize(("page", "budget"), [("/transfer/", 12), ("/transfer/new/", 12), ("detail", 10)])
def test_pages_do_not_grow_queries_with_rows(world, periods, login, django_assert_max_num_queries, page, budget):
    client = login(world.aigul)
    for number in range(5):
        upload(client, world, good(world), name=f"m{number}.csv")
    url = f"/transfer/{ImportRecord.objects.first().pk}/" if page == "detail" else page
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
