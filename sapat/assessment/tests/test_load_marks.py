"""`sapat load-marks`: a whole file or nothing, every bad line named, loading twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.assessment.models import PeriodMark
from sapat.structure.models import Enrolment, SchoolClass, Student, Subject
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.django_db

HEADER = "school,year,class,student,student_name,subject,period,mark"


def write_csv(tmp_path, rows):
    path = tmp_path / "marks.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(path, *options):
    out = StringIO()
    call_command("load_marks", path, *options, stdout=out)
    return out.getvalue()


def good_rows(world):
    return [
        f"A,2024-2025,8а,{world.aibek.code},Asanov Aibek,math,q1,5",
        f"A,2024-2025,8б,{world.bolot.code},Bolotov Bolot,math,q1,4",
        f"B,2024-2025,8а,{world.camila.code},Kadyrova Camila,math,q1,3",
    ]


def counts():
    return (PeriodMark.objects.count(), Student.objects.count(), SchoolClass.objects.count(), Subject.objects.count())


def test_loading_the_same_file_twice_changes_nothing(world, periods, tmp_path):
    path = write_csv(tmp_path, good_rows(world))
    assert "Marks: 3 created, 0 changed, 0 unchanged." in run(path)
    marks = list(PeriodMark.objects.order_by("pk").values_list("pk", "value", "changed_at"))
    assert "Marks: 0 created, 0 changed, 3 unchanged." in run(path)
    assert list(PeriodMark.objects.order_by("pk").values_list("pk", "value", "changed_at")) == marks


def test_a_changed_mark_is_counted_as_changed(world, periods, tmp_path):
    run(write_csv(tmp_path, good_rows(world)))
    rows = good_rows(world)
    rows[0] = rows[0].replace(",5", ",4")
    assert "Marks: 0 created, 1 changed, 2 unchanged." in run(write_csv(tmp_path, rows))
    assert PeriodMark.objects.get(student=world.aibek).value == "4"


def test_synonyms_for_not_assessed_and_exempt_are_accepted(world, periods, tmp_path):
    rows = [
        f"A,2024-2025,8а,{world.aibek.code},Asanov Aibek,math,q1,н/а",
        f"A,2024-2025,8б,{world.bolot.code},Bolotov Bolot,math,q1,осв.",
    ]
    run(write_csv(tmp_path, rows))
    assert PeriodMark.objects.get(student=world.aibek).value == "na"
    assert PeriodMark.objects.get(student=world.bolot).value == "ex"


def test_create_missing_creates_classes_students_enrolments_and_subjects(world, periods, tmp_path):
    rows = [
        "A,2024-2025,7в,new1,Sultanov Emir Talantovich,bio,q1,5",
        "A,2024-2025,7в,new2,Osmonova Aliya,bio,q1,4",
    ]
    assert "Marks: 2 created" in run(write_csv(tmp_path, rows), "--create-missing")
    klass = SchoolClass.objects.get(school=world.school_a, year=world.year, grade=7, letter="в")
    emir = Student.objects.get(school=world.school_a, code="new1")
    assert (emir.last_name, emir.first_name, emir.patronymic) == ("Sultanov", "Emir", "Talantovich")
    assert Enrolment.objects.get(student=emir).school_class == klass
    assert Subject.objects.filter(code="bio").exists()
    assert PeriodMark.objects.filter(school_class=klass, subject__code="bio").count() == 2


def test_without_create_missing_unknown_codes_are_refused(world, periods, tmp_path):
    before = counts()
    rows = [
        *good_rows(world),
        "A,2024-2025,7в,new1,Sultanov Emir,math,q1,5",
        f"A,2024-2025,8а,{world.aibek.code},Asanov Aibek,bio,q1,5",
        "A,2024-2025,8а,new2,Osmonova Aliya,math,q1,5",
        f"Z,2024-2025,8а,{world.aibek.code},Asanov Aibek,math,q1,5",
    ]
    with pytest.raises(CommandError) as refused:
        run(write_csv(tmp_path, rows))
    assert str(refused.value).splitlines() == [
        "The file was refused, nothing was saved. Errors: 4",
        "Line 5: No class 7в in 2024-2025.",
        "Line 6: No subject with the code bio.",
        "Line 7: No student with the code new2 at this school.",
        "Line 8: No school with the code Z.",
    ]
    assert counts() == before


def test_bad_lines_are_named_and_nothing_is_saved(world, periods, tmp_path):
    last_year = f.AcademicYearFactory(code="2023-2024")
    add_periods(last_year)
    before = counts()
    rows = [
        *good_rows(world),
        f"A,2024-2025,8а,{world.aibek.code},Asanov Aibek,math,q2,7",
        f"A,2023-2024,8а,{world.aibek.code},Asanov Aibek,math,q1,5",
        f"A,2024-2025,8а,{world.camila.code},Kadyrova Camila,math,q1,5",
        f"B,2024-2025,8а,{world.aibek.code},Asanov Aibek,math,q1,5",
        f"A,2024-2025,8б,{world.aibek.code},Asanov Aibek,math,q3,4",
    ]
    with pytest.raises(CommandError) as refused:
        run(write_csv(tmp_path, rows))
    lines = str(refused.value).splitlines()
    assert lines[0] == "The file was refused, nothing was saved. Errors: 5"
    assert lines[1] == "Line 5: Column mark: “7” is not a mark: use 5, 4, 3, 2, n/a (na) or ex (exempt)."
    assert lines[2] == "Line 6: No class 8а in 2023-2024."
    assert lines[3] == f"Line 7: No student with the code {world.camila.code} at this school."
    assert lines[4] == f"Line 8: No student with the code {world.aibek.code} at this school."
    assert lines[5] == "Line 9: Asanov Aibek is not on the list of class 8б during this period."
    assert counts() == before


def test_create_missing_does_not_keep_what_it_created_when_the_file_is_refused(world, periods, tmp_path):
    before = counts()
    rows = ["A,2024-2025,7в,new1,Sultanov Emir,bio,q1,5", "A,2024-2025,7в,new2,Osmonova Aliya,bio,q1,9"]
    with pytest.raises(CommandError, match="Line 3: Column mark: “9” is not a mark"):
        run(write_csv(tmp_path, rows), "--create-missing")
    assert counts() == before
    assert not Enrolment.objects.filter(student__code__startswith="new").exists()


def test_a_file_without_the_needed_columns_is_refused(world, tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text("school,year,class\nA,2024-2025,8а\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Columns missing from the header: student, student_name, subject"):
        call_command("load_marks", str(path))
