"""The head of a college department's journey (issue 14): from the menu to their department's dashboard, where
the groups, specialities and courses are compared in the college's words, then into a group's journal; at 1280
and 360 pixels, no page wider than the screen, each page photographed."""

import pytest
from playwright.sync_api import expect

from sapat.testing import factories as f
from sapat.testing.browser import log_in
from sapat.testing.marks import put_marks

pytestmark = pytest.mark.browser

WIDTHS = (1280, 360)


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture
def marked(college):
    s, anatomy = college.students, college.anatomy
    put_marks(college.vet24_class, college.s1, {(s["ainura"], anatomy): "5", (s["bekzat"], anatomy): "4",
                                                 (s["cholpon"], anatomy): "3"})  # fmt: skip
    put_marks(college.vet23_class, college.s1, {(s["daniyar"], anatomy): "4", (s["elmira"], anatomy): "2"})
    f.TeachingAssignmentFactory(teacher=college.staff["meerim"], school_class=college.vet24_class, subject=anatomy)
    return college


@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_the_head_of_department_opens_the_department_and_a_groups_journal(marked, page, shoot, language):
    college = marked
    log_in(page, "nurlan")
    if language != "en":
        page.select_option("#language-select", language)
        expect(page.locator("html")).to_have_attribute("lang", language)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        if width == 360:
            page.get_by_test_id("menu-button").click()
        page.get_by_test_id("nav-department").click()
        expect(page.locator("h1")).to_contain_text(college.vet.name_in(language))
        page.goto(page.url.split("?")[0] + "?year=2024-2025&period=s1&subject=anatomy")
        groups = page.locator("#children table")
        expect(groups).to_contain_text("ВЕТ-24")
        expect(groups).to_contain_text("ВЕТ-23")
        expect(groups).not_to_contain_text("БУХ-24")  # another department's group
        expect(page.locator("#specialities")).to_contain_text("36.02.01")
        expect(page.locator("#courses")).to_be_visible()
        shoot(f"{width}-department")
        assert overflow(page) <= 0, f"the department's dashboard is {overflow(page)} px too wide at {width} px"
        page.locator("#journals a", has_text="ВЕТ-24").first.click()
        expect(page.locator("h1")).to_contain_text("ВЕТ-24")
        shoot(f"{width}-journal")
        assert overflow(page) <= 0, f"the group's journal is {overflow(page)} px too wide at {width} px"
