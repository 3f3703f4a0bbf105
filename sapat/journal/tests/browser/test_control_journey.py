"""A teacher creates a control work with its tasks, types the task scores row by row, and the analysis table
appears with the first result; a task over its maximum is refused in the row, keeping what was typed."""

import pytest
from playwright.sync_api import expect

from sapat.assessment.models import ControlResult
from sapat.testing import factories as f

from .test_grid_journey import log_in

pytestmark = pytest.mark.browser


def test_teacher_enters_a_control_work_and_reads_its_analysis(world, page, shoot):
    second = f.EnrolmentFactory(school_class=world.a8a).student
    log_in(page, "timur")
    page.goto("/journal/control/new/")
    page.select_option("#id_assignment", f"{world.a8a.pk}:{world.math.pk}")
    page.select_option("#id_kind", "h1")
    page.fill("#id_written_on", "2024-12-10")
    page.fill("#id_tasks", "2 3 5")
    shoot("new-work")
    page.get_by_role("button", name="Create the work").click()
    expect(page.locator("h1")).to_contain_text("control work")
    expect(page.locator("[data-analysis]")).to_contain_text("appears as soon as the first result is saved")

    page.locator(f'input[name="r-{world.aibek.pk}-t1"]').focus()
    for score in ("2", "3", "4"):
        page.keyboard.type(score)
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")  # leaves the row: it is saved
    row = page.locator(f'tr[data-student="{world.aibek.pk}"]')
    expect(row.locator('input[data-cell="score"]')).to_have_value("9")
    expect(row.locator('[data-mark="work"]')).to_have_text("5")  # 90 %
    expect(page.get_by_test_id("analysis")).to_be_visible()
    expect(page.get_by_test_id("analysis").locator('[data-figure="quality"]')).to_have_text("100.0\u00a0%")

    page.locator(f'input[name="r-{second.pk}-t1"]').focus()
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    other = page.locator(f'tr[data-student="{second.pk}"]')
    expect(other.locator(".cell-error")).to_have_text("Task 1: 7 is over its maximum 2.")
    expect(other.locator('input[data-cell="t1"]')).to_have_value("7")
    shoot("refused-row")
    assert ControlResult.objects.count() == 1

    other.locator('input[data-cell="t1"]').focus()
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(other.locator(".cell-error")).to_have_count(0)
    expect(other.locator('[data-mark="work"]')).to_have_text("2")  # 10 %
    expect(page.get_by_test_id("analysis").locator('[data-figure="quality"]')).to_have_text("50.0\u00a0%")
    shoot("analysis")
