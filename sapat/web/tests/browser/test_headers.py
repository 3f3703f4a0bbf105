"""The Content-Security-Policy in Chromium: Sapat's own scripts work under it, an injected script does not run.

The journal's grid (journal.js) and the language switch every page carries (web/sapat.js, used here on a
dashboard) run with no violation reported; a page whose HTML an attacker managed to change (simulated by
rewriting the real response in flight, its headers kept) runs neither an inline <script> nor an onerror= handler,
and the browser reports both as violations of the policy.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from sapat.dashboards.tests.marked import mark_world
from sapat.testing.marks import add_periods

pytestmark = pytest.mark.browser

INJECTED = (
    "<script>window.injectedRan = true;</script>"
    '<img src="/no-such-image.png" onerror="window.injectedHandlerRan = true">'
)


@pytest.fixture
def violations(page):
    """The browser's console reports of Content-Security-Policy violations, as they come."""
    found = []

    def listen(message) -> None:
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", listen)
    return found


def log_in(page, live_server, user) -> None:
    """The page's browser takes over a session opened by the test client (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def open_grid(page, world) -> None:
    page.goto(f"/journal/classes/{world.a8a.pk}/subjects/{world.math.pk}/")
    expect(page.locator(".journal-status")).to_be_attached()


def type_mark(page, world, period, mark: str) -> None:
    page.locator(f'input[name="m-{world.aibek.pk}-{period.pk}"]').focus()
    page.keyboard.type(mark)
    page.keyboard.press("Enter")


def quality(page, period):
    return page.get_by_test_id("figures").locator(f'[data-figure="quality"][data-period="{period.pk}"]')


def test_journal_grid_saves_and_recomputes_under_the_policy(world, page, live_server, violations):
    q1 = add_periods(world.year)["q1"]
    log_in(page, live_server, world.timur)
    response = page.goto(f"/journal/classes/{world.a8a.pk}/subjects/{world.math.pk}/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    type_mark(page, world, q1, "5")
    expect(quality(page, q1)).to_have_text("100.0\u00a0%")
    expect(page.locator(".journal-status")).to_contain_text("Saved.")
    assert violations == []


def test_dashboard_and_its_language_switch_work_under_the_policy(world, page, live_server, violations):
    mark_world(world)
    log_in(page, live_server, world.aigul)
    page.goto("/dashboards/unit/A/?year=2024-2025&period=q2")
    expect(page.locator('[data-code="quality_pct"] .figure-value')).to_have_text("66.7\u00a0%")
    page.select_option("#language-select", "ru")  # sapat.js submits the form on change
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator('[data-code="quality_pct"] .figure-value')).to_have_text("66,7\u00a0%")
    assert violations == []


def test_injected_inline_script_and_handler_do_not_run(world, page, live_server, violations):
    q1 = add_periods(world.year)["q1"]
    log_in(page, live_server, world.timur)

    def inject(route):
        answer = route.fetch()
        route.fulfill(response=answer, body=answer.text().replace("</main>", f"{INJECTED}</main>"))

    page.route(re.compile(r"/journal/classes/\d+/subjects/\d+/$"), inject)
    open_grid(page, world)
    expect(page.locator("main img[onerror]")).to_be_attached()  # the injection is in the page
    type_mark(page, world, q1, "4")  # the site's own script still works
    expect(quality(page, q1)).to_have_text("100.0\u00a0%")
    assert page.evaluate("[window.injectedRan, window.injectedHandlerRan]") == [None, None]
    assert any("inline script" in text for text in violations), violations
    assert any("inline event handler" in text for text in violations), violations
