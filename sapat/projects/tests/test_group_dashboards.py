"""The dashboards of a tutor group and of a named group of units: the same page as a project's (dashboards/groups.py)
with the breakdowns `tutor_group` and `unit_group`, counted within the highest unit the reader oversees; figures
compared with a hand computation, who may open them, and how a district's dashboard leads to them."""

import datetime
import io

import openpyxl
import pytest

from sapat.projects.models import ProjectTutor
from sapat.structure.models import UnitGroup
from sapat.testing import factories as f
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.django_db
YEAR = "?year=2024-2025&period=year"


@pytest.fixture
def marks(world, periods):
    """Year marks in mathematics: A's aibek 5 and bolot 3, B's camila 4, C's one student 2. B is attached to A
    (its standing tutor, sapat/testing/world.py)."""
    student_c = f.EnrolmentFactory(school_class=world.c9a).student
    put_marks(world.a8a, periods["year"], {(world.aibek, world.math): "5"})
    put_marks(world.a8b, periods["year"], {(world.bolot, world.math): "3"})
    put_marks(world.b8a, periods["year"], {(world.camila, world.math): "4"})
    put_marks(world.c9a, periods["year"], {(student_c, world.math): "2"})
    return periods


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"]


def _rows(page, name):
    return [(row[0], row[2]) for row in page.table(name).rows]


def _quality(page):
    return next(fig for fig in page.figures if fig.code == "quality_pct").value


def test_a_tutor_groups_figures_sum_the_tutor_school_and_the_schools_attached_to_it(world, marks, login):
    page = _page(login(world.dana), "/dashboards/tutor-group/A/" + YEAR)
    assert page.level == "tutor_group" and page.title == "Tutor group: School A"
    distribution = [row[0] for row in page.table("distribution").rows]
    assert distribution == ["Tutor group: School A", "School A", "School B"]
    assert _rows(page, "children") == [("School A", 50.0), ("School B", 100.0)]
    assert round(_quality(page), 1) == 66.7  # aibek's 5 and camila's 4 of 3 students
    (year,) = page.table("dynamics").rows
    assert year[0] == "2024-2025" and round(year[1], 1) == 66.7 and year[-1] == 3


def test_a_school_attached_within_a_project_counts_from_its_date_and_only_where_the_reader_oversees(
    world, marks, project, login
):
    ProjectTutor.objects.create(project=project, tutor=world.school_a, school=world.school_c,
                                from_on=datetime.date(2025, 1, 11))  # fmt: skip
    region = _page(login(world.rita), "/dashboards/tutor-group/A/" + YEAR)
    assert _rows(region, "children") == [("School A", 50.0), ("School B", 100.0), ("School C", 0.0)]
    assert _quality(region) == 50.0  # 2 of 4: C's 2 joins the group from January (a district away)
    q2 = _page(login(world.rita), "/dashboards/tutor-group/A/?year=2024-2025&period=q2")
    assert [label for label, _value in _rows(q2, "children")] == ["School A", "School B"]  # not attached yet
    district = _page(login(world.dana), "/dashboards/tutor-group/A/" + YEAR)
    assert [label for label, _value in _rows(district, "children")] == ["School A", "School B"]  # C is Sokuluk's


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [("rita", "A", 200), ("dana", "A", 200), ("sultan", "A", 404), ("aigul", "A", 404), ("timur", "A", 404),
     ("parvina", "A", 404), ("charlie", "A", 404), ("rita", "B", 404), ("rita", "NOPE", 404)],
)  # fmt: skip
def test_who_may_open_a_tutor_groups_dashboard(world, marks, login, who, code, status):
    """A school's own director oversees the school, not the group around it; B tutors nobody."""
    assert login(getattr(world, who)).get(f"/dashboards/tutor-group/{code}/").status_code == status


@pytest.fixture
def rural(world):
    """The region's named group "RURAL": school B and the district Sokuluk (which brings its school C)."""
    group = UnitGroup.objects.create(code="RURAL", owner=world.region, name_en="Rural schools", name_ru="Сельские")
    world.school_b.groups.add(group)
    world.sokuluk.groups.add(group)
    return group


def test_a_named_groups_figures_are_its_schools_within_the_readers_unit(world, marks, rural, login):
    region = _page(login(world.rita), "/dashboards/unit-group/RURAL/" + YEAR)
    assert region.level == "unit_group" and region.kind_label == "Group of units"
    assert _rows(region, "children") == [("School B", 100.0), ("School C", 0.0)]
    assert _quality(region) == 50.0  # camila's 4 and C's 2
    assert _rows(_page(login(world.dana), "/dashboards/unit-group/RURAL/" + YEAR), "children") == [("School B", 100.0)]
    assert _rows(_page(login(world.sultan), "/dashboards/unit-group/RURAL/" + YEAR), "children") == [("School C", 0.0)]


