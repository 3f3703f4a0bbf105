"""Bad structure input is refused with a clear message in the user's language, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sapat.structure import services
from sapat.structure.models import AcademicYear, Enrolment, OrgUnit, Period, SchoolClass, TeachingAssignment
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def test_class_without_a_year_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.school_class_create(school=world.school_a, year=None, grade=5, letter="в")
    assert "year" in refused.value.message_dict
    assert not SchoolClass.objects.filter(grade=5).exists()


def test_class_in_a_year_of_another_country_is_refused(world):
    kz_year = f.AcademicYearFactory(country="KZ", code="2024-2025")
    with pytest.raises(ValidationError, match="another country"):
        services.school_class_create(school=world.school_a, year=kz_year, grade=5, letter="в")


def test_class_must_belong_to_a_school(world):
    with pytest.raises(ValidationError, match="belongs to a school"):
        services.school_class_create(school=world.alamedin, year=world.year, grade=5)


def test_student_enrolled_twice_in_one_year_is_refused(world):
    with pytest.raises(ValidationError, match="already on a class list"):
        services.student_enrol(student=world.aibek, school_class=world.a8b, starts_on=datetime.date(2024, 10, 1))
    assert Enrolment.objects.filter(student=world.aibek).count() == 1


def test_student_may_move_class_after_leaving_the_first(world):
    first = Enrolment.objects.get(student=world.aibek)
    services.student_leave(enrolment=first, ends_on=datetime.date(2024, 11, 30))
    services.student_enrol(student=world.aibek, school_class=world.a8b, starts_on=datetime.date(2024, 12, 1))
    assert Enrolment.objects.filter(student=world.aibek).count() == 2


def test_leaving_before_joining_is_refused(world):
    enrolment = Enrolment.objects.get(student=world.aibek)
    with pytest.raises(ValidationError, match="before joining"):
        services.student_leave(enrolment=enrolment, ends_on=enrolment.starts_on - datetime.timedelta(days=1))
    enrolment.refresh_from_db()
    assert enrolment.ends_on is None


def test_enrolment_in_a_class_of_another_school_is_refused(world):
    with pytest.raises(ValidationError, match="another school"):
        services.student_enrol(student=world.camila, school_class=world.a8b, starts_on=datetime.date(2025, 1, 10))


def test_cycle_in_the_unit_tree_is_refused(world):
    with pytest.raises(ValidationError, match="inside itself"):
        services.org_unit_update(unit=world.region, parent=world.alamedin)
    world.region.refresh_from_db()
    assert world.region.parent is None


def test_unit_cannot_sit_under_a_lower_level(world):
    with pytest.raises(ValidationError, match="higher level"):
        services.org_unit_create(code="X1", kind="district", parent=world.school_a, name_ru="Х")
    assert not OrgUnit.objects.filter(code="X1").exists()


def test_moving_a_district_moves_its_schools_paths(world):
    other_region = f.RegionFactory(code="SOUTH")
    services.org_unit_update(unit=world.alamedin, parent=other_region)
    world.school_a.refresh_from_db()
    assert world.school_a.path == "/SOUTH/ALA/A/"
    assert set(OrgUnit.objects.subtree(other_region).values_list("code", flat=True)) == {"SOUTH", "ALA", "A", "B"}


def test_attached_school_needs_a_real_tutor(world):
    with pytest.raises(ValidationError, match="tutor school"):
        services.org_unit_update(unit=world.school_a, tutor=world.school_b)


def test_teaching_assignment_to_another_schools_class_is_refused(world):
    with pytest.raises(ValidationError, match="own school"):
        services.teaching_assignment_create(teacher=world.timur_staff, school_class=world.b8a, subject=world.math)
    assert not TeachingAssignment.objects.filter(school_class=world.b8a).exists()


def test_overlapping_periods_are_refused(world):
    services.period_create(
        year=world.year, code="q1", starts_on=datetime.date(2024, 9, 2), ends_on=datetime.date(2024, 10, 31)
    )
    with pytest.raises(ValidationError, match="overlaps"):
        services.period_create(
            year=world.year, code="q2", starts_on=datetime.date(2024, 10, 20), ends_on=datetime.date(2024, 12, 28)
        )
    assert Period.objects.filter(year=world.year).count() == 1


def test_period_outside_its_year_is_refused(world):
    with pytest.raises(ValidationError, match="within the dates"):
        services.period_create(
            year=world.year, code="q1", starts_on=datetime.date(2024, 8, 1), ends_on=datetime.date(2024, 10, 31)
        )


def test_year_code_must_be_two_consecutive_years(db):
    with pytest.raises(ValidationError, match="consecutive"):
        services.academic_year_create(
            country="KG", code="2024-2026", starts_on=datetime.date(2024, 9, 1), ends_on=datetime.date(2025, 5, 31)
        )
    assert not AcademicYear.objects.exists()


def test_kg_teacher_cannot_get_a_kazakh_category(world):
    with pytest.raises(ValidationError, match="country"):
        services.category_award(staff=world.timur_staff, category="kz_expert", awarded_on=datetime.date(2020, 5, 1))


def test_category_history_gives_the_category_on_a_date(world):
    services.category_award(staff=world.timur_staff, category="second", awarded_on=datetime.date(2015, 5, 1))
    services.category_award(staff=world.timur_staff, category="first", awarded_on=datetime.date(2020, 5, 1))
    assert world.timur_staff.category_on(datetime.date(2019, 1, 1)).category == "second"
    assert world.timur_staff.category_on(datetime.date(2021, 1, 1)).category == "first"


def test_errors_speak_the_users_language(world):
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        services.org_unit_update(unit=world.region, parent=world.alamedin)
    # The message is lazily translated; with the Russian catalogue it must not be the English source.
    with translation.override("ru"):
        assert "inside itself" not in messages(refused.value)
