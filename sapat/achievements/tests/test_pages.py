"""The achievements page of a unit: its tables for those who oversee it, the participations each person may see,
and who may open it at all (a unit out of scope is a 404)."""

import pytest

from .story import ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(world, periods, csv_file):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_achievements", csv_file(ROWS), stdout=StringIO())


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("rita", "NORTH", 200), ("dana", "ALA", 200), ("dana", "SOK", 404), ("aigul", "A", 200),
        ("aigul", "B", 404), ("bakyt", "A", 404), ("parvina", "A", 200), ("charlie", "A", 404),
    ],
)  # fmt: skip
def test_who_may_open_the_achievements_page(world, loaded, login, who, unit, status):
    assert login(getattr(world, who)).get(f"/achievements/{unit}/?year=2024-2025").status_code == status


def test_anonymous_users_go_to_the_login(world, client):
    response = client.get("/achievements/A/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_district_sees_its_schools_tables_with_the_denominator(world, loaded, login, django_assert_max_num_queries):
    # Four tables, each a fixed number of grouped queries: as many for a region of 300 schools.
    with django_assert_max_num_queries(70):
        response = login(world.dana).get("/achievements/ALA/?year=2024-2025")
    page = response.content.decode()
    for kind in ("categories", "student-achievements", "teacher-achievements", "activities"):
        assert f'data-testid="table-{kind}"' in page
    tables = {t["kind"]: t for t in response.context["tables"]}
    students = tables["student-achievements"]
    # By persons: school A's aibek (1st at district level) and both members of the republican team (2nd place);
    # B's camila (2nd at district level).
    rows = {row["unit"]: row for row in students["rows"]}
    assert (rows["A"]["district"], rows["A"]["republican"], rows["A"]["all_levels"], rows["A"]["denominator"]) == (
        1, 2, 2, 2,
    )  # fmt: skip
    assert (rows["B"]["district"], rows["B"]["denominator"]) == (1, 1)
    assert students["percent"][0]["all_levels"] == 100.0
    assert "Percentages of students on the lists at the end of the year: 3." in page


def test_a_parent_sees_only_their_childs_participations_and_no_tables(world, loaded, login):
    response = login(world.parvina).get("/achievements/A/?year=2024-2025")
    assert response.context["tables"] == []
    people = {p.student_id for p in response.context["participations"]}
    assert people == {world.aibek.pk}


def test_a_school_sees_its_own_participations_only(world, loaded, login):
    response = login(world.aigul).get("/achievements/A/?year=2024-2025")
    assert {p.school.code for p in response.context["participations"]} == {"A"}
    assert len(response.context["participations"]) == 6  # aibek 3, bolot 2, timur 1


def test_the_dashboard_of_a_district_has_an_achievements_section(world, loaded, login):
    response = login(world.dana).get("/dashboards/unit/ALA/?year=2024-2025&period=year")
    assert response.status_code == 200
    (section,) = [s for s in response.context["page"].sections if s.name == "achievements"]
    rows = {row[0]: row[1:] for row in section.table.rows}
    # Alamedin: 3 students on the lists, all 3 took part (aibek, bolot, camila), all 3 won or took a prize.
    assert rows["students taking part in events, per 100 students (by persons)"] == [100.0, 3, 3]
    assert rows["teachers' effectiveness: winners and prize-winners per participant (by persons)"] == [50.0, 1, 2]
    assert "/achievements/ALA/" in response.content.decode()


def test_no_achievements_section_without_participations(world, periods, login):
    response = login(world.dana).get("/dashboards/unit/ALA/?year=2024-2025&period=year")
    assert not [s for s in response.context["page"].sections if s.name == "achievements"]
