"""The rules of importing: headers in four languages, preview saves nothing, all or nothing, the same file twice
changes nothing, closed periods, another school's rows, and how the journal shape is read."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from openpyxl import Workbook

from sapat.assessment.models import PeriodMark, Score
from sapat.assessment.services import MarkEntry, period_marks_save
from sapat.structure.models import Enrolment, SchoolClass, Staff, Student, Subject
from sapat.testing import factories as f
from sapat.transfer.headers import normal
from sapat.transfer.outcome import Outcome
from sapat.transfer.services import _guarded

from .conftest import load


def csv(*rows) -> bytes:
    return ("\r\n".join(";".join(str(cell) for cell in row) for row in rows) + "\r\n").encode("utf-8-sig")


def xlsx(sheets: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def messages(outcome) -> list[str]:
    return [problem.message for problem in outcome.problems]


# Headers in the four languages ---------------------------------------------------------------------------

HEADERS = {
    "en": ["School", "Class", "Student code", "Student", "Subject", "Period", "Mark"],
    "ru": ["Школа", "Класс", "Код ученика", "ФИО", "Предмет", "Четверть", "Оценка"],
    "ky": ["Мектеп", "Класс", "Окуучунун коду", "Аты-жөнү", "Сабак", "Чейрек", "Баа"],
    "kk": ["Мектеп", "Сынып", "Оқушы коды", "Аты-жөні", "Пән", "Тоқсан", "Баға"],
}
SCORE_HEADERS = {
    "en": ["Class", "Student code", "Subject", "Period", "Kind of score", "Score", "Maximum"],
    "ru": ["Класс", "Код ученика", "Предмет", "Четверть", "Вид оценивания", "Балл", "Макс. балл"],
    "ky": ["Класс", "Окуучунун коду", "Сабак", "Чейрек", "Баалоо түрү", "Упай", "Максималдуу балл"],
    "kk": ["Сынып", "Оқушы коды", "Пән", "Тоқсан", "Бағалау түрі", "Ұпай", "Ең жоғары балл"],
}


@pytest.mark.parametrize("language", list(SCORE_HEADERS))
def test_score_headers_are_recognised_in_each_language(world, rich, language):
    kz = rich["kz"]
    content = csv(SCORE_HEADERS[language], ["5а", "K-2", "math", "1 тоқсан", "ТЖБ", "20", "25"])
    outcome = load("scores", content, unit=kz["school"])
    assert outcome.problems == []
    assert Score.objects.filter(student=kz["berik"], kind="soch").get().score == 20


@pytest.mark.parametrize("language", list(HEADERS))
def test_journal_headers_are_recognised_in_each_language(world, periods, language):
    school, klass, code, name, _subject, period, _mark = HEADERS[language]
    content = csv([school, klass, period, code, name, "Mathematics"], ["A", "8а", "q1", world.aibek.code, "", "5"])
    assert load("marks", content, unit=world.school_a).problems == []
    assert PeriodMark.objects.get().value == "5"


def test_headers_ignore_case_punctuation_and_spaces():
    assert normal(" Ф.И.О. ") == normal("фио") == "фио"
    assert normal("Student_name") == normal("student name")


@pytest.mark.parametrize(
    "written", ["q1", "1 четверть", "I четверть", "1-я четверть", "1 чейрек", "1-тоқсан", "1st quarter", "Q1"]
)
def test_periods_are_recognised_as_people_write_them(world, periods, written):
    content = csv(["Class", "Period", "Student code", "Mathematics"], ["8а", written, world.aibek.code, "4"])
    assert load("marks", content, unit=world.school_a).problems == []
    assert PeriodMark.objects.get().period.code == "q1"


def test_a_missing_column_is_named(world, periods):
    outcome = load("scores", csv(["Class", "Student code", "Subject"], ["8а", "x", "math"]), unit=world.school_a)
    assert "missing: “Period”, “Kind of score”, “Score”, “Maximum”" in messages(outcome)[0]


def test_columns_nobody_reads_are_warned_about(world, rich):
    kz = rich["kz"]
    content = csv(SCORE_HEADERS["en"] + ["Comment"], ["5а", "K-2", "math", "q1", "СОч", "20", "25", "good"])
    outcome = load("scores", content, unit=kz["school"])
    assert outcome.warnings == ["These columns are not read: “Comment”."]


# Preview, all or nothing, idempotence ---------------------------------------------------------------------


def good_marks(world, *extra_rows) -> bytes:
    return csv(
        ["Class", "Period", "Student code", "Student", "Mathematics"],
        ["8а", "q1", world.aibek.code, "Asanov Aibek", "5"],
        ["8б", "q1", world.bolot.code, "Bolotov Bolot", "4"],
        *extra_rows,
    )


def table_sizes() -> tuple:
    return PeriodMark.objects.count(), LogEntry.objects.count(), Student.objects.count()


def test_a_preview_saves_nothing_and_counts_what_would_happen(world, periods):
    before = table_sizes()
    outcome = load("marks", good_marks(world), unit=world.school_a, commit=False)
    assert outcome.plain_counts()["marks"]["created"] == 2
    assert table_sizes() == before


def test_a_bad_row_at_the_end_leaves_nothing_behind(world, periods):
    before = table_sizes()
    outcome = load("marks", good_marks(world, ["8б", "q1", world.bolot.code, "", "7"]), unit=world.school_a)
    assert [(p.row, p.column, p.heading) for p in outcome.problems] == [(4, "E", "Mathematics")]
    assert "“7” is not a mark" in messages(outcome)[0]
    assert table_sizes() == before


def test_every_bad_row_is_named_at_once(world, periods):
    content = good_marks(world, ["8в", "q1", "x", "", "5"], ["8а", "q9", world.aibek.code, "", "5"],
                         ["8а", "q2", "nobody", "", "5"])  # fmt: skip
    outcome = load("marks", content, unit=world.school_a)
    assert [(p.row, p.column) for p in outcome.problems] == [(4, "A"), (5, "B"), (6, "C")]
    assert messages(outcome) == [
        "No class 8в in 2024-2025.",
        "Unknown period “q9”: use q1, q2, q3, q4, h1, h2 or year.",
        "No student with the code nobody at this school.",
    ]


def test_the_same_file_twice_changes_nothing_the_second_time(world, periods):
    first = load("marks", good_marks(world), unit=world.school_a)
    marks = list(PeriodMark.objects.order_by("pk").values_list("pk", "value", "changed_at"))
    entries = LogEntry.objects.count()
    second = load("marks", good_marks(world), unit=world.school_a)
    assert first.plain_counts()["marks"]["created"] == 2
    assert second.plain_counts()["marks"] == {"created": 0, "changed": 0, "unchanged": 2, "removed": 0}
    assert list(PeriodMark.objects.order_by("pk").values_list("pk", "value", "changed_at")) == marks
    assert LogEntry.objects.count() == entries


def test_a_reference_gone_before_the_write_refuses_the_import_and_saves_nothing(world, periods):
    """The bulk write checks the batch's references once more (another user may have deleted a subject since it
    was resolved): the import is refused with the reason, as a problem, not a crash, and nothing of it stays."""
    gone = Subject.objects.create(code="gone", name_en="Gone")
    entries = [MarkEntry(world.aibek, world.a8a, subject, periods["q1"], "5") for subject in (world.math, gone)]
    Subject.objects.filter(pk=gone.pk).delete()
    before = table_sizes()

    def load_marks() -> Outcome:  # what the journal kind does once it has read its entries
        period_marks_save(entries=entries)
        return Outcome()

    outcome = _guarded(load_marks, commit=True)
    assert messages(outcome) == [
        "The data conflicts with what is stored: assessment_periodmark.subject_id refers to rows of "
        f"structure_subject that do not exist: {gone.pk}."
    ]
    assert table_sizes() == before


def test_an_import_is_audited_with_its_note(world, periods):
    load("marks", good_marks(world), unit=world.school_a, user=world.aigul)
    entries = LogEntry.objects.filter(additional_data__note="test")
    assert entries.count() == 2
    assert {entry.actor_id for entry in entries} == {world.aigul.pk}


def test_a_closed_period_is_refused(world, periods):
    periods["q1"].locked = True
    periods["q1"].save()
    outcome = load("marks", good_marks(world), unit=world.school_a)
    assert messages(outcome) == ["The period 1st quarter is closed; ask the deputy director to reopen it."] * 2
    assert PeriodMark.objects.count() == 0


def test_a_row_of_another_school_is_an_error_for_that_row(world, periods):
    content = csv(
        ["School", "Class", "Period", "Student code", "Mathematics"],
        ["A", "8а", "q1", world.aibek.code, "5"],
        ["B", "8а", "q1", world.camila.code, "5"],
    )
    outcome = load("marks", content, unit=world.school_a)
    assert [(p.row, p.column) for p in outcome.problems] == [(3, "A")]
    assert messages(outcome) == ["No school with the code B in School A."]
    assert load("marks", content, unit=world.alamedin).problems == []


# The journal shape ----------------------------------------------------------------------------------------


def test_the_sheet_name_can_say_class_and_period(world, periods):
    content = xlsx({"8А 2 четверть": [["№", "ФИО", "Математика"], [1, "Asanov Aibek", 5]]})
    assert load("marks", content, unit=world.school_a).problems == []
    mark = PeriodMark.objects.get()
    assert (mark.school_class, mark.period.code, mark.student) == (world.a8a, "q2", world.aibek)


def test_a_title_block_can_say_class_and_period(world, periods):
    content = xlsx({"Sheet1": [["Класс: 8б", None, "Период", "год"], [], ["Код", "Математика"],
                               [world.bolot.code, "осв."]]})  # fmt: skip
    assert load("marks", content, unit=world.school_a).problems == []
    assert PeriodMark.objects.values_list("period__code", "value").get() == ("year", "ex")


def test_latin_look_alike_class_letters_are_understood(world, periods):
    content = csv(["Class", "Period", "Student code", "Mathematics"], ["8a", "q1", world.aibek.code, "5"])
    assert load("marks", content, unit=world.school_a).problems == []


def test_a_mark_given_twice_with_two_values_names_both_places(world, periods):
    content = xlsx({"8а q1": [["Student code", "Mathematics"], [world.aibek.code, 5], [world.aibek.code, 4]]})
    outcome = load("marks", content, unit=world.school_a)
    assert messages(outcome) == [
        "The same student, subject and period already has another mark (sheet 8а q1, row 2, column B)."
    ]
    assert (outcome.problems[0].row, outcome.problems[0].column) == (3, "B")


def test_an_unknown_subject_column_is_refused(world, periods):
    content = xlsx({"8а q1": [["Student code", "Mathematics", "Astrology"], [world.aibek.code, 5, 5]]})
    outcome = load("marks", content, unit=world.school_a)
    assert messages(outcome) == ["No subject with the code or name “Astrology”."]
    assert (outcome.problems[0].row, outcome.problems[0].column) == (1, "C")


def test_a_student_named_without_code_is_found_on_the_class_list(world, periods):
    content = xlsx({"8а q1": [["Student", "Mathematics"], ["ASANOV  Aibek", 3], ["Nobody Here", 4]]})
    outcome = load("marks", content, unit=world.school_a)
    assert messages(outcome) == ["No student named Nobody Here in class 8а."]


# Structure kinds ----------------------------------------------------------------------------------------


def test_classes_create_students_and_enrolments(world, periods):
    content = csv(
        ["Class", "Student code", "Last name", "First name", "Gender", "On the list from", "Left on"],
        ["9б", "N-1", "Omurov", "Erlan", "м", "02.09.2024", ""],
        ["9б", "N-2", "Sadykova", "Aida", "ж", "2024-09-02", "20.12.2024"],
    )
    outcome = load("classes", content, unit=world.school_a)
    assert outcome.problems == []
    assert outcome.plain_counts()["students"]["created"] == 2
    left = Enrolment.objects.get(student__code="N-2")
    assert (left.school_class.name, left.ends_on) == ("9б", datetime.date(2024, 12, 20))
    assert Student.objects.get(code="N-1").gender == "M"
    assert SchoolClass.objects.filter(school=world.school_a, grade=9, letter="б").exists()


def test_staff_with_categories_in_russian(world):
    content = csv(
        ["Фамилия", "Имя", "Должность", "Категория", "Дата присвоения"],
        ["Timurov", "Timur", "учитель", "высшая", "15.05.2024"],
        ["Нурланова", "Айгуль", "завуч", "", ""],
    )
    outcome = load("staff", content, unit=world.school_a)
    assert outcome.problems == []
    assert outcome.plain_counts()["staff"] == {"created": 1, "changed": 0, "unchanged": 1, "removed": 0}
    assert world.timur_staff.categories.get().category == "highest"
    assert Staff.objects.get(last_name="Нурланова").position == "deputy_academic"


def test_units_outside_the_import_unit_are_refused(world):
    content = csv(["Code", "Kind", "Parent", "Name (Russian)"], ["A2", "school", "SOK", "Школа А2"])
    outcome = load("units", content, unit=world.alamedin)
    assert messages(outcome) == ["The unit SOK is outside Alamedin, where you import."]
    assert load("units", content, unit=world.region).problems == []


def test_a_new_class_teacher_must_work_at_the_school(world):
    f.StaffFactory(school=world.school_b, last_name="Other", first_name="Person")
    content = csv(["Class", "Class teacher"], ["8а", "Other Person"])
    outcome = load("classes", content, unit=world.school_a)
    assert messages(outcome) == ["No staff member named Other Person at this school."]
