"""The demo's Kazakh region shaped like seed 004: 11 districts with Kazakh names, a tutor school and two attached
rural schools in each, the regional project with the Taskala school taken out, district coordinators, the logins
of a coordinator and the regional officer, and three years of achievements, activities and KZ scores."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from sapat.access.models import Membership
from sapat.achievements.models import Activity, Participation
from sapat.assessment.models import PeriodMark, Score
from sapat.demo.generator import generate
from sapat.demo.kzproject import PROJECT_CODE, generate_kz_project
from sapat.projects.models import Project
from sapat.projects.selectors import tutor_groups
from sapat.structure.models import OrgUnit, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def kz_demo(django_db_setup, django_db_blocker):
    """The district-size structure (with the Kazakh region) and the project, once for the module, in a
    transaction rolled back afterwards (each test's own is a savepoint inside it). Not a flush: that would
    take the migrations' reference data (the grading schemes) from every later test of the run."""
    with django_db_blocker.unblock(), transaction.atomic():
        generate(size="district", seed=1)
        yield generate_kz_project(seed=1)
        transaction.set_rollback(True)


def test_the_region_has_eleven_kazakh_districts_with_a_tutor_school_and_two_attached(kz_demo):
    region = OrgUnit.objects.get(code="KZ-ZAP")
    districts = list(region.children.order_by("code"))
    assert len(districts) == 11 and all(d.name_kk.endswith(" ауданы") for d in districts)
    assert "Тасқала ауданы" in {d.name_kk for d in districts}
    for district in districts:
        schools = list(district.children.order_by("code"))
        tutors = {s.tutor_id for s in schools if s.tutor_id}
        assert len(schools) == 3 and len(tutors) == 1 and sum(1 for s in schools if s.tutor_id) == 2


def test_the_project_takes_a_taskala_school_out_and_its_tutor_group_shrinks(kz_demo):
    project = Project.objects.get(code=PROJECT_CODE)
    assert (project.order_number, project.order_date) == ("1402", datetime.date(2024, 11, 28))
    assert project.members.count() == 33 and project.coordinators.count() == 11
    (left,) = project.members.exclude(left_on=None)
    assert left.school.parent.code == "KZ-ZAP-10" and left.reason
    region = OrgUnit.objects.get(code="KZ-ZAP")
    taskala_tutor = left.school.tutor_id
    assert len(tutor_groups(region, datetime.date(2023, 5, 31))[taskala_tutor]) == 3
    assert left.school_id not in tutor_groups(region, datetime.date(2024, 5, 31))[taskala_tutor]
    assert len(tutor_groups(region, datetime.date(2024, 5, 31))) == 11


def test_three_years_of_achievements_activities_joining_and_scores(kz_demo):
    years = ["2022-2023", "2023-2024", "2024-2025"]
    schools = OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code="KZ-ZAP").path, kind="school")
    per_year = [Participation.objects.filter(school__in=schools, year__code=y).count() for y in years]
    assert all(per_year) and per_year[0] < per_year[-1]
    publications = [Activity.objects.filter(school__in=schools, year__code=y, kind="publication").count()
                    for y in years]  # fmt: skip
    assert publications[0] < publications[-1]
    assert Staff.objects.filter(school__in=schools).exclude(joined_on=None).count() == kz_demo["staff_joined"] > 0
    assert Score.objects.count() == kz_demo["scores"] > 0
    assert PeriodMark.objects.filter(derived=True, period__code="year").exists()  # year marks from the scores


def test_the_coordinator_and_the_officer_of_the_region_log_in(kz_demo):
    assert Membership.objects.get(user__username="kzcoordinator").unit.code == "KZ-ZAP-10"
    assert Membership.objects.get(user__username="kzregion").unit.code == "KZ-ZAP"
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "kzcoordinator" in out.getvalue() and "kzregion" in out.getvalue()
