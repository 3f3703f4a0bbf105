"""What an attacker with a unit administrator's login tries in the admin, refused (issue 10, point 3).

Dana coordinates Alamedin (schools A and B); Sultan coordinates Sokuluk (school C); Aigul is the deputy of A.
Each is staff with every Django permission: only Sapat's rules stand in the way.
"""

import pytest
from django.contrib.auth.models import Permission

from sapat.access.models import Membership, User
from sapat.structure.models import AcademicYear, Staff
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    everything = list(Permission.objects.all())
    for name in ("dana", "aigul", "rita"):
        user = world.users[name]
        User.objects.filter(pk=user.pk).update(is_staff=True, language="en")
        user.user_permissions.set(everything)
    return world


def membership_form(user, unit, role, **extra) -> dict:
    return {"user": user.pk, "unit": unit.pk, "role": role, "association": "", **extra}


def test_a_deputy_cannot_change_the_countrys_calendar(staff, login):
    year = staff.year
    data = {"code": year.code, "country": "KZ", "starts_on": "2024-09-02", "ends_on": "2025-05-30"}
    data |= {"periods-TOTAL_FORMS": 0, "periods-INITIAL_FORMS": 0}
    response = login(staff.aigul).post(f"/admin/structure/academicyear/{year.pk}/change/", data)
    assert response.status_code == 403
    assert AcademicYear.objects.get(pk=year.pk).country == "KG"


def test_a_regional_officer_changes_only_her_countrys_calendar(staff, login):
    other = f.AcademicYearFactory(country="KZ", code="2024-2025")
    client = login(staff.rita)
    assert client.get(f"/admin/structure/academicyear/{other.pk}/change/").status_code == 200
    data = {"code": other.code, "country": "KZ", "starts_on": "2024-09-02", "ends_on": "2025-05-30"}
    data |= {"periods-TOTAL_FORMS": 0, "periods-INITIAL_FORMS": 0}
    assert client.post(f"/admin/structure/academicyear/{other.pk}/change/", data).status_code == 403
    add = client.get("/admin/structure/academicyear/add/")
    assert '<option value="KG">' in add.text and '<option value="KZ">' not in add.text


def test_a_coordinator_cannot_give_a_role_in_another_district(staff, login):
    client = login(staff.dana)
    response = client.post("/admin/access/membership/add/", membership_form(staff.timur, staff.school_c, "director"))
    assert response.status_code == 200  # the form again, with the unit refused
    assert "Select a valid choice" in response.text
    assert not Membership.objects.filter(unit=staff.school_c, user=staff.timur).exists()


def test_a_coordinator_cannot_give_a_role_to_a_login_from_elsewhere(staff, login):
    # Sultan's login reaches Sokuluk: a role in Alamedin given by Dana would add to what he has from her.
    client = login(staff.dana)
    response = client.post("/admin/access/membership/add/", membership_form(staff.sultan, staff.school_a, "director"))
    assert "Select a valid choice" in response.text
    assert not Membership.objects.filter(user=staff.sultan, unit=staff.school_a).exists()


def test_a_coordinator_gives_a_role_in_her_district(staff, login):
    client = login(staff.dana)
    response = client.post(
        "/admin/access/membership/add/", membership_form(staff.timur, staff.school_b, "subject_teacher")
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=staff.timur, unit=staff.school_b, role="subject_teacher").exists()


def test_a_deputy_cannot_link_a_login_to_a_staff_record(staff, login):
    """The issue's attack: a parent's login linked to a teacher's record would see the teacher's class."""
    record = f.StaffFactory(school=staff.school_a, last_name="Newcomer")
    page = login(staff.aigul).get(f"/admin/structure/staff/{record.pk}/change/")
    assert page.status_code == 200
    assert 'name="user"' not in page.text  # read-only for her: the link grants access


def test_a_coordinator_links_only_logins_of_her_district(staff, login):
    record = f.StaffFactory(school=staff.school_a, last_name="Newcomer")
    data = {
        "school": staff.school_a.pk, "last_name": "Newcomer", "first_name": "N", "position": record.position,
        "user": staff.sultan.pk, "categories-TOTAL_FORMS": 0, "categories-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = login(staff.dana).post(f"/admin/structure/staff/{record.pk}/change/", data)
    assert "Select a valid choice" in response.text
    assert Staff.objects.get(pk=record.pk).user_id is None


def test_a_coordinator_never_grants_staff_or_superuser(staff, login):
    client = login(staff.dana)
    page = client.get(f"/admin/access/user/{staff.timur.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text and 'name="is_staff"' not in page.text
    assert 'name="user_permissions"' not in page.text and 'name="groups"' not in page.text


def test_a_login_created_outside_the_editors_units_is_not_saved(staff, login):
    data = {
        "username": "intruder", "usable_password": "true",
        "password1": "a-long-Password-9", "password2": "a-long-Password-9",
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = login(staff.dana).post("/admin/access/user/add/", data)
    assert response.status_code == 403
    assert not User.objects.filter(username="intruder").exists()


def test_deleting_a_subject_refuses_with_a_count_instead_of_walking(staff, login, django_assert_max_num_queries):
    root = User.objects.create_superuser("root", password="correct-horse-battery")
    client = login(root)
    with django_assert_max_num_queries(40):
        response = client.get(f"/admin/structure/subject/{staff.math.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/structure/subject/{staff.math.pk}/change/"
    assert "cannot be deleted: other records depend on it (Teaching assignments: 1)" in response.text


def test_the_bulk_delete_action_is_off(staff, login):
    page = login(staff.dana).get("/admin/structure/schoolclass/")
    assert "delete_selected" not in page.text


def test_a_list_filter_offers_only_rows_the_user_may_see(staff, login):
    """Django's filter on a relation lists every row of the related model; the scoped admin's only those the
    user may see: Dana (Alamedin) does not learn the name of Sokuluk's group of units."""
    from sapat.structure.models import UnitGroup

    UnitGroup.objects.create(code="ala-rural", owner=staff.alamedin, name_en="Alamedin rural", name_ru="x")
    UnitGroup.objects.create(code="sok-pilot", owner=staff.sokuluk, name_en="Sokuluk pilot", name_ru="y")
    page = login(staff.dana).get("/admin/structure/orgunit/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Alamedin rural" in page.text
    assert "Sokuluk pilot" not in page.text
