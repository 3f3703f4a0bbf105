"""`sapat load-project-coordinators`: a project's district coordinators, one per district, with their logins; all
or nothing, every bad line listed, idempotent; a coordinator with a login finds the project's dashboard."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sapat.projects.models import ProjectCoordinator
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db

COORDINATORS = """project,district,name,login
MONITOR,ALA,Асанова Д. К.,dana
MONITOR,SOK,Ахметов Б. С.,
"""


def run(path) -> str:
    out = StringIO()
    call_command("load_project_coordinators", path, stdout=out)
    return out.getvalue()


def _coordinators(project):
    return [(c.district.code, c.name, c.user.username if c.user else None) for c in project.coordinators.all()]


def test_coordinators_are_loaded_once_and_a_later_file_changes_the_name_or_the_login(world, project, write):
    path = write(COORDINATORS)
    assert run(path).strip() == "District coordinators: 2 created, 0 changed, 0 unchanged."
    assert run(path).strip() == "District coordinators: 0 created, 0 changed, 2 unchanged."
    assert _coordinators(project) == [("ALA", "Асанова Д. К.", "dana"), ("SOK", "Ахметов Б. С.", None)]
    later = COORDINATORS.replace("Ахметов Б. С.,", "Ахметов Б. С.,sultan")
    assert run(write(later, "later.csv")).strip() == "District coordinators: 0 created, 1 changed, 1 unchanged."
    assert _coordinators(project)[1] == ("SOK", "Ахметов Б. С.", "sultan")


def test_a_coordinator_with_a_login_finds_the_projects_dashboard_on_the_home_page(world, project, write, login):
    run(write(COORDINATORS.replace("Ахметов Б. С.,", "Ахметов Б. С.,sultan")))
    assert 'href="/dashboards/project/MONITOR/"' in login(world.sultan).get("/").content.decode()


def test_every_bad_line_is_listed_and_nothing_is_saved(world, project, write):
    f.SchoolFactory(code="X", parent=world.alamedin)
    other = f.DistrictFactory(code="FAR", parent=f.RegionFactory(code="SOUTH"))
    bad = (
        "project,district,name,login\n"
        "MONITOR,ALA,Асанова Д. К.,dana\n"
        "NOPE,ALA,Кто-то,\n"
        "MONITOR,X,Кто-то,\n"
        f"MONITOR,{other.code},Кто-то,\n"
        "MONITOR,SOK,   ,\n"
        "MONITOR,SOK,Ахметов Б. С.,nobody\n"
        "MONITOR,ALA,Второй,\n"
    )
    with pytest.raises(CommandError) as raised:
        run(write(bad))
    text = str(raised.value)
    assert "Errors: 6" in text
    for line, words in ((3, "No project with the code NOPE"), (4, "No district with the code X"),
                        (5, "lies outside North"), (6, "Give the coordinator's name"), (7, "No login nobody"),
                        (8, "The same project and district as on line 2")):  # fmt: skip
        assert any(row.startswith(f"Line {line}: ") and words in row for row in text.splitlines()), (line, text)
    assert not ProjectCoordinator.objects.exists()


def test_a_file_without_the_columns_is_refused(world, project, write):
    with pytest.raises(CommandError, match="district"):
        run(write("project,name\nMONITOR,Асанова\n"))
