"""The dashboard journeys in Chromium: drill down, compare, stay inside one's classes, switch the language.

Every dashboard is photographed on the way (test-artifacts/screenshots/), also on a 360-pixel phone and as
printed, so that the layouts can be looked at after a run.
"""

import re

import pytest
from playwright.sync_api import expect

from sapat.testing.marks import put_marks
from sapat.testing.world import PASSWORD

pytestmark = pytest.mark.browser

Q2 = "?year=2024-2025&period=q2"


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def open_my_dashboard(page, shoot) -> None:
    """From the home page, where the person's own dashboard comes first."""
    shoot("home")
    page.get_by_test_id("my-dashboard").click()
    expect(page.locator(".dashboard")).to_be_visible()


def choose_period(page, code: str) -> None:
    """The selection is a plain GET form: choose and press Show (no JavaScript needed)."""
    page.get_by_test_id("selection").locator("select[name=period]").select_option(code)
    page.get_by_test_id("selection").get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"period={code}"))


def test_deputy_drills_down_from_the_school_to_a_class_to_a_student(world, marked, page, shoot):
    log_in(page, "aigul")
    open_my_dashboard(page, shoot)
    expect(page).to_have_url(re.compile(r"/dashboards/unit/A/$"))
    choose_period(page, "q2")
    expect(page.locator('[data-code="quality_pct"] .figure-value')).to_have_text("66.7\u00a0%")
    expect(page.locator('[data-code="quality_pct"] .figure-parent')).to_have_text("Alamedin: 57.1\u00a0%")
    shoot("school")
    page.get_by_test_id("table-children").get_by_role("link", name="8а").click()
    expect(page).to_have_url(re.compile(rf"/dashboards/class/{world.a8a.pk}/\?year=2024-2025&period=q2"))
    expect(page.locator("h1")).to_contain_text("Class 8а, School A")
    expect(page.locator('[data-code="quality_pct"] .figure-value')).to_have_text("50.0\u00a0%")
    shoot("class")
    page.get_by_test_id("table-students").get_by_role("link", name="Asanov Aibek").click()
    expect(page).to_have_url(re.compile(rf"/dashboards/student/{world.aibek.pk}/\?year=2024-2025&period=q2"))
    expect(page.locator("h1")).to_contain_text("Asanov Aibek")
    expect(page.locator('[data-code="average_mark"] .figure-value')).to_have_text("5.00")
    shoot("student")
    page.locator(".breadcrumbs").get_by_role("link", name="Parallel 8").click()
    expect(page.locator("h1")).to_contain_text("Parallel 8, School A")
    shoot("parallel")


def test_regional_officer_compares_districts_and_opens_a_rating(world, marked, page, shoot):
    student = world.c9a.enrolments.get().student
    for code, value in (("q1", "4"), ("q2", "5")):
        put_marks(world.c9a, marked.periods[code], {(student, world.math): value, (student, marked.lit): value})
    log_in(page, "rita")
    open_my_dashboard(page, shoot)
    expect(page).to_have_url(re.compile(r"/dashboards/unit/NORTH/$"))
    choose_period(page, "q2")
    children = page.get_by_test_id("table-children")
    expect(children.locator("tbody th")).to_have_text(["Alamedin", "Sokuluk"])
    expect(page.locator("#children svg.chart title").first).to_have_text(re.compile("North compared"))
    shoot("region")
    page.locator("#children .choices").get_by_role("link", name="average mark").click()
    expect(page).to_have_url(re.compile(r"indicator=average_mark"))
    expect(page.locator("#children svg.chart title").first).to_have_text(re.compile("^average mark"))
    shoot("region-average-mark")
    rating = page.get_by_test_id("table-rating")
    expect(rating.locator("tbody tr")).to_have_count(2)
    rating.get_by_role("link", name="Alamedin").click()
    expect(page).to_have_url(re.compile(r"/dashboards/unit/ALA/\?year=2024-2025&period=q2&indicator=average_mark"))
    expect(page.get_by_test_id("table-rating").locator("tbody a")).to_have_text(["School A", "School B"])
    shoot("district")


def test_teacher_sees_only_their_classes(world, marked, page, shoot):
    log_in(page, "timur")
    open_my_dashboard(page, shoot)
    expect(page).to_have_url(re.compile(rf"/dashboards/teacher/{world.timur_staff.pk}/$"))
    choose_period(page, "q2")
    expect(page.get_by_test_id("table-classes").locator("tbody th")).to_have_text(["8а"])
    expect(page.locator('[data-code="quality_pct"] .figure-parent')).to_have_text("School A: 66.7\u00a0%")
    shoot("teacher")
    page.get_by_test_id("table-classes").get_by_role("link", name="8а").click()
    expect(page.locator("h1")).to_contain_text("Class 8а")
    shoot("class")
    others = (f"/dashboards/class/{world.a8b.pk}/", "/dashboards/unit/A/", f"/dashboards/student/{world.bolot.pk}/")
    for other in others:
        page.goto(other)
        expect(page.locator("h1")).to_have_text("Page not found")
    shoot("other-class")


def test_language_switch_keeps_the_dashboard_and_formats_numbers(world, marked, page, shoot):
    log_in(page, "aigul")
    page.goto(f"/dashboards/unit/A/{Q2}")
    expected = {"ru": "66,7\u00a0%", "ky": "66,7\u00a0%", "kk": "66,7\u00a0%", "en": "66.7\u00a0%"}
    for language, quality in expected.items():
        page.select_option("#language-select", language)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page).to_have_url(re.compile(r"/dashboards/unit/A/\?year=2024-2025&period=q2$"))
        expect(page.locator('[data-code="quality_pct"] .figure-value')).to_have_text(quality)
        shoot(f"school-{language}")


def test_parent_sees_their_child(world, marked, page, shoot):
    log_in(page, "parvina")
    open_my_dashboard(page, shoot)
    expect(page).to_have_url(re.compile(rf"/dashboards/student/{world.aibek.pk}/$"))
    choose_period(page, "q2")
    expect(page.locator('[data-code="average_mark"] .figure-value')).to_have_text("5.00")
    expect(page.locator(".figure-parent")).to_have_count(0)
    shoot("child")


def test_dashboards_on_a_phone_and_on_paper(world, marked, page, shoot):
    log_in(page, "aigul")
    page.set_viewport_size({"width": 360, "height": 780})
    for url in (f"/dashboards/unit/A/{Q2}", f"/dashboards/class/{world.a8a.pk}/{Q2}",
                f"/dashboards/unit/A/at-risk/{Q2}", f"/dashboards/teacher/{world.timur_staff.pk}/{Q2}"):  # fmt: skip
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width} px wide on a 360-pixel phone"
        shoot("phone")
    page.set_viewport_size({"width": 1000, "height": 1400})
    page.goto(f"/dashboards/unit/A/{Q2}")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("selection")).to_be_hidden()
    expect(page.locator(".table-foot a").first).to_be_hidden()
    shoot("print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
