"""Projects as units of comparison: the member schools on a period's last day form the breakdown `project`
in `sapat indicators` and `sapat table`; a school taken out of the project (seed 004 item 5) leaves its group
from that day, its earlier years stay."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sapat.achievements.tests.story import ROWS
from sapat.projects.selectors import project_groups
from sapat.projects.services import project_join, project_leave
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db


def test_a_school_taken_out_leaves_the_group_from_that_day(world, project):
    membership = project.members.get(school=world.school_c)
    project_leave(membership=membership, left_on=datetime.date(2025, 1, 10), reason="Мақсатты мектеп")
    assert project_groups(world.region, datetime.date(2024, 12, 28)) == {
        project.pk: [world.school_a.pk, world.school_b.pk, world.school_c.pk]
    }
    assert project_groups(world.region, datetime.date(2025, 5, 25)) == {
        project.pk: [world.school_a.pk, world.school_b.pk]
    }
    assert project_groups(world.alamedin, datetime.date(2025, 5, 25)) == {
        project.pk: [world.school_a.pk, world.school_b.pk]
    }


def test_a_school_outside_the_projects_unit_is_refused(world, project):
    other = f.SchoolFactory(code="Z")
    with pytest.raises(ValidationError):
        project_join(project=project, school=other, joined_on=datetime.date(2024, 9, 1))


@pytest.fixture
def loaded(world, periods, csv_file, project):
    call_command("load_achievements", csv_file(ROWS), stdout=StringIO())
    f.EnrolmentFactory(school_class=world.c9a)  # school C: 2 students on the list
    project_leave(membership=project.members.get(school=world.school_c), left_on=datetime.date(2025, 1, 10))


def test_indicators_by_project(world, loaded):
    out = StringIO()
    args = ["--unit", "NORTH", "--year", "2024-2025", "--period", "year", "--by", "project"]
    call_command("indicators", *args, "--indicator", "ach_student_coverage", stdout=out)
    (row,) = json.loads(out.getvalue())
    # A and B on the last day of the year (C left in January): 3 students, all three took part.
    assert (row["key"], row["value"], row["achievements.students"]) == ("MONITOR", 100.0, 3)


def test_table_by_project(world, loaded):
    out = StringIO()
    args = ["--kind", "student-achievements", "--unit", "NORTH", "--years", "2024-2025", "--by", "project"]
    call_command("table", *args, "--json", stdout=out)
    result = json.loads(out.getvalue())
    (row,) = result["rows"]
    assert (row["unit"], row["district"], row["republican"], row["all_levels"], row["denominator"]) == (
        "MONITOR", 2, 2, 3, 3,
    )  # fmt: skip
