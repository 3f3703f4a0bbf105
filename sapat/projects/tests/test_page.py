"""The page of a project: who may open it (the regional officer of the unit that runs it, a coordinator or a
school's staff through their members; anyone else a 404), and what it shows within each reader's scope: the
member schools with their dates, the coordinators, the tutor groups, and the quality of the member schools."""

import datetime

import pytest

from sapat.projects.models import ProjectCoordinator, ProjectTutor
from sapat.projects.services import project_leave
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_data(world, periods, project):
    project_leave(membership=project.members.get(school=world.school_c), left_on=datetime.date(2025, 1, 10),
                  reason="Мақсатты мектеп")  # fmt: skip
    ProjectCoordinator.objects.create(project=project, district=world.alamedin, name="Жұмабаева Г. К.")
    ProjectCoordinator.objects.create(project=project, district=world.sokuluk, name="Ахметов Б. С.")
    ProjectTutor.objects.create(project=project, tutor=world.school_a, school=world.school_b,
                                from_on=datetime.date(2024, 9, 1))  # fmt: skip
    # Year marks in mathematics: A's aibek 5 (8а), bolot 3 (8б); B's camila 4.
    put_marks(world.a8a, periods["year"], {(world.aibek, world.math): "5"})
    put_marks(world.a8b, periods["year"], {(world.bolot, world.math): "3"})
    put_marks(world.b8a, periods["year"], {(world.camila, world.math): "4"})
    return project


@pytest.mark.parametrize(
    ("who", "status"),
    [("rita", 200), ("dana", 200), ("sultan", 200), ("aigul", 200), ("timur", 404), ("parvina", 404),
     ("charlie", 404)],
)  # fmt: skip
def test_who_may_open_the_project_page(world, page_data, login, who, status):
    assert login(getattr(world, who)).get("/projects/MONITOR/").status_code == status


def test_an_unknown_project_is_the_same_404(world, page_data, login):
    assert login(world.rita).get("/projects/NOPE/").status_code == 404


def test_the_regional_officer_sees_every_member_with_its_dates_and_the_quality(world, page_data, login, english):
    response = login(world.rita).get("/projects/MONITOR/")
    page = response.content.decode()
    assert "№ 1402" in page and "28.11.2024" in page and "Тажгулова С. М." in page
    members = list(response.context["members"])
    assert [(m.school.code, m.left_on) for m in members] == [
        ("A", None),
        ("B", None),
        ("C", datetime.date(2025, 1, 10)),
    ]
    assert "Мақсатты мектеп" in page and "10.01.2025" in page
    assert [c.name for c in response.context["coordinators"]] == ["Жұмабаева Г. К.", "Ахметов Б. С."]
    ((tutor, rows),) = response.context["tutor_groups"]
    assert (tutor.code, [r.school.code for r in rows]) == ("A", ["B"])
    quality = response.context["quality"]
    # 2024-2025, members at the year's end: A (aibek 5, bolot 3: 1 of 2) and B (camila 4: 1 of 1); C left.
    assert [(s["code"], [c and c["quality_pct"] for c in s["cells"]]) for s in quality["matrix"]] == [
        ("A", [50.0]),
        ("B", [100.0]),
    ]
    (total,) = quality["total"]
    assert (total["quality"], total["denominator"]) == (2, 3)
    assert "66.7" in page


def test_a_coordinator_sees_only_the_members_of_their_district(world, page_data, login):
    response = login(world.sultan).get("/projects/MONITOR/")
    assert [m.school.code for m in response.context["members"]] == ["C"]
    assert [c.name for c in response.context["coordinators"]] == ["Ахметов Б. С."]
    assert response.context["tutor_groups"] == []
    # Counted within Sokuluk: C left in January, so no member school at the year's end.
    assert response.context["quality"]["matrix"] == []


def test_the_home_page_links_the_project(world, page_data, login):
    assert 'href="/projects/MONITOR/"' in login(world.dana).get("/").content.decode()
    assert 'href="/projects/MONITOR/"' not in login(world.timur).get("/").content.decode()
