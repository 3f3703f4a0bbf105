"""Who of a college sees which of its pages: one table of role × page × status (as web/tests/test_permissions.py).

A head of department sees their department's groups and students; a curator their group; a teacher the group
they teach; a student their own record; the director, the deputy and the methodist the whole college. Across
the line the answer is 404, like a missing object.
"""

import pytest

from sapat.access.scope import restrict
from sapat.assessment.models import PeriodMark
from sapat.indicators.models import SchoolSummary
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db

ROLES = ("kanat", "asel", "nurlan", "baktygul", "meerim", "ulan", "ainura", "rita", "timur")
TABLE = [
    # page            kanat asel nurlan baktygul meerim ulan ainura rita timur
    ("unit:NATEC",     200,  200, 200,   200,     200,   200, 200,   200, 404),
    ("unit:A",         404,  404, 404,   404,     404,   404, 404,   200, 200),
    ("class:vet24",    200,  200, 200,   200,     200,   404, 404,   200, 404),
    ("class:vet23",    200,  200, 200,   200,     404,   404, 404,   200, 404),
    ("class:buh24",    200,  200, 404,   200,     404,   200, 404,   200, 404),
    ("student:ainura", 200,  200, 200,   200,     200,   404, 200,   200, 404),
    ("student:daniyar", 200, 200, 200,   200,     404,   404, 404,   200, 404),
    ("student:farida", 200,  200, 404,   200,     404,   200, 404,   200, 404),
]  # fmt: skip
CASES = [
    pytest.param(role, page, status, id=f"{role}-{page}")
    for page, *row in TABLE
    for role, status in zip(ROLES, row, strict=True)
]


def url_of(college, page: str) -> str:
    kind, name = page.split(":")
    if kind == "unit":
        return f"/units/{name}/"
    if kind == "class":
        return f"/classes/{getattr(college, f'{name}_class').pk}/"
    return f"/students/{college.students[name].pk}/"


def user_of(college, world, name):
    return college.users.get(name) or getattr(world, name)


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_page_answers_by_college_role(college, world, login, role, page, status):
    response = login(user_of(college, world, role)).get(url_of(college, page))
    assert response.status_code == status


def test_a_head_of_department_reaches_the_marks_of_their_department_only(college):
    s1 = college.s1
    put_marks(college.vet24_class, s1, {(college.students["ainura"], college.anatomy): "5"})
    put_marks(college.vet23_class, s1, {(college.students["daniyar"], college.anatomy): "4"})
    put_marks(college.buh24_class, s1, {(college.students["farida"], college.anatomy): "3"})
    seen = restrict(PeriodMark.objects.all(), college.users["nurlan"]).values_list("value", flat=True)
    assert sorted(seen) == ["4", "5"]
    assert not restrict(SchoolSummary.objects.all(), college.users["nurlan"]).exists()  # no college totals
    assert restrict(SchoolSummary.objects.all(), college.users["baktygul"]).exists()
    own = restrict(PeriodMark.objects.all(), college.users["ainura"]).values_list("value", flat=True)
    assert list(own) == ["5"]


def test_college_roles_are_held_in_a_college(college, world):
    from django.core.exceptions import ValidationError

    from sapat.access.models import Membership

    with pytest.raises(ValidationError, match="held in a college"):
        Membership(user=world.charlie, unit=world.school_a, role="methodist").full_clean()
    with pytest.raises(ValidationError, match="Choose the department"):
        Membership(user=world.charlie, unit=college.unit, role="head_of_department").full_clean()
    with pytest.raises(ValidationError, match="another college"):
        Membership(user=world.charlie, unit=college.unit, role="student", student=world.aibek).full_clean()


def test_a_college_s_pages_say_group_course_speciality_department(college, login, english):
    client = login(college.users["nurlan"])
    unit = client.get("/units/NATEC/").content.decode()
    assert "Study groups" in unit and "Course" in unit and "Departments and specialities" in unit
    assert "Veterinary medicine" in unit and "Parallel" not in unit
    group = client.get(url_of(college, "class:vet24")).content.decode()
    assert "Study group ВЕТ-24, 2024-2025" in group and "Veterinary medicine" in group and "Curator" in group
    assert "Class teacher" not in group
    student = client.get(url_of(college, "student:ainura")).content.decode()
    assert "Study groups by year" in student and "College" in student and "Classes by year" not in student


def test_a_head_of_department_enters_the_journals_their_department_s_teachers_teach(college):
    """The journals the department's dashboard lists: what a teacher of the department teaches in its groups;
    not another department's group, nor a subject no teacher of the department teaches there."""
    from sapat.journal.selectors import can_enter_marks
    from sapat.testing import factories as f

    f.TeachingAssignmentFactory(
        teacher=college.staff["meerim"], school_class=college.vet24_class, subject=college.anatomy
    )
    nurlan = college.users["nurlan"]
    assert can_enter_marks(nurlan, college.vet24_class, college.anatomy)
    assert not can_enter_marks(nurlan, college.vet24_class, college.pe)
    assert not can_enter_marks(nurlan, college.buh24_class, college.anatomy)  # ulan, not of the department
