"""The KZ grid: ФО, СОр and СОч of a quarter per student, saved through scores_save, with the derived mark."""

import importlib
from decimal import Decimal

import pytest

from sapat.assessment.models import PeriodMark, Score
from sapat.testing import factories as f
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.django_db


def default_schemes() -> None:
    """The grading schemes of the data migration, again: a browser test's transactional database is emptied
    after each test, data migrations' rows included."""
    from django.apps import apps

    migration = importlib.import_module("sapat.assessment.migrations.0002_default_grading_schemes")
    migration.create_schemes(apps, None)


class KZ:
    """A Kazakh school with class 5а (criteria-based assessment) and its mathematics teacher."""

    def __init__(self, world):
        default_schemes()
        region = f.RegionFactory(code="KZ-AST", country="KZ", name_en="Astana")
        school = f.SchoolFactory(code="KZ1", parent=f.DistrictFactory(code="KZ-AST-1", parent=region))
        self.periods = add_periods(f.AcademicYearFactory(country="KZ", code="2024-2025"))
        self.klass = f.SchoolClassFactory(school=school, year=self.periods["q1"].year, grade=5, letter="а")
        self.math = world.math
        self.students = [f.EnrolmentFactory(school_class=self.klass).student for _ in range(2)]
        teacher = f.StaffFactory(school=school, user=f.UserFactory(username="aruzhan"))
        f.MembershipFactory(user=teacher.user, unit=school, role="subject_teacher")
        f.TeachingAssignmentFactory(teacher=teacher, school_class=self.klass, subject=self.math)
        self.teacher = teacher.user

    def url(self, code="q1", row=False):
        base = f"/journal/classes/{self.klass.pk}/subjects/{self.math.pk}/scores/{self.periods[code].pk}/"
        return base + "row/" if row else base


@pytest.fixture
def kz(world):
    return KZ(world)


MAXIMA = {"max-sor1": "20", "max-sor2": "", "max-sor3": "", "max-soch": "25"}


def test_a_row_of_scores_gives_the_derived_mark(kz, login):
    client = login(kz.teacher)
    student = kz.students[0]
    data = {"student": student.pk, "fo": "8 9 10", "sor1": "15", "soch": "20", **MAXIMA}
    response = client.post(kz.url(row=True), data)
    assert response.status_code == 200, response.content
    answer = response.json()
    # ФО 90 %, СОр 75 %, СОч 80 %: 0.25·90 + 0.25·75 + 0.5·80 = 81.25 → 81 % → 4
    assert answer["marks"] == {"term": "4", "year": ""}
    assert answer["cells"] == {"fo": "8 9 10", "sor1": "15", "sor2": "", "sor3": "", "soch": "20"}
    assert answer["figures"]["average"] == "4.00"
    assert Score.objects.filter(student=student).count() == 5
    assert PeriodMark.objects.get(student=student, period=kz.periods["q1"]).derived


def test_a_score_without_the_columns_maximum_is_refused_in_its_cell(kz, login):
    data = {"student": kz.students[0].pk, "sor2": "5", **MAXIMA}
    response = login(kz.teacher).post(kz.url(row=True), data)
    assert response.status_code == 400
    assert response.json()["errors"] == {"sor2": "Give the maximum score of this column first."}


def test_the_services_message_comes_back_to_its_cell(kz, login):
    data = {"student": kz.students[0].pk, "fo": "8 11", "soch": "30", **MAXIMA}
    errors = login(kz.teacher).post(kz.url(row=True), data).json()["errors"]
    assert errors == {
        "fo": "ФО is given on a 1–10 scale: the maximum is 10 and the score a whole number from 1 to 10.",
        "soch": "The score 30 is above the maximum 25.",
    }
    assert not Score.objects.exists()


def test_emptying_every_cell_of_a_kind_says_it_cannot_remove(kz, login):
    client = login(kz.teacher)
    client.post(kz.url(row=True), {"student": kz.students[0].pk, "fo": "8", **MAXIMA})
    response = client.post(kz.url(row=True), {"student": kz.students[0].pk, "fo": "", "sor1": "10", **MAXIMA})
    assert response.status_code == 400
    assert "cannot be removed here" in response.json()["errors"]["fo"]
    assert Score.objects.get().score == Decimal(8)


def test_the_page_shows_the_stored_scores_and_maxima(kz, login):
    client = login(kz.teacher)
    client.post(kz.url(row=True), {"student": kz.students[0].pk, "fo": "7 9", "sor1": "12.5", **MAXIMA})
    html = client.get(kz.url()).text
    assert f'name="s-{kz.students[0].pk}-fo" data-cell="fo" value="7 9"' in html
    assert f'name="s-{kz.students[0].pk}-sor1" data-cell="sor1" value="12.5"' in html
    assert 'name="max-sor1" data-max="sor1" data-saved="20" value="20"' in html


def test_the_whole_table_without_javascript(kz, login):
    first, second = kz.students
    data = {f"s-{first.pk}-fo": "10", f"s-{second.pk}-soch": "26", **MAXIMA}
    response = login(kz.teacher).post(kz.url(), data)
    assert response.status_code == 400
    assert "The score 26 is above the maximum 25." in response.text
    assert not Score.objects.exists()
    data[f"s-{second.pk}-soch"] = "25"
    assert login(kz.teacher).post(kz.url(), data).status_code == 302
    assert Score.objects.count() == 2


def test_the_marks_grid_of_a_criteria_class_is_read_only_with_links_to_scores(kz, login):
    html = login(kz.teacher).get(f"/journal/classes/{kz.klass.pk}/subjects/{kz.math.pk}/").text
    assert "assessed by criteria" in html
    assert kz.url() in html
    assert 'class="primary">Save the table' not in html


def test_a_five_point_class_has_no_scores_grid(world, login):
    periods = add_periods(world.year)
    url = f"/journal/classes/{world.a8a.pk}/subjects/{world.math.pk}/scores/{periods['q1'].pk}/"
    response = login(world.timur).get(url)
    assert response.status_code == 302


def test_the_scores_page_does_not_query_per_student(kz, login, django_assert_max_num_queries):
    client = login(kz.teacher)
    for student in kz.students + [f.EnrolmentFactory(school_class=kz.klass).student for _ in range(10)]:
        client.post(kz.url(row=True), {"student": student.pk, "fo": "8 9", "sor1": "15", **MAXIMA})
    with django_assert_max_num_queries(19):  # twelve students, as many as for one
        assert client.get(kz.url()).status_code == 200
