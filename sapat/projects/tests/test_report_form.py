"""The comparative report's web form offers what the CLI accepts (docs/reports.md, docs/cli.md): the level of the
rows, the source of the figures and a project the user may see; a project only with rows of schools and a table
source, refused otherwise with a message in the user's language."""

import pytest

from sapat.projects.models import Project
from sapat.reports.models import ReportRun
from sapat.testing import factories as f

pytestmark = pytest.mark.django_db
URL = "/reports/new/comparative/"


@pytest.fixture
def form(world, periods, project):
    return {"subject": world.region.code, "year": "2024-2025", "period": "year", "span": 1, "language": "en",
            "format": "html"}  # fmt: skip


def test_the_form_offers_levels_sources_and_the_visible_projects(world, form, login):
    other = f.SchoolFactory(code="Z")
    Project.objects.create(code="ELSEWHERE", owner=other, name_en="Elsewhere", name_ru="Где-то",
                           name_kk="Басқа", name_ky="Башка", starts_on="2024-09-01")  # fmt: skip
    page = login(world.rita).get(URL).text
    for value in ("school", "district", "tutor_group", "unit_group", "project"):
        assert f'<option value="{value}"' in page
    for value in ("indicators", "categories", "student-achievements", "teacher-achievements", "activities",
                  "quality"):  # fmt: skip
        assert f'<option value="{value}"' in page
    assert '<option value="MONITOR"' in page and "ELSEWHERE" not in page
    assert 'name="level"' not in login(world.rita).get("/reports/new/school-results/").text


def test_a_project_with_rows_of_schools_and_a_table_is_requested(world, form, login):
    wanted = {**form, "level": "school", "source": "quality", "project": "MONITOR"}
    assert login(world.rita).post(URL, wanted).status_code == 302
    params = ReportRun.objects.get(kind="comparative").parameters
    assert (params["level"], params["source"], params["project"]) == ("school", "quality", "MONITOR")


def test_a_level_alone_is_carried(world, form, login):
    assert login(world.rita).post(URL, {**form, "level": "project"}).status_code == 302
    params = ReportRun.objects.get(kind="comparative").parameters
    assert (params["level"], params["source"], params.get("project")) == ("project", "indicators", None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"level": "district", "source": "quality"}, "only with rows of schools"),
        ({"level": "school", "source": "indicators"}, "only in the tables of teachers"),
        ({"level": "school", "source": "quality", "project": "ELSEWHERE"}, "Select a valid choice"),
    ],
)
def test_a_project_elsewhere_is_refused_with_a_message(world, form, login, changes, message):
    wanted = {**form, "project": "MONITOR", **changes}
    answer = login(world.rita).post(URL, wanted, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200 and message in answer.content.decode().replace("&#x27;", "'")
    assert not ReportRun.objects.exists()


def test_the_message_is_in_the_users_language(world, form, login):
    client = login(world.rita)
    client.cookies["django_language"] = "ru"
    answer = client.post(URL, {**form, "project": "MONITOR", "level": "district", "source": "quality"})
    assert answer.status_code == 200 and "только" in answer.content.decode()
