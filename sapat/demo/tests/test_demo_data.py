"""The demo data: it loads, the same seed gives the same world, and every demo login works and sees something."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from sapat.access.models import User
from sapat.access.scope import scope_of
from sapat.demo.generator import ADMIN_USERNAME, DEMO_LOGINS, DEMO_PASSWORD, current_students, generate
from sapat.structure.models import (
    AcademicYear,
    CategoryRecord,
    Enrolment,
    MethodicalAssociation,
    OrgUnit,
    Period,
    SchoolClass,
    Student,
    TeachingAssignment,
)

pytestmark = pytest.mark.django_db


def load(**options) -> str:
    out = StringIO()
    call_command("demo_data", size="school", seed=1, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db):
    load()


def student_digest() -> str:
    rows = Student.objects.order_by("school__code", "code").values_list(
        "code", "last_name", "first_name", "patronymic", "gender", "birth_date"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def world_fingerprint(seed: int) -> tuple:
    """Load the school size in a transaction of its own, describe it, and roll it back."""
    with transaction.atomic():
        generate(size="school", seed=seed)
        fingerprint = (
            student_digest(),
            Enrolment.objects.count(),
            TeachingAssignment.objects.count(),
            sorted(OrgUnit.objects.values_list("code", "name_ru")),
        )
        transaction.set_rollback(True)
    return fingerprint


def test_school_size_loads_one_school_of_about_600_students(demo):
    assert OrgUnit.objects.schools().exclude(school_kind="college").count() == 1  # and the demo college
    college_students = Enrolment.objects.filter(year__code="2024-2025", school_class__school__code="ATEK")
    assert 500 <= current_students() - college_students.filter(ends_on__isnull=True).count() <= 700
    assert AcademicYear.objects.count() == 6  # three years in both countries
    assert Period.objects.count() == 6 * 7 + 2 * 2  # q1–q4, h1, h2, year; the college's s1, s2 of two KG years


def test_every_class_of_the_current_year_has_teachers_for_its_subjects(demo):
    classes = SchoolClass.objects.filter(year__code="2024-2025")
    assert classes.count() >= 22
    assert not classes.filter(assignments__isnull=True).exists()
    assert not classes.filter(class_teacher__isnull=True).exists()


def test_generated_rows_pass_model_validation(demo):
    rows = [
        *OrgUnit.objects.all(),
        *AcademicYear.objects.all(),
        *Period.objects.all(),
        *CategoryRecord.objects.select_related("staff__school"),
        *MethodicalAssociation.objects.all(),
        *SchoolClass.objects.filter(year__code="2024-2025"),
        *Enrolment.objects.filter(school_class__grade=9, school_class__letter="б"),
    ]
    for row in rows:
        row.full_clean()


def test_same_seed_gives_the_same_data():
    first = world_fingerprint(seed=1)
    assert world_fingerprint(seed=1) == first
    assert world_fingerprint(seed=2)[0] != first[0]


def test_every_role_has_a_login_that_works_and_sees_something(demo, client):
    for username, role in [(ADMIN_USERNAME, "superuser"), *DEMO_LOGINS]:
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        scope = scope_of(User.objects.get(username=username))
        assert not scope.is_empty, username
        assert role in scope.roles, username
        client.logout()


def test_teacher_logins_are_linked_to_their_staff_records(demo):
    for username in ("classteacher", "teacher", "mohead", "director"):
        assert User.objects.get(username=username).staff.school.kind == OrgUnit.Kind.SCHOOL
    assert scope_of(User.objects.get(username="teacher")).class_ids
    assert scope_of(User.objects.get(username="parent")).student_ids


def test_unit_administrators_may_use_the_scoped_admin(demo):
    for username in ("region", "coordinator", "director", "deputy"):
        user = User.objects.get(username=username)
        assert user.is_staff and user.has_perm("structure.change_schoolclass"), username
    assert not User.objects.get(username="parent").is_staff
    assert User.objects.get(username=ADMIN_USERNAME).is_superuser


def test_if_empty_does_nothing_when_units_exist(demo):
    before = Student.objects.count(), OrgUnit.objects.count()
    assert load(if_empty=True).strip()  # says that it did nothing
    assert (Student.objects.count(), OrgUnit.objects.count()) == before


def test_without_if_empty_a_filled_database_is_refused(demo):
    with pytest.raises(CommandError):
        load()


def test_a_class_is_followed_from_7b_to_9b(demo):
    nine_b = Enrolment.objects.filter(
        school_class__year__code="2024-2025", school_class__grade=9, school_class__letter="б"
    ).values_list("student_id", flat=True)
    earlier = {
        (year, name)
        for year, grade, letter in Enrolment.objects.filter(student_id__in=nine_b)
        .exclude(year__code="2024-2025")
        .values_list("year__code", "school_class__grade", "school_class__letter")
        for name in [f"{grade}{letter}"]
    }
    assert earlier == {("2023-2024", "8б"), ("2022-2023", "7б")}


def test_students_graduate_arrive_leave_and_join(demo):
    graduates = Enrolment.objects.filter(school_class__year__code="2022-2023", school_class__grade=11)
    assert graduates.exists()
    assert not Enrolment.objects.filter(student__in=graduates.values("student"), year__code="2023-2024").exists()
    first_graders = Enrolment.objects.filter(school_class__year__code="2024-2025", school_class__grade=1)
    assert not Enrolment.objects.filter(student__in=first_graders.values("student")).exclude(year__code="2024-2025")
    assert Enrolment.objects.filter(ends_on__isnull=False).exists()
    assert Enrolment.objects.exclude(starts_on__month=9, starts_on__day=1).exists()


def test_birth_dates_fit_the_grade(demo):
    schools = Enrolment.objects.filter(year__code="2024-2025").exclude(school_class__school__school_kind="college")
    for grade, birth_date in schools.values_list("school_class__grade", "student__birth_date"):
        age_on_first_september = 2024 - birth_date.year - ((birth_date.month, birth_date.day) > (9, 1))
        assert grade + 5 <= age_on_first_september <= grade + 7


def test_demo_logins_lists_one_login_per_role(demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    for username, _role in DEMO_LOGINS:
        assert username in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_the_demo_has_results_to_show(demo):
    """Marks of every demo year with their summaries, and control works of the demo school, so that the
    dashboards and reports of `make demo` are not empty."""
    from sapat.assessment.models import ControlResult, ControlWork, PeriodMark
    from sapat.demo.results import first_schools, generate_control_works
    from sapat.indicators.management.commands.recompute import stale_summaries
    from sapat.indicators.selectors import Filter, unit_figures

    school = OrgUnit.objects.exclude(school_kind="college").get(kind=OrgUnit.Kind.SCHOOL)
    years = AcademicYear.objects.filter(country=school.country)
    assert set(PeriodMark.objects.values_list("year__code", flat=True).distinct()) == set(
        years.values_list("code", flat=True)
    )
    period = Period.objects.get(year=years.order_by("-code").first(), code="year")
    assert unit_figures(Filter(school, period))["students"] > 0
    assert stale_summaries() == 0
    assert set(ControlWork.objects.values_list("code", flat=True)) == {"h1", "h2"}
    written = ControlResult.objects.count()
    assert written > 0
    assert generate_control_works(first_schools()[0], seed=1) == 0  # once only
    assert ControlResult.objects.count() == written


def test_structure_only_leaves_the_results_out(db):
    from sapat.assessment.models import PeriodMark

    load(structure_only=True)
    assert Student.objects.exists()
    assert not PeriodMark.objects.exists()


def test_the_demo_college_has_groups_of_four_courses_semester_marks_and_its_logins(demo, client):
    from sapat.assessment.models import PeriodMark
    from sapat.colleges.models import Department, StudyGroup
    from sapat.demo.college import COLLEGE_LOGINS
    from sapat.indicators.selectors import Filter, figures

    college = OrgUnit.objects.get(code="ATEK")
    assert set(Department.objects.filter(college=college).values_list("code", flat=True)) == {"VET", "AGR", "ECO"}
    current = SchoolClass.objects.filter(school=college, year__code="2024-2025")
    assert sorted(set(current.values_list("grade", flat=True))) == [1, 2, 3, 4]
    followed = StudyGroup.objects.get(college=college, code="ВЕТ-23")  # course 1 in 2023-2024, course 2 in 2024-2025
    assert [gy.course for gy in followed.years.order_by("school_class__year__code")] == [1, 2]
    values = set(PeriodMark.objects.filter(school=college).values_list("value", flat=True))
    assert {"5", "4", "3", "p", "f"} <= values
    s2 = Period.objects.get(year__country="KG", year__code="2024-2025", code="s2")
    by_department = figures(Filter(college, s2), by="department")
    assert len(by_department) == 3 and all(row["students"] > 0 for row in by_department.values())
    for username, role in COLLEGE_LOGINS:
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert role in scope_of(User.objects.get(username=username)).roles, username
        assert not scope_of(User.objects.get(username=username)).is_empty, username
        client.logout()


def test_a_year_mark_is_the_rounded_mean_of_the_quarters():
    from sapat.demo.marks import year_mark

    assert year_mark(["4", "4", "4", "4"]) == "4"
    assert year_mark(["4", "4", "3", "3"]) == "4"  # 3.5, half up
    assert year_mark(["4", "3", "3", "3"]) == "3"  # 3.25
    assert year_mark(["5", "na", "5", "4"]) == "5"  # the quarters with a mark
    assert (year_mark(["na", "ex"]), year_mark(["ex", "ex"]), year_mark([])) == ("na", "ex", None)


def test_the_demos_year_marks_agree_with_its_quarters(demo):
    from collections import defaultdict

    from sapat.assessment.models import PeriodMark
    from sapat.demo.marks import year_mark

    quarters, years = defaultdict(list), {}
    marks = PeriodMark.objects.values_list("student_id", "subject_id", "year_id", "period__code", "value")
    for student, subject, year, code, value in marks.order_by("period__ends_on"):
        if code == "year":
            years[(student, subject, year)] = value
        else:
            quarters[(student, subject, year)].append(value)
    assert years
    assert all(year_mark(quarters[key]) == value for key, value in years.items())


def test_control_works_are_in_subjects_the_grade_is_taught_and_have_journal_marks(demo):
    from sapat.assessment.models import ControlResult, PeriodMark
    from sapat.structure.models import SubjectGrade

    results = list(ControlResult.objects.select_related("work__subject", "work__school_class__school"))
    taught = set(SubjectGrade.objects.values_list("country", "grade", "subject_id"))
    assert results
    assert all((r.work.school.country, r.work.school_class.grade, r.work.subject_id) in taught for r in results)
    assert {r.work.subject.code for r in results} == {"math", "algebra"}
    marked = set(PeriodMark.objects.filter(period__code="q2").values_list("student_id", "subject_id"))
    first = [r for r in results if r.work.code == "h1"]
    with_mark = sum((r.student_id, r.work.subject_id) in marked for r in first)
    assert with_mark >= 0.95 * len(first)  # only students who joined after the quarter have none


def test_a_school_is_offered_the_subjects_of_its_own_country(demo):
    from sapat.dashboards.selection import country_subjects

    school = OrgUnit.objects.exclude(school_kind="college").get(kind=OrgUnit.Kind.SCHOOL)
    codes = set(country_subjects(school.country).values_list("code", flat=True))
    assert "kyrgyz_literature" in codes and "kazakh_literature" not in codes


def test_the_demo_school_has_external_results_of_two_years_that_follow_its_journal(demo):
    """ЖРТ/ОРТ of grade 11 in the last two demo years: the main test and subject tests, every subject result
    with the student's annual journal mark, so that the dashboard's external sections have something to show."""
    from sapat.analysis.external import external_by_subject, external_objectivity
    from sapat.assessment.models import ExternalResult
    from sapat.demo.external import generate_external
    from sapat.demo.results import first_schools

    school = OrgUnit.objects.exclude(school_kind="college").get(kind=OrgUnit.Kind.SCHOOL)
    year = AcademicYear.objects.get(country=school.country, code="2024-2025")
    rows = external_by_subject(school, year)
    assert {r.kind for r in rows} == {"ort"} and any(r.subject_id is None for r in rows)
    assert all(r.participants > 0 and r.previous_participants for r in rows)  # two years to compare
    compared = external_objectivity(school, year)
    assert compared and all(r.no_journal_mark == 0 and r.compared >= 5 for r in compared)
    assert {r.signal for r in compared} >= {"higher"}  # the subject marked generously is flagged
    written = ExternalResult.objects.count()
    assert generate_external(first_schools(), seed=1) == 0 and ExternalResult.objects.count() == written


def test_the_demo_college_keeps_its_own_data_sets_and_not_the_schools_only_ones(demo):
    """The college's four objects of monitoring (docs/colleges.md) have values of the last two years, counted
    into their indicators; the school's own data sets kept by schools only have none for it."""
    from sapat.datasets.models import DataValue

    college = OrgUnit.objects.get(school_kind="college")
    kept = set(DataValue.objects.filter(unit=college).values_list("dataset__code", flat=True).distinct())
    assert {"college_methodical", "college_research", "college_facilities", "college_achievements"} <= kept
    assert not kept & {"equipment", "innovation", "graduates", "primary"}
    school = OrgUnit.objects.exclude(school_kind="college").filter(kind=OrgUnit.Kind.SCHOOL).first()
    assert not DataValue.objects.filter(unit=school, dataset__code__startswith="college_").exists()
