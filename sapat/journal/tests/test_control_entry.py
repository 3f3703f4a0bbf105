"""Control-work entry: create the work with its tasks, type results per student, read the analysis."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from sapat.assessment.models import ControlResult, ControlWork
from sapat.journal.services import control_work_create
from sapat.structure.models import MethodicalAssociation
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 12, 10)


@pytest.fixture
def work(world):
    return control_work_create(
        school_class=world.a8a,
        subject=world.math,
        kind="h1",
        code="",
        written_on=DAY,
        max_score=None,
        task_maxima=[Decimal(2), Decimal(3), Decimal(5)],
        actor=world.timur,
    )


def test_a_work_is_created_with_its_tasks_and_audited(world, work):
    assert (work.code, work.max_score, work.school_id) == ("h1", Decimal(10), world.school_a.pk)
    assert [(t.number, t.max_score) for t in work.tasks.all()] == [(1, 2), (2, 3), (3, 5)]
    created = LogEntry.objects.filter(action=LogEntry.Action.CREATE, actor=world.timur)
    assert created.count() == 4  # the work and its three tasks


def test_tasks_must_add_up_to_the_maximum(world):
    with pytest.raises(ValidationError) as refused:
        control_work_create(
            school_class=world.a8a,
            subject=world.math,
            kind="h1",
            code="",
            written_on=DAY,
            max_score=Decimal(12),
            task_maxima=[Decimal(2), Decimal(3)],
        )
    assert refused.value.message_dict == {"tasks": ["The tasks' maxima add up to 5, not to the maximum score 12."]}


def test_the_form_creates_the_work_and_opens_its_grid(world, login):
    client = login(world.timur)
    data = {
        "assignment": f"{world.a8a.pk}:{world.math.pk}",
        "kind": "h2",
        "code": "",
        "written_on": "2025-04-20",
        "max_score": "",
        "tasks": "4 4 2",
        "topic": "Fractions",
    }
    response = client.post("/journal/control/new/", data)
    work = ControlWork.objects.get()
    assert response.status_code == 302 and response.url == f"/journal/control/{work.pk}/"
    assert (work.code, work.max_score, work.topic) == ("h2", Decimal(10), "Fractions")


def test_the_form_offers_only_the_teachers_own_classes(world, login):
    other = f.TeachingAssignmentFactory(school_class=world.a8b)
    response = login(world.timur).post(
        "/journal/control/new/",
        {"assignment": f"{world.a8b.pk}:{other.subject.pk}", "kind": "h1", "written_on": "2024-12-10"},
    )
    assert response.status_code == 400
    assert not ControlWork.objects.exists()


def test_the_deputy_creates_the_work_for_every_class_of_the_chosen_grades(world, login):
    """Aigul heads school A: its 8а and 8б learn mathematics (8а by Timur; 8б gets an assignment here), a 9а
    learns it too; grade 8 alone gives two works, 9а none, and B's 8а (another school) none."""
    f.TeachingAssignmentFactory(school_class=world.a8b, subject=world.math)
    a9 = f.SchoolClassFactory(school=world.school_a, year=world.year, grade=9, letter="а")
    f.TeachingAssignmentFactory(school_class=a9, subject=world.math)
    client = login(world.aigul)
    data = {"subject": world.math.pk, "grades": ["8"], "kind": "h1", "written_on": "2024-12-20", "max_score": "20"}
    response = client.post("/journal/control/new/", data)
    assert response.status_code == 302 and response.url == "/journal/"
    works = ControlWork.objects.order_by("school_class__letter")
    found = [(w.school_class.name, w.subject.code, w.code) for w in works]
    assert found == [("8а", "math", "h1"), ("8б", "math", "h1")]


def test_a_whole_grade_is_created_whole_or_not_at_all(world, login):
    """8а already has its h1 in mathematics: the grade's work is refused, naming 8а, and 8б gets none."""
    f.TeachingAssignmentFactory(school_class=world.a8b, subject=world.math)
    ControlWork.objects.create(school_class=world.a8a, subject=world.math, code="h1", kind="h1",
                               written_on=datetime.date(2024, 12, 1))  # fmt: skip
    response = login(world.aigul).post(
        "/journal/control/new/",
        {"subject": world.math.pk, "grades": ["8"], "kind": "h1", "written_on": "2024-12-20"},
    )
    assert response.status_code == 400 and "8а, Mathematics: " in response.text
    assert ControlWork.objects.count() == 1


def test_a_subject_without_grades_is_refused(world, login):
    response = login(world.aigul).post(
        "/journal/control/new/", {"subject": world.math.pk, "kind": "h1", "written_on": "2024-12-20"}
    )
    assert response.status_code == 400 and not ControlWork.objects.exists()


@pytest.fixture
def mo_head(world):
    """Aizada heads school A's association of exact sciences (mathematics); she teaches no class herself."""
    association = MethodicalAssociation.objects.create(school=world.school_a, name_en="Exact sciences")
    association.subjects.add(world.math)
    user = f.UserFactory(username="aizada")
    f.MembershipFactory(user=user, unit=world.school_a, role="mo_head", association=association)
    return user


