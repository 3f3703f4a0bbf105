"""A college's structure: groups by course and year, followed from course to course like a class."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sapat.analysis.dynamics import cohort_dynamics
from sapat.colleges import services
from sapat.colleges.models import GroupYear, StudyGroup
from sapat.structure import services as structure
from sapat.structure.models import Enrolment
from sapat.testing import factories as f
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db


def test_a_group_is_a_class_of_its_course_each_year(college):
    assert (college.vet23_class.grade, college.vet23_class.name, college.vet23.intake_year) == (2, "ВЕТ-23", 2023)
    assert college.vet24.speciality.department == college.vet
    assert [p.code for p in (college.s1, college.s2)] == ["s1", "s2"]
    assert (college.s1.starts_on, college.s1.ends_on) == (datetime.date(2024, 9, 1), datetime.date(2025, 1, 15))
    assert (college.s2.starts_on, college.s2.ends_on) == (datetime.date(2025, 1, 16), datetime.date(2025, 5, 31))
    assert set(college.veterinary.disciplines.values_list("subject__code", "course", "form")) == {
        ("anatomy", 1, "exam"), ("pe", 1, "pass_fail"), ("anatomy", 2, "exam"),
    }  # fmt: skip
    assert list(college.vet.teachers.all()) == [college.staff["meerim"]]


def test_a_group_advances_with_the_students_still_on_its_list(college):
    cholpon = college.students["cholpon"]
    structure.student_leave(enrolment=cholpon.enrolments.get(), ends_on=datetime.date(2025, 3, 1))
    next_year = f.AcademicYearFactory(code="2025-2026")
    group_year = services.study_group_advance(group=college.vet24, year=next_year)
    assert (group_year.course, group_year.school_class.name) == (2, "ВЕТ-24")
    on_list = set(Enrolment.objects.filter(school_class=group_year.school_class).values_list("student", flat=True))
    assert on_list == {college.students["ainura"].pk, college.students["bekzat"].pk}
    assert services.study_group_advance(group=college.vet24, year=next_year) == group_year  # twice: the same


def test_a_group_is_followed_from_course_1_to_course_2(college):
    ainura, bekzat, cholpon = (college.students[name] for name in ("ainura", "bekzat", "cholpon"))
    anatomy = college.anatomy
    put_marks(
        college.vet24_class, college.s2, {(ainura, anatomy): "5", (bekzat, anatomy): "4", (cholpon, anatomy): "3"}
    )
    structure.student_leave(enrolment=cholpon.enrolments.get(), ends_on=datetime.date(2025, 3, 1))
    next_year = f.AcademicYearFactory(code="2025-2026")
    _s1, s2 = services.semesters_ensure(year=next_year)
    course2 = services.study_group_advance(group=college.vet24, year=next_year).school_class
    put_marks(course2, s2, {(ainura, anatomy): "5", (bekzat, anatomy): "3"})

    cohort = cohort_dynamics(college.vet24_class, "quality_pct", period_code="s2")
    # Course 1: Cholpon left before the end of s2, so the group is Ainura (5) and Bekzat (4): quality 2/2.
    # Course 2: the same two, now 5 and 3: quality 1/2.
    assert cohort.students == 2
    assert [(y.year, y.class_name, y.followed, y.value) for y in cohort.years] == [
        ("2024-2025", "ВЕТ-24", 2, 100), ("2025-2026", "ВЕТ-24", 2, 50),
    ]  # fmt: skip


def test_a_group_year_must_match_the_intake(college):
    klass = f.SchoolClassFactory(school=college.unit, year=college.year, grade=3, letter="ВЕТ-24")
    with pytest.raises(ValidationError, match="is not in course 3"):
        GroupYear(group=college.vet24, school_class=klass).full_clean()


def test_a_group_code_and_its_people_are_checked(college, world):
    group = StudyGroup(college=college.unit, code="ВЕТ 24 long", speciality=college.veterinary, intake_year=2024)
    group.curator = world.timur_staff
    with pytest.raises(ValidationError) as refused:
        group.full_clean()
    assert set(refused.value.message_dict) == {"code", "curator"}
    with pytest.raises(ValidationError, match="not a college"):
        services.department_ensure(college=world.school_a, code="VET")
    with pytest.raises(ValidationError, match="own college"):
        services.department_teacher_add(department=college.vet, teacher=world.timur_staff)
