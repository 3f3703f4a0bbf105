"""The deputy for upbringing work fills the upbringing form, a soft rule flags a value, she submits; the
district coordinator sees who reported on the board, returns the data with a reason, then approves it; the
school's change after the approval is refused."""

import re

import pytest
from playwright.sync_api import expect

from sapat.datasets.models import DataValue, Submission
from sapat.testing import datasets as ds
from sapat.testing import factories as f
from sapat.testing.marks import add_periods
from sapat.testing.world import PASSWORD

pytestmark = pytest.mark.browser

LOW_IS_FLAGGED = {
    "left": "level.low",
    "op": "==",
    "right": "0",
    "importance": "soft",
    "names": ds.names("a low level: plan individual work"),
}


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page).to_have_url(re.compile(r"/$"))


def test_upbringing_is_entered_submitted_returned_approved_and_then_locked(world, page, shoot):
    year = add_periods(world.year)["year"]
    ds.load(ds.upbringing(rules=[LOW_IS_FLAGGED]))
    classmate = f.EnrolmentFactory(school_class=world.a8a, student__last_name="Bakirova").student

    log_in(page, "zarina")
    page.get_by_test_id("datasets-A").click()
    page.get_by_role("link", name="Upbringing levels").first.click()
    expect(page.get_by_test_id("values")).to_contain_text(world.aibek.full_name)
    selects = page.get_by_test_id("values").locator("select")
    selects.nth(0).select_option("high")
    selects.nth(0).press("Enter")  # the keyboard moves on to the next student
    expect(selects.nth(1)).to_be_focused()
    selects.nth(1).select_option("low")
    shoot("filled")
    page.get_by_test_id("save").click()
    expect(page.locator(".messages")).to_contain_text("a low level: plan individual work")
    assert DataValue.objects.filter(student=classmate, flagged=True).exists()
    page.fill("#responsible", "Zarina Asanova, deputy director")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("state")).to_have_text("submitted")

    log_in(page, "dana")
    page.goto(f"/datasets/ALA/upbringing/{year.pk}/board/")
    expect(page.get_by_test_id("state-A")).to_contain_text("submitted")
    expect(page.get_by_test_id("board")).to_contain_text("Zarina Asanova, deputy director")
    shoot("board")
    page.get_by_test_id("board").get_by_role("link", name="School A").click()
    page.fill("#return-reason", "Check Bakirova's level")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("state")).to_have_text("returned")

    log_in(page, "zarina")
    page.goto(f"/datasets/A/upbringing/{year.pk}/")
    expect(page.get_by_test_id("approval")).to_contain_text("Check Bakirova's level")
    page.get_by_test_id("values").locator("select").nth(1).select_option("medium")
    page.get_by_test_id("save").click()
    page.get_by_test_id("submit").click()

    log_in(page, "dana")
    page.goto(f"/datasets/A/upbringing/{year.pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("state")).to_have_text("approved")

    log_in(page, "zarina")
    page.goto(f"/datasets/A/upbringing/{year.pk}/")
    expect(page.get_by_test_id("locked")).to_be_visible()
    expect(page.get_by_test_id("save")).to_have_count(0)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    refused = page.request.post(page.url, form={"csrfmiddlewaretoken": token}, headers={"Referer": page.url})
    assert refused.status == 403
    shoot("locked")
    assert Submission.objects.get(unit=world.school_a).state == "approved"
    assert DataValue.objects.get(student=classmate).option.code == "medium"