def test_the_head_of_the_association_creates_and_opens_works_in_its_subjects(world, login, mo_head, work):
    client = login(mo_head)
    assert client.get(f"/journal/control/{work.pk}/").status_code == 200  # Timur's 8а, her subject
    assert f"{world.a8a.pk}:{world.math.pk}" in client.get("/journal/control/new/").text
    data = {"subject": world.math.pk, "grades": ["8"], "kind": "h2", "written_on": "2025-04-20"}
    assert client.post("/journal/control/new/", data).status_code == 302
    assert ControlWork.objects.filter(code="h2", school_class=world.a8a).exists()


def test_the_head_of_the_association_gets_no_work_outside_its_subjects(world, login, mo_head):
    other = f.TeachingAssignmentFactory(school_class=world.a8b)
    work = control_work_create(school_class=world.a8b, subject=other.subject, kind="h1", code="", max_score=None,
                               written_on=datetime.date(2024, 12, 10), task_maxima=[])  # fmt: skip
    assert login(mo_head).get(f"/journal/control/{work.pk}/").status_code == 403


def row(client, work, student, **cells):
    return client.post(f"/journal/control/{work.pk}/row/", {"student": student.pk, **cells})


def test_a_row_of_task_scores_is_saved_and_the_analysis_appears(world, login, work):
    client = login(world.timur)
    assert "appears as soon as the first result" in client.get(f"/journal/control/{work.pk}/").text
    response = row(client, work, world.aibek, t1="2", t2="2,5", t3="4")
    answer = response.json()
    assert response.status_code == 200
    # 8.5 of 10 = 85 % → 5
    assert answer["cells"] == {"t1": "2", "t2": "2.5", "t3": "4", "score": "8.5", "mark": ""}
    assert answer["mark"] == "5"
    assert 'data-testid="analysis"' in answer["analysis"]
    result = ControlResult.objects.get()
    assert (result.score, result.mark, result.task_scores) == (Decimal("8.5"), "5", {"1": 2, "2": 2.5, "3": 4})


def test_a_given_mark_wins_over_the_derived_one_and_stays_in_its_cell(world, login, work):
    answer = row(login(world.timur), work, world.aibek, t1="1", t2="1", t3="1", mark="4").json()
    assert (answer["cells"]["mark"], answer["mark"]) == ("4", "4")  # 30 % would derive a 2


def test_a_task_over_its_maximum_is_refused_with_the_services_message(world, login, work):
    response = row(login(world.timur), work, world.aibek, t1="3", t2="1", t3="1")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "errors": {"": "Task 1: 3 is over its maximum 2."}}
    assert not ControlResult.objects.exists()


def test_a_word_in_a_cell_is_refused(world, login, work):
    response = row(login(world.timur), work, world.aibek, t1="two")
    assert response.json()["errors"] == {"": "“two” is not a number (up to 4 decimals)."}


def test_the_whole_table_without_javascript(world, login, work):
    second = f.EnrolmentFactory(school_class=world.a8a).student
    prefix, other = f"r-{world.aibek.pk}-", f"r-{second.pk}-"
    data = {f"{prefix}t1": "2", f"{prefix}t2": "3", f"{prefix}t3": "5", f"{other}t1": "9"}
    response = login(world.timur).post(f"/journal/control/{work.pk}/", data)
    assert response.status_code == 400
    assert "Task 1: 9 is over its maximum 2." in response.text
    assert f'name="{other}t1" data-cell="t1" value="9"' in response.text
    assert not ControlResult.objects.exists()
    data[f"{other}t1"] = "1"
    assert login(world.timur).post(f"/journal/control/{work.pk}/", data).status_code == 302
    assert sorted(ControlResult.objects.values_list("mark", flat=True)) == ["2", "5"]


def test_the_analysis_counts_the_class(world, login, work):
    for _ in range(3):
        f.EnrolmentFactory(school_class=world.a8a, starts_on=world.year.starts_on)
    client = login(world.timur)
    row(client, work, world.aibek, t1="2", t2="3", t3="5")
    html = client.get(f"/journal/control/{work.pk}/").text
    # on the list 4, wrote 1 (a 5): success, quality 100 %, СОУ 100 %, average 5
    assert "<td>4</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td>" in html
    assert 'data-testid="task-shares"' in html


def test_the_control_page_does_not_query_per_student(world, login, work, django_assert_max_num_queries):
    client = login(world.timur)
    row(client, work, world.aibek, t1="2", t2="3", t3="5")
    for student in [f.EnrolmentFactory(school_class=world.a8a).student for _ in range(15)]:
        row(client, work, student, t1="1", t2="1", t3="1")
    with django_assert_max_num_queries(18):  # 16 students, the same as with one
        assert client.get(f"/journal/control/{work.pk}/").status_code == 200
