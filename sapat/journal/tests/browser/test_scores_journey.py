"""A KZ teacher types a student's ФО, СОр and СОч for a quarter and sees the derived mark and the figures."""

import pytest
from playwright.sync_api import expect

from sapat.journal.tests.test_scores_grid import KZ

from .test_grid_journey import log_in

pytestmark = pytest.mark.browser


def test_kz_teacher_types_scores_and_sees_the_derived_mark(world, page, shoot):
    kz = KZ(world)
    student = kz.students[0]
    log_in(page, "aruzhan")
    page.goto(kz.url())
    page.fill('input[name="max-sor1"]', "20")
    page.fill('input[name="max-soch"]', "25")
    page.locator(f'input[name="s-{student.pk}-fo"]').focus()
    page.keyboard.type("8 9 10")
    page.keyboard.press("ArrowRight")  # the caret is at the end: on to СОр 1
    page.keyboard.type("15")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.type("20")
    page.keyboard.press("ArrowDown")  # leaves the row: it is saved
    row = page.locator(f'tr[data-student="{student.pk}"]')
    # ФО 90 %, СОр 75 %, СОч 80 %: 0.25·90 + 0.25·75 + 0.5·80 = 81.25 → 4
    expect(row.locator('[data-mark="term"]')).to_have_text("4")
    expect(page.get_by_test_id("figures").locator('[data-figure="average"]')).to_have_text("4.00")
    shoot("scores")
