"""The report journeys in Chromium: a deputy builds the control-work note and downloads it as PDF and DOCX;
anyone opens the published school report without logging in."""

import pytest
from playwright.sync_api import expect

from sapat.reports.services import publication_create
from sapat.testing.world import PASSWORD

from ..conftest import build_control_case
from ..readback import docx_content, pdf_text

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def build(page, fmt: str, language: str) -> bytes:
    page.goto("/reports/")
    page.get_by_test_id("new-control-note").click()
    page.select_option("#id_work", "A|2024-2025|math|h1")
    page.select_option("#id_language", language)
    page.select_option("#id_format", fmt)
    page.get_by_test_id("build").click()
    expect(page.get_by_test_id("run-status")).to_contain_text("Ready")
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    return download.value.path().read_bytes()


def test_deputy_builds_the_control_note_and_downloads_pdf_and_docx(world, page, shoot):
    build_control_case(world)
    log_in(page, "aigul")
    docx = build(page, "docx", "en")
    shoot("run-page")
    _paragraphs, tables = docx_content(docx)
    assert tables[0][-1][:4] == ["Total", "", "11", "9"]
    page.goto("/reports/")
    page.get_by_test_id("new-control-note").click()
    page.select_option("#id_work", "A|2024-2025|math|h1")
    page.select_option("#id_language", "ru")
    page.select_option("#id_format", "pdf")
    page.get_by_test_id("build").click()
    expect(page.get_by_test_id("run-status")).to_contain_text("Ready")
    href = page.get_by_test_id("download").get_attribute("href")
    pdf = page.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf"
    assert "88,9" in pdf_text(pdf.body())  # the report's language, not the interface's
    page.goto("/reports/")
    page.get_by_test_id("new-control-note").click()
    page.select_option("#id_work", "A|2024-2025|math|h1")
    page.select_option("#id_language", "ky")
    page.select_option("#id_format", "html")
    page.get_by_test_id("build").click()
    expect(page.get_by_test_id("report-body").locator("article.report h1")).to_be_visible()  # on screen
    expect(page.get_by_test_id("run-status")).to_contain_text("Ready")
    shoot("run-page-html")


def test_anyone_reads_the_published_report_without_login(world, page, shoot):
    case = build_control_case(world)
    publication_create(unit=world.school_a, period=case["periods"]["h1"], user=world.aigul)
    page.goto("/reports/public/")
    page.get_by_role("link", name="School A").click()
    expect(page.locator("article.report h1")).to_be_visible()
    shoot("public-report")
    assert "Asanov" not in page.content()
    pdf = page.request.get(page.url + "?format=pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
