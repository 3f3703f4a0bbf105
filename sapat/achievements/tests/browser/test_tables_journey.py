"""The district coordinator opens the categories table of her district's schools; the regional officer opens the
districts' achievements table and the page of the regional project; at 1280 and 360 px, with no horizontal
overflow of the page (a wide table scrolls inside its card)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from sapat.achievements.loaders import load_achievements, load_categories
from sapat.projects.models import Project
from sapat.projects.services import project_join, project_leave
from sapat.structure.models import Staff
from sapat.testing.marks import add_periods
from sapat.testing.world import PASSWORD

from ..story import HEADER, ROWS

pytestmark = pytest.mark.browser

CATEGORIES = """school,staff,staff_name,category,awarded_on
A,T1,Timurov Timur,first,2019-05-10
B,B1,Bakytov Bakyt,highest,2022-04-01
"""


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page).to_have_url(re.compile(r"/$"))


@pytest.fixture
def loaded(world, tmp_path):
    add_periods(world.year)
    Staff.objects.filter(pk=world.timur_staff.pk).update(code="T1")
    Staff.objects.filter(pk=world.bakyt_staff.pk).update(code="B1")
    codes = {"aibek": world.aibek.code, "bolot": world.bolot.code, "camila": world.camila.code}
    (tmp_path / "a.csv").write_text(HEADER + ROWS.format(**codes), encoding="utf-8")
    (tmp_path / "c.csv").write_text(CATEGORIES, encoding="utf-8")
    load_achievements(str(tmp_path / "a.csv"))
    load_categories(str(tmp_path / "c.csv"))


def no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the window"


@pytest.fixture
def project(world):
    found = Project.objects.create(code="MONITOR", owner=world.region, name_en="Monitoring: control, analysis, result",
                                   order_number="1402", order_date=datetime.date(2024, 11, 28),
                                   starts_on=datetime.date(2024, 9, 1))  # fmt: skip
    for school in (world.school_a, world.school_b, world.school_c):
        project_join(project=found, school=school, joined_on=datetime.date(2024, 9, 1))
    project_leave(membership=found.members.get(school=world.school_c), left_on=datetime.date(2025, 1, 10),
                  reason="Target school")  # fmt: skip
    return found


@pytest.mark.parametrize("width", [1280, 360])
def test_coordinator_and_regional_officer_open_their_tables(world, loaded, project, page, shoot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "dana")
    page.get_by_test_id("achievements-ALA").click()
    categories = page.get_by_test_id("table-categories")
    expect(categories.locator("tr", has_text="School A")).to_contain_text("1")
    expect(categories).to_contain_text("pedagogical staff on staff at the end of the year: 2")
    no_horizontal_overflow(page)
    shoot("coordinator-categories")

    log_in(page, "rita")
    page.get_by_test_id("achievements-NORTH").click()
    students = page.get_by_test_id("table-student-achievements")
    # By persons, winners and prize-winners: Alamedin's aibek, bolot and camila of 3 students; Sokuluk none of 1.
    alamedin = students.locator("tr", has_text="Alamedin").locator("td")
    expect(alamedin.last).to_have_text("3")
    expect(alamedin.nth(4)).to_have_text("3")
    expect(students.locator("tr", has_text="Sokuluk").locator("td").nth(4)).to_have_text("0")
    expect(students).to_contain_text("75")
    no_horizontal_overflow(page)
    shoot("officer-achievements")

    page.goto("/")
    page.get_by_test_id("project-MONITOR").click()
    members = page.get_by_test_id("members")
    expect(members.locator("tr", has_text="School C")).to_contain_text("10.01.2025")
    expect(members.locator("tr", has_text="School C")).to_contain_text("Target school")
    no_horizontal_overflow(page)
    shoot("officer-project")
