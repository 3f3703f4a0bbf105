"""The grid of period marks: one cell saved at a time (JSON), or the whole table posted without JavaScript."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sapat.assessment.models import PeriodMark
from sapat.journal.services import period_close
from sapat.testing import factories as f
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def classmates(world):
    """Aibek plus three classmates in A's 8а: four students."""
    return [world.aibek] + [f.EnrolmentFactory(school_class=world.a8a).student for _ in range(3)]


def grid_url(world):
    return f"/journal/classes/{world.a8a.pk}/subjects/{world.math.pk}/"


def save_cell(client, world, student, period, value):
    data = {"student": student.pk, "period": period.pk, "value": value}
    return client.post(grid_url(world) + "cell/", data, HTTP_ACCEPT_LANGUAGE="en")


def test_teacher_opens_the_grid_of_his_class(world, login, periods, classmates):
    response = login(world.timur).get(grid_url(world))
    assert response.status_code == 200
    html = response.text
    assert f'name="m-{world.aibek.pk}-{periods["q1"].pk}"' in html
    assert all(student.full_name in html for student in classmates)


def test_a_saved_cell_answers_the_new_figures_of_the_class(world, login, periods, classmates):
    client = login(world.timur)
    put_marks(world.a8a, periods["q1"], {(classmates[1], world.math): "5", (classmates[2], world.math): "3"})
    response = save_cell(client, world, world.aibek, periods["q1"], "4")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["ok"], answer["value"], answer["display"]) == (True, "4", "4")
    # N = 3 (5, 4, 3), one mark missing: quality 2/3, success 3/3, average 4, СОУ (100 + 64 + 36) / 3
    assert answer["figures"] == {
        "quality": "66.7\u00a0%",
        "success": "100.0\u00a0%",
        "average": "4.00",
        "sou": "66.7\u00a0%",
        "students": "3",
        "missing": "1",
    }
    assert PeriodMark.objects.get(student=world.aibek).value == "4"


def test_the_grids_figures_use_each_indicators_precision(world, login, periods, classmates):
    """Two decimals asked for quality: the journal reads 66.67 %, as the dashboards and documents do."""
    from sapat.indicators.models import Indicator

    quality = Indicator.objects.get(code="quality_pct", owner=None)
    quality.precision = 2
    quality.save()
    put_marks(world.a8a, periods["q1"], {(classmates[1], world.math): "5", (classmates[2], world.math): "3"})
    answer = save_cell(login(world.timur), world, world.aibek, periods["q1"], "4").json()
    assert (answer["figures"]["quality"], answer["figures"]["success"]) == ("66.67\u00a0%", "100.0\u00a0%")


@pytest.mark.parametrize(("typed", "stored", "shown"), [("Н/А", "na", "n/a"), ("осв.", "ex", "ex."), (" 5 ", "5", "5")])
def test_typed_forms_of_a_mark_are_understood(world, login, periods, typed, stored, shown):
    answer = save_cell(login(world.timur), world, world.aibek, periods["q2"], typed).json()
    assert (answer["value"], answer["display"]) == (stored, shown)
    assert PeriodMark.objects.get().value == stored


def test_a_refused_cell_answers_the_services_message(world, login, periods):
    response = save_cell(login(world.timur), world, world.aibek, periods["q1"], "7")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": "“7” is not a mark: use 5, 4, 3, 2, n/a (na) or ex (exempt)."}


def test_a_closed_period_refuses_the_cell(world, login, periods):
    period_close(school=world.school_a, period=periods["q1"], actor=world.aigul)
    response = save_cell(login(world.timur), world, world.aibek, periods["q1"], "5")
    assert response.status_code == 400
    assert response.json()["error"] == "The period 1st quarter is closed; ask the deputy director to reopen it."


def test_an_empty_cell_removes_the_mark(world, login, periods):
    put_marks(world.a8a, periods["q1"], {(world.aibek, world.math): "5"})
    answer = save_cell(login(world.timur), world, world.aibek, periods["q1"], "").json()
    assert (answer["ok"], answer["value"]) == (True, "")
    assert not PeriodMark.objects.exists()


def test_a_student_of_another_class_is_not_found(world, login, periods):
    assert save_cell(login(world.aigul), world, world.bolot, periods["q1"], "5").status_code == 404


def test_a_student_who_left_gets_the_services_message(world, login, periods):
    import datetime

    left = f.EnrolmentFactory(school_class=world.a8a, ends_on=datetime.date(2024, 10, 15)).student
    response = save_cell(login(world.timur), world, left, periods["q2"], "5")
    assert response.status_code == 400
    assert "is not on the list of class 8а during this period" in response.json()["error"]


def test_the_grid_shows_closed_periods_and_students_who_left_read_only(world, login, periods):
    import datetime

    left = f.EnrolmentFactory(school_class=world.a8a, ends_on=datetime.date(2024, 10, 15)).student
    period_close(school=world.school_a, period=periods["q3"], actor=world.aigul)
    html = login(world.timur).get(grid_url(world)).text
    assert html.count(" readonly") == 3 + 1  # q2, q3, q4 of the student who left; q3 of Aibek
    assert f'name="m-{left.pk}-{periods["q1"].pk}" value=""' in html


