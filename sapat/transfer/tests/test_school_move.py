"""A school moves between servers: `sapat export school` writes its data in the import templates' shape, and
`sapat import school` of that folder into a database holding only the units recreates the same data."""

from io import StringIO

import pytest
from django.core.management import call_command

from sapat.assessment.models import (
    ControlResult,
    ControlTask,
    ControlWork,
    ExternalResult,
    ExternalTest,
    PeriodMark,
    Score,
)
from sapat.structure.models import (
    AcademicYear,
    CategoryRecord,
    Enrolment,
    Period,
    SchoolClass,
    Staff,
    Student,
    Subject,
    TeachingAssignment,
)


def snapshot(school) -> dict:
    """The school's data by natural keys (no database ids), to compare two databases."""
    return {
        "years": set(AcademicYear.objects.values_list("country", "code", "starts_on", "ends_on")),
        "periods": set(Period.objects.values_list("year__code", "code", "starts_on", "ends_on")),
        "subjects": set(Subject.objects.values_list("code", "name_ky", "name_kk", "name_ru", "name_en")),
        "staff": set(Staff.objects.filter(school=school).values_list(
            "last_name", "first_name", "patronymic", "gender", "position", "teaching_since")),
        "categories": set(CategoryRecord.objects.filter(staff__school=school).values_list(
            "staff__last_name", "category", "awarded_on", "valid_until", "order_reference")),
        "classes": set(SchoolClass.objects.filter(school=school).values_list(
            "year__code", "grade", "letter", "class_teacher__last_name")),
        "students": set(Student.objects.filter(school=school).values_list(
            "code", "last_name", "first_name", "patronymic", "gender", "birth_date")),
        "enrolments": set(Enrolment.objects.filter(school_class__school=school).values_list(
            "student__code", "school_class__grade", "school_class__letter", "starts_on", "ends_on")),
        "assignments": set(TeachingAssignment.objects.filter(school_class__school=school).values_list(
            "teacher__last_name", "school_class__grade", "school_class__letter", "subject__code")),
        "marks": set(PeriodMark.objects.filter(school=school).values_list(
            "student__code", "school_class__letter", "subject__code", "period__code", "value", "derived")),
        "works": set(ControlWork.objects.filter(school=school).values_list(
            "school_class__letter", "subject__code", "code", "kind", "written_on", "max_score")),
        "tasks": set(ControlTask.objects.filter(work__school=school).values_list("work__code", "number", "max_score")),
        "results": {(r.work.code, r.student.code, r.score, tuple(sorted(r.task_scores.items())), r.mark)
                    for r in ControlResult.objects.filter(work__school=school).select_related("work", "student")},
        "tests": set(ExternalTest.objects.values_list("code", "kind", "held_on", "max_score", "threshold")),
        "test_results": set(ExternalResult.objects.filter(school=school).values_list(
            "test__code", "student__code", "score")),
        "scores": set(Score.objects.filter(school=school).values_list(
            "student__code", "subject__code", "period__code", "kind", "number", "score", "max_score")),
    }  # fmt: skip


def wipe_all_but_units() -> None:
    """What a new server holds before the move: the units (and grading schemes, logins), nothing else."""
    for model in (
        ExternalResult,
        ExternalTest,
        ControlResult,
        ControlTask,
        ControlWork,
        Score,
        PeriodMark,
        TeachingAssignment,
        Enrolment,
        CategoryRecord,
        SchoolClass,
        Student,
        Period,
        AcademicYear,
    ):
        model.objects.all().delete()  # fmt: skip
    Staff.objects.all().delete()
    Subject.objects.all().delete()


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_a_schools_export_recreates_it_in_an_empty_database(world, rich, tmp_path, form):
    for school in (world.school_a, rich["kz"]["school"]):
        call_command("export", "school", school.code, "--out", str(tmp_path / school.code), "--format", form,
                     stdout=StringIO())  # fmt: skip
    before_a, before_k = snapshot(world.school_a), snapshot(rich["kz"]["school"])
    wipe_all_but_units()
    assert snapshot(world.school_a)["marks"] == set()
    for code in ("A", "K"):
        out = StringIO()
        call_command("import", "school", str(tmp_path / code), "--unit", code, stdout=out)
        assert "applied" in out.getvalue()
    after_a, after_k = snapshot(world.school_a), snapshot(rich["kz"]["school"])
    for key in before_a:
        assert after_a[key] == before_a[key], key
        assert after_k[key] == before_k[key], key
    assert after_a["marks"] and after_k["scores"] and after_a["results"] and after_a["test_results"]
