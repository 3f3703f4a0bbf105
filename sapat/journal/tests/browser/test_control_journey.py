"""A teacher creates a control work with its tasks, types the task scores row by row, and the analysis table
appears with the first result; a task over its maximum is refused in the row, keeping what was typed."""

import datetime
from decimal import Decimal

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


def test_enter_walks_the_tasks_and_then_the_next_students_first_task(world, page):
    """Tasks of 2 and 3 points: 1 Enter 2 Enter fills Aibek's row and lands on the next student's task 1."""
    from sapat.journal.services import control_work_create

    second = f.EnrolmentFactory(school_class=world.a8a).student
    day = datetime.date(2024, 12, 10)
    work = control_work_create(school_class=world.a8a, subject=world.math, kind="h1", code="", max_score=None,
                               written_on=day, task_maxima=[Decimal(2), Decimal(3)])  # fmt: skip
    log_in(page, "timur")
    page.goto(f"/journal/control/{work.pk}/")
    page.locator(f'input[name="r-{world.aibek.pk}-t1"]').focus()
    for score in ("1", "2"):
        page.keyboard.type(score)
        page.keyboard.press("Enter")
    expect(page.locator(f'input[name="r-{second.pk}-t1"]')).to_be_focused()
    expect(page.locator(f'tr[data-student="{world.aibek.pk}"] input[data-cell="score"]')).to_have_value("3")


def test_the_class_and_subject_list_is_searchable(world, page):
    """The deputy's list holds every class × subject of the school: typing "8б math" leaves that one."""
    physics = f.SubjectFactory(code="physics", name_en="Physics", name_ru="Физика")
    for school_class, subject in ((world.a8a, physics), (world.a8b, world.math), (world.a8b, physics)):
        f.TeachingAssignmentFactory(school_class=school_class, subject=subject, teacher=world.timur_staff)
    log_in(page, "aigul")
    page.goto("/journal/control/new/")
    options = page.locator("#id_assignment option")
    everything = options.count()
    assert everything > 2
    page.get_by_role("searchbox", name="Find a class or a subject").fill("8б MATH")
    visible = page.locator("#id_assignment option:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text(world.a8b.name)
    page.get_by_role("searchbox", name="Find a class or a subject").fill("")
    expect(page.locator("#id_assignment option:not([hidden])")).to_have_count(everything)