# Without JavaScript: the whole table in one post, all or nothing.


def table_post(world, periods, values: dict) -> dict:
    return {f"m-{student.pk}-{periods[code].pk}": value for (student, code), value in values.items()}


def test_the_whole_table_is_saved_at_once(world, login, periods, classmates):
    data = table_post(world, periods, {(s, "q1"): mark for s, mark in zip(classmates, "5432", strict=True)})
    response = login(world.timur).post(grid_url(world), data)
    assert response.status_code == 302
    assert sorted(PeriodMark.objects.values_list("value", flat=True)) == ["2", "3", "4", "5"]


def test_a_bad_cell_refuses_the_whole_table_and_keeps_what_was_typed(world, login, periods, classmates):
    data = table_post(world, periods, {(classmates[0], "q1"): "5", (classmates[1], "q1"): "x"})
    response = login(world.timur).post(grid_url(world), data)
    assert response.status_code == 400
    assert not PeriodMark.objects.exists()
    html = response.text
    assert f'name="m-{classmates[1].pk}-{periods["q1"].pk}" value="x"' in html
    assert f'name="m-{classmates[0].pk}-{periods["q1"].pk}" value="5"' in html
    assert "“x” is not a mark" in html


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_grid_page_does_not_query_per_student(world, login, periods, django_assert_max_num_queries):
    client = login(world.timur)
    few = count_queries(client, grid_url(world))
    f.EnrolmentFactory.create_batch(25, school_class=world.a8a)
    put_marks(world.a8a, periods["q1"], {(world.aibek, world.math): "5"})
    assert count_queries(client, grid_url(world)) == few
    # the session and scope (7), class, subject, assignment, curriculum, periods, locks, class list, marks,
    # grading scheme, and one summary query per period column (5)
    with django_assert_max_num_queries(21):
        client.get(grid_url(world))


def test_a_class_without_marks_shows_a_read_only_grid(world, login, periods):
    from sapat.assessment.models import GradingScheme

    start = world.year.starts_on
    grades = {"grade_from": 8, "grade_to": 8}
    GradingScheme.objects.create(code="kg-8", country="KG", kind="no_marks", effective_from=start, **grades)
    html = login(world.timur).get(grid_url(world)).text
    assert "This grade gets no marks" in html
    assert f'name="m-{world.aibek.pk}-{periods["q1"].pk}" value="" data-cell' in html
    assert "Save the table" not in html


@pytest.mark.parametrize("data", [{"student": "x", "period": "1"}, {"period": "1"}, {"student": "1", "period": "q1"}])
def test_a_malformed_cell_request_is_a_404(world, login, periods, data):
    assert login(world.timur).post(grid_url(world) + "cell/", {**data, "value": "5"}).status_code == 404


def test_a_cell_save_builds_the_scope_once_and_answers_figures_without_reading_the_summaries(world, login, periods):
    """The scope (memberships, staff record, classes, children) is built by one statement once per request,
    cached on the request's user, however many checks ask it (the time zone, restrict, can_enter_marks twice);
    the class's new figures come from the counts the save has just written, not from the summaries again."""
    client = login(world.timur)
    save_cell(client, world, world.aibek, periods["q1"], "4")  # the summary rows exist from here on
    with CaptureQueriesContext(connection) as queries:
        assert save_cell(client, world, world.aibek, periods["q1"], "5").status_code == 200
    sql = [query["sql"] for query in queries]
    assert sum("SELECT 'membership'" in text for text in sql) == 1
    assert not any('FROM "access_membership"' in text or 'FROM "access_parentlink"' in text for text in sql)
    assert not any('FROM "structure_staff" WHERE "structure_staff"."user_id"' in text for text in sql)
    assert not any(text.startswith('SELECT SUM("indicators_subjectsummary"') for text in sql)
    # session, user, scope, class, subject, assignment, period, student, the save with its summaries and
    # audit (16): 23 on SQLite, 24 on PostgreSQL
    assert len(sql) <= 24


def test_a_cells_figures_are_those_of_the_summaries_after_each_kind_of_save(world, login, periods, classmates):
    """Set, change, clear, clear an empty cell, save the same value: each answer's figures (from the save's own
    counts, or from the summaries when nothing changed) equal what the summaries say afterwards."""
    from sapat.journal.selectors import class_subject_figures

    client = login(world.timur)
    put_marks(world.a8a, periods["q1"], {(classmates[1], world.math): "5", (classmates[2], world.math): "2"})
    steps = [(world.aibek, "4"), (world.aibek, "3"), (classmates[1], ""), (classmates[1], ""), (world.aibek, "3"),
             (classmates[2], "na"), (classmates[2], ""), (world.aibek, "")]  # fmt: skip
    for student, value in steps:
        answer = save_cell(client, world, student, periods["q1"], value).json()
        assert answer["ok"]
        assert answer["figures"] == class_subject_figures(world.a8a, world.math, periods["q1"]), (student, value)
    assert answer["figures"]["students"] == "0"
