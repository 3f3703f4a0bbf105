"""A college's grading as configuration: semesters, not quarters; pass/fail only where a discipline is so graded;
`sapat load-marks` with group codes, s1/s2 and pass/fail values."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.assessment.models import GradingScheme, PeriodMark
from sapat.assessment.schemes import scheme_for_class
from sapat.assessment.services import BatchRefused
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db

HEADER = "school,year,class,student,student_name,subject,period,mark"


def refusal(klass, period, marks) -> str:
    with pytest.raises(BatchRefused) as refused:
        put_marks(klass, period, marks)
    return " ".join(refused.value.messages)


def test_a_college_group_is_graded_by_the_college_scheme(college, world):
    scheme = scheme_for_class(college.vet24_class)
    assert (scheme.code, scheme.kinds_of_period, scheme.pass_fail) == ("kg-college-2000", ["semester", "year"], True)
    assert scheme_for_class(world.a8a).code == "kg-five-point-2000"


def test_a_quarter_mark_for_a_group_is_refused(college, periods, english):
    ainura = college.students["ainura"]
    message = refusal(college.vet24_class, periods["q1"], {(ainura, college.anatomy): "5"})
    assert message == (
        "ВЕТ-24 is a college's study group: its periods are its semesters (s1, s2), so it takes no mark for the "
        "1st quarter."
    )


def test_a_semester_mark_for_a_school_class_is_refused(college, world, english):
    message = refusal(world.a8a, college.s1, {(world.aibek, world.math): "5"})
    assert (
        message
        == "Class 8а takes no mark for the 1st semester: its grading scheme gives marks for: quarter, half-year, year."
    )


def test_pass_and_fail_only_in_pass_fail_disciplines(college, world, periods, english):
    ainura = college.students["ainura"]
    assert "Anatomy is not a pass/fail discipline of group ВЕТ-24 in the 1st semester" in refusal(
        college.vet24_class, college.s1, {(ainura, college.anatomy): "p"}
    )
    assert "Physical education is a pass/fail discipline of group ВЕТ-24 in the 1st semester: give pass or fail." in (
        refusal(college.vet24_class, college.s1, {(ainura, college.pe): "4"})
    )
    assert "Only the pass/fail disciplines of a college take pass and fail." in refusal(
        world.a8a, periods["q1"], {(world.aibek, world.math): "p"}
    )
    # pe is graded pass/fail in semester 1 only: in semester 2 it has no such form.
    assert "not a pass/fail discipline" in refusal(college.vet24_class, college.s2, {(ainura, college.pe): "p"})
    put_marks(college.vet24_class, college.s1, {(ainura, college.pe): "p", (ainura, college.anatomy): "5"})
    assert PeriodMark.objects.filter(student=ainura, period=college.s1).count() == 2


def test_a_later_scheme_takes_over_from_its_date(college):
    GradingScheme.objects.create(
        code="kg-college-2024-no-credits", country="KG", kind="five_point", grade_from=1, grade_to=5,
        effective_from=college.year.starts_on, for_colleges=True, period_kinds="semester,year", pass_fail=False,
    )  # fmt: skip
    ainura = college.students["ainura"]
    assert "Only the pass/fail disciplines" in refusal(college.vet24_class, college.s1, {(ainura, college.pe): "p"})


def write_csv(tmp_path, rows):
    path = tmp_path / "marks.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_load_marks_takes_group_codes_semesters_and_pass_fail(college, tmp_path, english):
    ainura, bekzat = college.students["ainura"], college.students["bekzat"]
    rows = [
        f"NATEC,2024-2025,ВЕТ-24,{ainura.code},,anatomy,s1,5",
        f"NATEC,2024-2025,ВЕТ-24,{ainura.code},,pe,s1,pass",
        f"NATEC,2024-2025,ВЕТ-24,{bekzat.code},,pe,s1,fail",
    ]
    call_command("load_marks", write_csv(tmp_path, rows), stdout=StringIO())
    values = dict(PeriodMark.objects.filter(period=college.s1).values_list("student__code", "value").order_by("value"))
    assert sorted(PeriodMark.objects.values_list("value", flat=True)) == ["5", "f", "p"]
    assert values[bekzat.code] == "f"


def test_load_marks_refuses_quarters_and_unknown_groups_of_a_college(college, tmp_path, english):
    ainura = college.students["ainura"]
    rows = [
        f"NATEC,2024-2025,ВЕТ-24,{ainura.code},,anatomy,q1,5",  # line 2
        f"NATEC,2024-2025,ЗОО-24,{ainura.code},,anatomy,s1,5",  # line 3
        f"NATEC,2024-2025,1а,{ainura.code},,anatomy,s1,5",  # line 4
    ]
    with pytest.raises(CommandError) as refused:
        call_command("load_marks", write_csv(tmp_path, rows), "--create-missing", stdout=StringIO())
    message = str(refused.value)
    assert "Line 2: ВЕТ-24 is a college's study group: its periods are its semesters (s1, s2)" in message
    assert "Line 3: No group ЗОО-24 in 2024-2025: load the college's groups first (sapat load-groups)." in message
    assert "Line 4: “1а” is not the code of a college's group like ВЕТ-21." in message
    assert not PeriodMark.objects.exists()


def test_pass_and_fail_are_read_as_people_write_them():
    from sapat.core import values

    assert [values.mark(text) for text in ("pass", "Зачёт", "зачтено", "fail", "Незачёт", "не зачтено")] == [
        "p", "p", "p", "f", "f", "f",
    ]  # fmt: skip


def test_an_import_of_a_college_takes_group_codes_semesters_and_credits(college, periods, english):
    from sapat.transfer.resolving import Context
    from sapat.transfer.services import run_import

    ainura = college.students["ainura"]
    rows = [
        ["Class", "Period", "Student code", "Anatomy", "Physical education"],
        ["ВЕТ-24", "s1", ainura.code, "4", "pass"],
        ["ВЕТ-24", "q1", ainura.code, "4", ""],
    ]
    content = ("\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8-sig")
    context = Context(user=college.users["kanat"], unit=college.unit, note="test")
    outcome = run_import("marks", content, context, commit=True)
    messages = [problem.message for problem in outcome.problems]
    assert any("its periods are its semesters" in message for message in messages), messages
    rows.pop()
    content = ("\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8-sig")
    outcome = run_import("marks", content, context, commit=True)
    assert not outcome.problems, [p.message for p in outcome.problems]
    assert sorted(PeriodMark.objects.filter(student=ainura).values_list("value", flat=True)) == ["4", "p"]


def test_the_journal_of_a_group_has_its_semesters(college, login, english):
    from django.urls import reverse

    client = login(college.users["ulan"])  # teaches anatomy in БУХ-24
    url = reverse("journal-grid", kwargs={"class_pk": college.buh24_class.pk, "subject_pk": college.anatomy.pk})
    page = client.get(url + "?terms=quarters").content.decode()
    assert "1st semester" in page and "2nd semester" in page and "1st quarter" not in page
    farida = college.students["farida"]
    cell = reverse("journal-cell", kwargs={"class_pk": college.buh24_class.pk, "subject_pk": college.anatomy.pk})
    response = client.post(cell, {"student": farida.pk, "period": college.s1.pk, "value": "4"})
    assert response.status_code == 200, response.content
    assert PeriodMark.objects.get(student=farida, period=college.s1).value == "4"