@pytest.mark.parametrize(
    ("who", "status"),
    [("rita", 200), ("dana", 200), ("aigul", 200), ("bakyt", 404), ("parvina", 404), ("charlie", 404)],
)  # fmt: skip
def test_who_may_open_a_named_groups_dashboard(world, rural, login, who, status):
    """As a project's: whoever oversees a unit under the group's owner sees it counted there (A's deputy, A's
    figures: none, A is not rural); a teacher oversees nothing."""
    assert login(getattr(world, who)).get("/dashboards/unit-group/RURAL/").status_code == status
    assert login(world.rita).get("/dashboards/unit-group/NOPE/").status_code == 404


def test_a_named_group_of_another_region_is_a_404(world, login):
    other = f.RegionFactory(code="SOUTH")
    UnitGroup.objects.create(code="SOUTHERN", owner=other, name_en="Southern")
    assert login(world.rita).get("/dashboards/unit-group/SOUTHERN/").status_code == 404


def test_a_districts_dashboard_compares_its_tutor_groups_and_named_groups_and_leads_to_them(world, marks, rural, login):
    page = _page(login(world.dana), "/dashboards/unit/ALA/" + YEAR)
    tutors, named = page.table("tutor_groups"), page.table("unit_groups")
    assert [(row[0], round(row[2], 1)) for row in tutors.rows] == [("School A", 66.7)]
    assert tutors.links == ["/dashboards/tutor-group/A/" + YEAR]
    assert [(row[0], row[2]) for row in named.rows] == [("Rural schools", 100.0)]  # B only, within Alamedin
    assert named.links == ["/dashboards/unit-group/RURAL/" + YEAR]


def test_a_district_without_groups_shows_no_group_sections(world, marks, login):
    page = _page(login(world.sultan), "/dashboards/unit/SOK/" + YEAR)
    assert page.table("tutor_groups") is None and page.table("unit_groups") is None


def test_a_projects_tutor_groups_open_the_tutor_groups_dashboard(world, marks, project, login):
    ProjectTutor.objects.create(project=project, tutor=world.school_a, school=world.school_b,
                                from_on=datetime.date(2024, 9, 1))  # fmt: skip
    page = _page(login(world.rita), "/dashboards/project/MONITOR/" + YEAR)
    assert page.table("tutor_groups").links == ["/dashboards/tutor-group/A/" + YEAR]


def test_a_tutor_groups_members_are_exported_as_xlsx(world, marks, login):
    response = login(world.dana).get("/dashboards/tutor-group/A/" + YEAR + "&format=xlsx&table=children")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(row[0], row[2]) for row in rows[1:]] == [("School A", 50.0), ("School B", 100.0)]


def test_the_comparative_report_has_a_row_per_named_group(world, marks, rural):
    from sapat.reports.builders import REPORTS
    from sapat.reports.renderers import render
    from sapat.reports.tests.readback import xlsx_sheets

    kind = REPORTS["comparative"]
    params = {"unit": "NORTH", "level": "unit_group", "source": "indicators", "year": "2024-2025", "span": "1",
              "period": "year", "cohort_grade": "0"}  # fmt: skip
    document = kind.build(kind.resolve(params, world.rita), "en", lambda percent: None)
    sheet = xlsx_sheets(render(document, "xlsx"))["Units"]
    header, lines = sheet[1], {row[0]: dict(zip(sheet[1], row, strict=True)) for row in sheet[2:]}
    assert header[:3] == ("Unit", "2024-2025: students (N)", "2024-2025: quality of knowledge")
    assert set(lines) == {"Rural schools", "Total"}  # one row per named group, then the region's total
    rural_row = lines["Rural schools"]
    assert (rural_row[header[1]], rural_row[header[2]], rural_row[header[3]]) == (2, 50, 50)  # camila 4, C's 2


def test_sapat_table_counts_a_named_group(world, periods, rural, csv_file):
    import json
    from io import StringIO

    from django.core.management import call_command

    from sapat.achievements.tests.story import ROWS

    call_command("load_achievements", csv_file(ROWS), stdout=StringIO())
    out = StringIO()
    args = ["--kind", "student-achievements", "--unit", "NORTH", "--years", "2024-2025", "--by", "unit-group"]
    call_command("table", *args, "--json", stdout=out)
    (row,) = json.loads(out.getvalue())["rows"]
    # B's camila (2nd place, district level) and C's students (none in the story): B and C, 1 student counted.
    assert row["unit"] == "RURAL" and row["district"] == 1 and row["republican"] == 0
