"""The pages at 1280 and 360 pixels, in English and Russian: no page wider than the screen, no dashboard table
wider than its card on a wide screen, the menu folded on a phone, the journal's names in place while the marks
scroll. Every page is photographed at both widths into test-artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from sapat.assessment.models import ControlWork
from sapat.testing.browser import log_in

pytestmark = pytest.mark.browser

Q2 = "?year=2024-2025&period=q2"
WIDTHS = (1280, 360)


def pages_of(world) -> list[str]:
    work = ControlWork.objects.filter(school_class=world.a8a).order_by("written_on").first()
    return [
        "/",
        f"/dashboards/unit/A/{Q2}",
        f"/dashboards/class/{world.a8a.pk}/{Q2}",
        f"/dashboards/unit/A/at-risk/{Q2}",
        f"/dashboards/student/{world.aibek.pk}/{Q2}",
        f"/journal/classes/{world.a8a.pk}/subjects/{world.math.pk}/",
        f"/journal/control/{work.pk}/",
        "/reports/",
        "/transfer/new/",
    ]


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def widest(page) -> list[str]:
    """The elements that reach past the screen, for the message of a failure."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"""
    )


def tables_wider_than_their_card(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.table-box .scroll')]
              .filter(box => box.scrollWidth > box.clientWidth + 1)
              .map(box => box.closest('section').id + ' ' + box.scrollWidth + '/' + box.clientWidth)"""
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_page_is_wider_than_the_screen_at_1280_and_360_pixels(world, marked, page, shoot, language):
    log_in(page, "aigul")
    if language != "en":
        page.select_option("#language-select", language)
        expect(page.locator("html")).to_have_attribute("lang", language)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in pages_of(world):
            page.goto(url)
            shoot(f"{width}-{re.sub(r'[^a-z0-9]+', '-', url.split('?')[0].lower()).strip('-') or 'home'}")
            assert overflow(page) <= 0, f"{url} is {overflow(page)} px too wide at {width} px: {widest(page)}"
            if width == 1280:
                assert tables_wider_than_their_card(page) == [], url


def test_on_a_phone_the_menu_folds_and_the_dashboard_sections_fold(world, marked, page, shoot):
    log_in(page, "aigul")
    page.set_viewport_size({"width": 360, "height": 780})
    journal = page.get_by_test_id("nav-journal")
    expect(journal).to_be_hidden()
    page.get_by_test_id("menu-button").click()
    expect(journal).to_be_visible()
    shoot("menu-open")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_test_id("menu-button")).to_be_hidden()
    expect(journal).to_be_visible()
    page.goto(f"/dashboards/unit/A/{Q2}")
    table = page.get_by_test_id("table-children")
    expect(table).to_be_visible()
    page.locator("#children summary").click()
    expect(table).to_be_hidden()


def test_the_selection_stays_in_reach_while_scrolling(world, marked, page):
    log_in(page, "aigul")
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"/dashboards/unit/A/{Q2}")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    box = page.get_by_test_id("selection").bounding_box()
    assert box is not None and 0 <= box["y"] < 5


def test_on_a_phone_the_journal_keeps_the_names_in_place_and_scrolls_the_marks(world, marked, page, shoot):
    log_in(page, "timur")
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"/journal/classes/{world.a8a.pk}/subjects/{world.math.pk}/")
    grid = page.locator(".jscroll").first
    name = page.locator(".jgrid tbody .name").first
    before = name.bounding_box()
    first_mark = page.locator(".jgrid tbody .cell").first.bounding_box()
    grid.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert grid.evaluate("box => box.scrollLeft") > 0, "the marks should need scrolling on a phone"
    assert name.bounding_box()["x"] == pytest.approx(before["x"], abs=1)
    assert page.locator(".jgrid tbody .cell").first.bounding_box()["x"] < first_mark["x"]
    shoot("journal-scrolled")
