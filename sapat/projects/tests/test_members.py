"""A project's members and tutor groups with their dates: `sapat load-project-members` (all or nothing, every bad
line listed, idempotent) and the breakdown `tutor_group`, which counts a school in its tutor's group only while the
project's attachment lasts."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.achievements.tests.story import ROWS
from sapat.projects.models import ProjectSchool, ProjectTutor
from sapat.projects.selectors import tutor_groups
from sapat.structure.models import OrgUnit
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db

MEMBERS = """project,school,joined_on,left_on,reason,tutor
MONITOR,A,2024-09-01,,,
MONITOR,B,2024-09-01,,,A
MONITOR,C,2024-09-01,2025-01-10,Мақсатты мектеп,
"""


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_members_records_the_dates_and_a_second_load_changes_nothing(world, project, write):
    ProjectSchool.objects.filter(project=project).delete()
    path = write(MEMBERS)
    assert "3 created, 0 changed, 0 unchanged" in run("load_project_members", path)
    assert "0 created, 0 changed, 3 unchanged" in run("load_project_members", path)
    left = ProjectSchool.objects.get(project=project, school=world.school_c)
    assert (left.left_on, left.reason) == (datetime.date(2025, 1, 10), "Мақсатты мектеп")
    (attached,) = ProjectTutor.objects.filter(project=project)
    assert (attached.tutor, attached.school, attached.from_on, attached.until_on) == (
        world.school_a, world.school_b, datetime.date(2024, 9, 1), None,
    )  # fmt: skip
    # B leaves later: its membership and its attachment end on the same day.
    assert "0 created, 1 changed, 2 unchanged" in run(
        "load_project_members", write(MEMBERS.replace("2024-09-01,,,A", "2024-09-01,2025-03-01,,A"), "b.csv")
    )
    assert ProjectTutor.objects.get(project=project).until_on == datetime.date(2025, 3, 1)


def test_load_members_lists_every_bad_row_and_saves_nothing(world, project, write):
    ProjectSchool.objects.filter(project=project).delete()
    f.SchoolFactory(code="Z")  # a school of another region
    bad = MEMBERS + (
        "NOPE,A,2024-09-01,,,\n"  # line 5: no such project
        "MONITOR,Q,2024-09-01,,,\n"  # line 6: no such school
        "MONITOR,Z,2024-09-01,,,\n"  # line 7: outside the region that runs the project
        "MONITOR,C,2025-02-01,2024-12-01,,\n"  # line 8: leaves before joining
        "MONITOR,C,2024-09-01,,,\n"  # line 9: line 4 again
        "MONITOR,C,2025-09-01,,,A\n"  # line 10: a tutor of another district
        "MONITOR,A,2025-09-01,,,A\n"  # line 11: its own tutor
        "MONITOR,A,2025-13-01,,,\n"  # line 12: not a date
    )
    with pytest.raises(CommandError) as refused:
        run("load_project_members", write(bad))
    text = str(refused.value)
    assert "Errors: 8" in text
    for line, reason in [(5, "NOPE"), (6, "Q"), (7, "outside"), (8, "before"), (9, "line 4"), (10, "district"),
                         (11, "own"), (12, "2025-13-01")]:  # fmt: skip
        assert f"Line {line}: " in text and reason in text
    assert not ProjectSchool.objects.exists() and not ProjectTutor.objects.exists()


@pytest.fixture
def attached(world, periods, project, csv_file):
    """B attached to A within the project from 1 September 2024; the standing tutor of B is cleared, so only the
    project's dates count."""
    call_command("load_achievements", csv_file(ROWS), stdout=StringIO())
    OrgUnit.objects.filter(pk=world.school_b.pk).update(tutor=None)
    return ProjectTutor.objects.create(
        project=project, tutor=world.school_a, school=world.school_b, from_on=datetime.date(2024, 9, 1)
    )


def table_by_tutor_group() -> dict:
    args = ["--kind", "student-achievements", "--unit", "NORTH", "--years", "2024-2025", "--by", "tutor-group"]
    return json.loads(run("table", *args, "--json"))


def test_a_tutor_group_holds_the_schools_attached_on_the_years_last_day(world, attached):
    assert tutor_groups(world.region, datetime.date(2025, 5, 31)) == {
        world.school_a.pk: [world.school_a.pk, world.school_b.pk]
    }
    (row,) = table_by_tutor_group()["rows"]
    # A and B: students aibek, bolot (A) and camila (B); by persons, district level: aibek 1st, camila 2nd place;
    # regional: aibek 3rd; republican: aibek and bolot, 2nd in the robotics team.
    assert (row["unit"], row["district"], row["regional"], row["republican"], row["denominator"]) == (
        "A", 2, 1, 2, 3,
    )  # fmt: skip


def test_an_attachment_ended_before_the_years_end_leaves_no_group(world, attached):
    attached.until_on = datetime.date(2025, 1, 10)
    attached.save()
    assert tutor_groups(world.region, datetime.date(2025, 5, 31)) == {}
    assert tutor_groups(world.region, datetime.date(2024, 12, 28)) == {
        world.school_a.pk: [world.school_a.pk, world.school_b.pk]
    }
    assert table_by_tutor_group()["rows"] == []


def test_indicators_by_tutor_group_follow_the_dates(world, attached):
    args = ["--unit", "NORTH", "--year", "2024-2025", "--period", "year", "--by", "tutor_group"]
    (row,) = json.loads(run("indicators", *args, "--indicator", "ach_student_awarded_pct"))
    # aibek (1st, 3rd, 2nd: awarded), bolot (2nd in the robotics team), camila (2nd): 3 of 3 students.
    assert (row["key"], row["value"], row["achievements.students"]) == ("A", 100.0, 3)


def test_the_comparative_report_has_a_row_per_tutor_group(world, attached):
    from sapat.reports.builders import REPORTS
    from sapat.reports.renderers import render
    from sapat.reports.tests.readback import xlsx_sheets

    kind = REPORTS["comparative"]
    params = {"unit": "NORTH", "level": "tutor_group", "source": "student-achievements", "year": "2024-2025",
              "span": "1", "period": "year", "cohort_grade": "0"}  # fmt: skip
    document = kind.build(kind.resolve(params, world.rita), "en", lambda percent: None)
    sheet = xlsx_sheets(render(document, "xlsx"))["Units"]
    lines = {row[0]: row[1:] for row in sheet[1:]}
    # The group of school A (A and B): district 2, regional 1, republican 2, international 0, every level 3 of 3.
    assert list(lines["School A"]) == [2, 1, 2, 0, 3, 3]
    assert {"School B", "School C"}.isdisjoint(lines) and list(lines["Total"]) == [2, 1, 2, 0, 3, 3]
