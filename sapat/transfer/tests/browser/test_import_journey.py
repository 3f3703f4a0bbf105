"""A deputy imports a school's marks file in the browser: reads the preview, applies it; a broken file gives
readable errors with sheet, row and column."""

import re

import pytest
from playwright.sync_api import expect

from sapat.assessment.models import PeriodMark
from sapat.testing.marks import add_periods
from sapat.testing.world import PASSWORD

pytestmark = pytest.mark.browser

HEADER = "Class;Period;Student code;Student;Mathematics\r\n"


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page).to_have_url(re.compile(r"/$"))


def upload(page, shoot, name: str, content: bytes) -> None:
    page.goto("/transfer/new/")
    page.select_option("#id_kind", "marks")
    page.set_input_files("#id_file", {"name": name, "mimeType": "text/csv", "buffer": content})
    shoot("upload")
    page.click("form[data-testid=upload-form] button[type=submit]")


def test_deputy_imports_a_marks_file_reads_the_preview_and_applies_it(world, page, shoot):
    add_periods(world.year)
    rows = f"8а;1 четверть;{world.aibek.code};Asanov Aibek;5\r\n8б;1 четверть;{world.bolot.code};Bolotov Bolot;н/а\r\n"
    log_in(page, "aigul")
    upload(page, shoot, "marks-q1.csv", (HEADER + rows).encode("cp1251"))
    expect(page.get_by_test_id("preview-note")).to_be_visible()
    expect(page.get_by_test_id("counts")).to_contain_text("Period marks")
    expect(page.get_by_test_id("counts").locator("tbody td").nth(1)).to_have_text("2")
    shoot("preview")
    assert PeriodMark.objects.count() == 0
    page.click("form[data-testid=apply-form] button")
    expect(page.get_by_test_id("applied-note")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("The import was applied.")
    shoot("applied")
    assert dict(PeriodMark.objects.values_list("student__code", "value")) == {
        world.aibek.code: "5",
        world.bolot.code: "na",
    }
    page.goto("/transfer/")
    expect(page.get_by_test_id("imports")).to_contain_text("marks-q1.csv")


def test_a_broken_file_gives_readable_errors(world, page, shoot):
    add_periods(world.year)
    rows = f"8а;q1;{world.aibek.code};Asanov Aibek;7\r\n8в;q1;x;Nobody;5\r\n"
    log_in(page, "aigul")
    upload(page, shoot, "broken.csv", (HEADER + rows).encode())
    expect(page.get_by_test_id("refused")).to_contain_text("refused because of 2 errors")
    problems = page.get_by_test_id("problems")
    expect(problems.locator("tbody tr")).to_have_count(2)
    expect(problems.locator("tbody tr").first).to_contain_text("E (Mathematics)")
    expect(problems).to_contain_text("“7” is not a mark")
    expect(problems).to_contain_text("No class 8в in 2024-2025.")
    expect(page.get_by_test_id("apply-form")).to_have_count(0)
    shoot("errors")
    page.goto("/transfer/new/")
    page.set_input_files("#id_file", {"name": "photo.xlsx", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n\0"})
    page.click("form[data-testid=upload-form] button[type=submit]")
    expect(page.get_by_test_id("problems")).to_contain_text("not a spreadsheet")
    shoot("not-a-spreadsheet")
