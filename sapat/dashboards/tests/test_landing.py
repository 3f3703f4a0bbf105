"""Each person's own dashboards, highest level first; the home page offers them before anything else."""

import pytest

from sapat.access.models import Role
from sapat.dashboards.reach import own_dashboards
from sapat.structure.models import MethodicalAssociation
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db


def test_head_of_a_methodical_association_lands_on_the_school_per_subject(world):
    head = f.UserFactory(username="madina")
    association = MethodicalAssociation.objects.create(school=world.school_a, name_en="Mathematics and literature")
    literature = f.SubjectFactory(code="lit", name_en="Literature")
    association.subjects.set([world.math, literature])
    f.MembershipFactory(user=head, unit=world.school_a, role=Role.MO_HEAD, association=association)
    assert own_dashboards(head) == [
        ("School A: Literature", "/dashboards/unit/A/?subject=lit"),
        ("School A: Mathematics", "/dashboards/unit/A/?subject=math"),
    ]


def test_a_person_with_several_roles_gets_the_highest_level_first(world):
    f.MembershipFactory(user=world.timur, unit=world.alamedin, role=Role.DISTRICT_COORDINATOR)
    found = own_dashboards(world.timur)
    assert found[0] == ("Alamedin", "/dashboards/unit/ALA/")
    assert found[1] == ("My classes and subjects", f"/dashboards/teacher/{world.timur_staff.pk}/")


def test_a_superuser_lands_on_each_region(world):
    admin = f.UserFactory(username="root", is_superuser=True)
    assert own_dashboards(admin) == [("North", "/dashboards/unit/NORTH/")]


def test_nobody_without_a_role_has_a_dashboard(world):
    assert own_dashboards(world.charlie) == []


def test_home_page_shows_the_own_dashboard_first_and_keeps_the_roles(world, login):
    html = login(world.dana).get("/").text
    assert 'data-testid="my-dashboard"' in html and 'href="/dashboards/unit/ALA/"' in html
    assert html.index('data-testid="my-dashboard"') < html.index('data-testid="memberships"')
    assert 'data-testid="nav-dashboard"' in html
