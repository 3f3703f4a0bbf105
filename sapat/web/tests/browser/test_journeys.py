"""The journeys people take through the real pages, in Chromium: log in, switch the language, walk down the tree."""

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from sapat.access.models import Role
from sapat.testing.world import PASSWORD

pytestmark = pytest.mark.browser

# Who sees which role on the home page, and which units are listed as theirs.
PEOPLE = {
    "rita": (Role.REGIONAL_OFFICER, ["North"]),
    "dana": (Role.DISTRICT_COORDINATOR, ["Alamedin"]),
    "aigul": (Role.DEPUTY_ACADEMIC, ["School A"]),
    "timur": (Role.SUBJECT_TEACHER, ["School A"]),
    "bakyt": (Role.CLASS_TEACHER, ["School B"]),
    "parvina": (None, ["School A"]),
}


HOME = re.compile(r"^https?://[^/]+/$")


def log_in(page, shoot, username: str) -> None:
    """Log in through the real form and land on the home page."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    shoot("login")
    page.click("form button[type=submit].primary")
    expect(page).to_have_url(HOME)
    shoot("home")


def role_label(role) -> str:
    with translation.override("en"):
        return capfirst(str(role.label))


@pytest.mark.parametrize("username", list(PEOPLE))
def test_person_logs_in_and_sees_their_role_and_units(world, page, shoot, username):
    role, units = PEOPLE[username]
    log_in(page, shoot, username)
    expect(page.get_by_test_id("current-user")).to_have_text(username.capitalize())
    memberships = page.get_by_test_id("memberships")
    if role:
        expect(memberships).to_contain_text(f"{role_label(role)} — {units[0]}")
    else:
        expect(memberships.locator(f'a[href="/students/{world.aibek.pk}/"]')).to_have_text("Asanov Aibek")
    expect(page.get_by_test_id("units").locator("a")).to_have_text(units)


def test_language_chosen_in_the_select_survives_a_reload(world, page, shoot):
    log_in(page, shoot, "aigul")
    for language in ("ky", "kk", "ru", "en"):
        page.select_option("#language-select", language)
        expect(page.locator("html")).to_have_attribute("lang", language)
        shoot(f"home-{language}")
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("#language-select")).to_have_value(language)
    world.aigul.refresh_from_db()
    assert world.aigul.language == "en"


def test_deputy_walks_from_home_to_a_student(world, page, shoot):
    log_in(page, shoot, "aigul")
    page.get_by_test_id("units").get_by_role("link", name="School A").click()
    expect(page).to_have_url(re.compile(r"/units/A/$"))
    shoot("school")
    classes = page.get_by_test_id("classes")
    expect(classes.get_by_role("link")).to_have_text(["8а", "8б"])
    classes.get_by_role("link", name="8а").click()
    expect(page).to_have_url(re.compile(rf"/classes/{world.a8a.pk}/$"))
    shoot("class")
    page.get_by_test_id("students").get_by_role("link", name="Asanov Aibek").click()
    expect(page).to_have_url(re.compile(rf"/students/{world.aibek.pk}/$"))
    expect(page.locator("h1")).to_have_text("Asanov Aibek")
    shoot("student")


def test_teacher_sees_only_their_class_on_the_schools_page(world, page, shoot):
    log_in(page, shoot, "timur")
    page.get_by_test_id("units").get_by_role("link", name="School A").click()
    expect(page).to_have_url(re.compile(r"/units/A/$"))
    shoot("school")
    expect(page.get_by_test_id("classes").get_by_role("link")).to_have_text(["8а"])
    page.goto(f"/classes/{world.a8b.pk}/")
    shoot("other-class")
    expect(page.locator("h1")).to_have_text("Page not found")


def test_parent_opens_her_child_from_home(world, page, shoot):
    log_in(page, shoot, "parvina")
    page.get_by_test_id("memberships").get_by_role("link", name="Asanov Aibek").click()
    expect(page).to_have_url(re.compile(rf"/students/{world.aibek.pk}/$"))
    shoot("child")
    page.goto(f"/students/{world.bolot.pk}/")
    shoot("other-child")
    expect(page.locator("h1")).to_have_text("Page not found")


def test_wrong_password_keeps_the_person_on_the_login_page(world, page, shoot):
    page.goto("/login/")
    page.fill("#id_username", "aigul")
    page.fill("#id_password", "not-the-password")
    page.click("form button[type=submit].primary")
    expect(page.get_by_role("alert")).to_be_visible()
    shoot("login-error")
    expect(page).to_have_url(re.compile(r"/login/$"))
