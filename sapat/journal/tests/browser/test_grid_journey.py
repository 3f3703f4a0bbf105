"""A teacher fills his class's quarter marks with the keyboard only and watches the class's figures change;
a save refused because the deputy closed the quarter meanwhile shows its message in the cell and keeps the
typed mark, which goes in on "Try again" once the quarter is reopened."""

import re

import pytest
from playwright.sync_api import expect

from sapat.assessment.models import PeriodMark
from sapat.journal.services import period_close, period_reopen
from sapat.testing import factories as f
from sapat.testing.marks import add_periods
from sapat.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page).to_have_url(re.compile(r"/$"))


def figure(page, code: str, period) -> object:
    return page.get_by_test_id("figures").locator(f'[data-figure="{code}"][data-period="{period.pk}"]')


def test_teacher_fills_the_quarter_with_the_keyboard_and_sees_the_figures(world, page, shoot):
    periods = add_periods(world.year)
    names = ("Bakirov", "Chynybaev", "Dzhumaliev")  # after Asanov Aibek on the class list
    classmates = [f.EnrolmentFactory(school_class=world.a8a, student__last_name=name).student for name in names]
    q1, q2 = periods["q1"], periods["q2"]
    log_in(page, "timur")
    page.goto("/journal/")
    page.get_by_test_id("journal-classes").get_by_role("link", name="Mathematics").click()
    expect(page).to_have_url(re.compile(rf"/journal/classes/{world.a8a.pk}/subjects/{world.math.pk}/$"))
    expect(figure(page, "quality", q1)).to_have_text("—")
    shoot("empty-grid")

    page.locator(f'input[name="m-{world.aibek.pk}-{q1.pk}"]').focus()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    expect(figure(page, "quality", q1)).to_have_text("100.0\u00a0%")
    for mark in ("4", "3", "н/а"):
        page.keyboard.type(mark)
        page.keyboard.press("Enter")
    # 5, 4, 3, н/а: N = 4; quality 2/4, success 3/4, average 12/3, СОУ (100 + 64 + 36 + 7) / 4 = 51.75
    expect(figure(page, "quality", q1)).to_have_text("50.0\u00a0%")
    expect(figure(page, "success", q1)).to_have_text("75.0\u00a0%")
    expect(figure(page, "average", q1)).to_have_text("4.00")
    expect(figure(page, "sou", q1)).to_have_text("51.8\u00a0%")
    expect(page.locator(f'input[name="m-{classmates[2].pk}-{q1.pk}"]')).to_have_value("n/a")
    expect(page.locator(".journal-status")).to_contain_text("Saved.")
    shoot("quarter-filled")
    assert sorted(PeriodMark.objects.values_list("value", flat=True)) == ["3", "4", "5", "na"]

    # Back up to the first row and over to the 2nd quarter, which the deputy closes meanwhile.
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")
    period_close(school=world.school_a, period=q2, actor=world.aigul)
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    cell = page.locator(f'input[name="m-{world.aibek.pk}-{q2.pk}"]')
    expect(cell).to_have_value("4")
    expect(cell).to_have_attribute("aria-invalid", "true")
    message = page.locator("td.failed .cell-error")
    expect(message).to_have_text("The period 2nd quarter is closed; ask the deputy director to reopen it.")
    expect(page.locator(".journal-status")).to_contain_text("Cells not saved")
    shoot("refused-in-place")
    assert not PeriodMark.objects.filter(period=q2).exists()

    period_reopen(school=world.school_a, period=q2, actor=world.aigul, reason="Marks of 8а were late")
    page.get_by_role("button", name="Try again").click()
    expect(message).to_have_count(0)
    expect(cell).not_to_have_attribute("aria-invalid", "true")
    expect(figure(page, "quality", q2)).to_have_text("100.0\u00a0%")
    shoot("saved-after-retry")
    assert PeriodMark.objects.get(period=q2).value == "4"

    # Delete clears a cell: the mark is removed and the figures follow.
    cell.focus()
    page.keyboard.press("Delete")
    expect(figure(page, "quality", q2)).to_have_text("—")
    expect(cell).to_have_value("")
    assert not PeriodMark.objects.filter(period=q2).exists()
