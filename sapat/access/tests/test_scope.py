"""The scoping rule itself: who sees which units, classes, students and staff."""

import pytest

from sapat.access.scope import can_change, restrict, scope_of
from sapat.structure.models import OrgUnit, SchoolClass, Staff, Student

pytestmark = pytest.mark.django_db


def codes(user):
    return set(restrict(OrgUnit.objects.all(), user).values_list("code", flat=True))


def class_names(user):
    return {f"{c.school.code}:{c.name}" for c in restrict(SchoolClass.objects.select_related("school"), user)}


def test_regional_officer_sees_the_whole_region(world):
    assert codes(world.rita) == {"NORTH", "ALA", "SOK", "A", "B", "C"}


def test_coordinator_sees_their_district_only(world):
    assert codes(world.dana) == {"ALA", "A", "B"}
    assert class_names(world.dana) == {"A:8а", "A:8б", "B:8а"}


def test_deputy_sees_their_school_only(world):
    assert codes(world.aigul) == {"A"}
    assert class_names(world.aigul) == {"A:8а", "A:8б"}
    assert set(restrict(Student.objects.all(), world.aigul)) == {world.aibek, world.bolot}


def test_teacher_sees_their_school_row_and_only_their_classes(world):
    assert codes(world.timur) == {"A"}
    assert class_names(world.timur) == {"A:8а"}
    assert set(restrict(Student.objects.all(), world.timur)) == {world.aibek}
    assert list(restrict(Staff.objects.all(), world.timur)) == [world.timur_staff]


def test_class_teacher_sees_their_homeroom_class(world):
    assert class_names(world.bakyt) == {"B:8а"}
    assert set(restrict(Student.objects.all(), world.bakyt)) == {world.camila}


def test_parent_sees_only_their_child(world):
    assert set(restrict(Student.objects.all(), world.parvina)) == {world.aibek}
    assert class_names(world.parvina) == set()
    assert codes(world.parvina) == {"A"}


def test_user_without_roles_sees_nothing(world):
    assert codes(world.charlie) == set()
    assert scope_of(world.charlie).is_empty


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not restrict(OrgUnit.objects.all(), AnonymousUser()).exists()


def test_superuser_sees_everything(world):
    world.charlie.is_superuser = True
    world.charlie.save()
    assert codes(world.charlie) == set(OrgUnit.objects.values_list("code", flat=True))


def test_student_in_two_visible_classes_is_listed_once(world):
    from sapat.testing.factories import EnrolmentFactory, SchoolClassFactory

    next_year = SchoolClassFactory(school=world.school_a, grade=9, letter="а", year__code="2025-2026")
    EnrolmentFactory(school_class=next_year, student=world.aibek)
    assert restrict(Student.objects.all(), world.aigul).count() == 2


def test_changing_needs_a_managing_role(world):
    assert can_change(world.aigul, world.a8a)
    assert can_change(world.dana, world.a8a)
    assert not can_change(world.timur, world.a8a)
    assert not can_change(world.aigul, world.b8a)
    assert not can_change(world.parvina, world.aibek)


def test_model_without_scope_rule_refuses_to_be_scoped(world):
    from django.core.exceptions import ImproperlyConfigured

    from sapat.structure.models import Subject

    with pytest.raises(ImproperlyConfigured):
        restrict(Subject.objects.all(), world.aigul)


def test_overseeing_is_about_the_subtree_not_any_role(world):
    from sapat.access.scope import forget_scope, oversees
    from sapat.testing.factories import MembershipFactory

    MembershipFactory(user=world.timur, unit=world.school_b, role="deputy_academic")
    forget_scope(world.timur)
    assert oversees(world.timur, world.school_b)
    assert not oversees(world.timur, world.school_a)
    assert oversees(world.dana, world.school_a)


def test_login_limit_uses_the_proxys_address_only_behind_a_proxy(rf, settings):
    from sapat.access.client_ip import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.SAPAT_BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.SAPAT_BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.9"  # the entry our one proxy appended, not the client's claim
