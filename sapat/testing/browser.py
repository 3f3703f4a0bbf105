"""Browser tests: Playwright drives Debian's Chromium (never a downloaded one) against pytest-django's live server.

Every app's browser tests import these fixtures in their conftest.py:
`from sapat.testing.browser import browser, page, shoot, world  # noqa: F401`.

One browser per session, a new context (cookies, storage) per test. Without /usr/bin/chromium the tests are
skipped, except in CI (CI=true), where they fail: `bash scripts/ensure-chromium.sh` installs it.
"""

import os
import re
from itertools import count
from pathlib import Path

import pytest

# Sync Playwright keeps an event loop running in the test thread; Django would take the ORM calls of the
# test code (the world, the checks) for calls from async code without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Each app's conftest.py imports `browser`, which makes one session fixture per app; Playwright's sync API
# runs only once per thread, so they all share the Chromium the first of them started.
_SHARED: dict = {}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM}; `bash scripts/ensure-chromium.sh` (as root) installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}. CI requires the browser tests.")
        pytest.skip(f"{reason}. Browser tests skipped.")
    from playwright.sync_api import sync_playwright  # a dev requirement: missing, it fails loudly

    owner = not _SHARED
    if owner:
        _SHARED["playwright"] = playwright = sync_playwright().start()
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    yield _SHARED["browser"]
    if owner:
        _SHARED.pop("browser").close()
        _SHARED.pop("playwright").stop()


@pytest.fixture
def world(transactional_db, world):
    """The shared world, committed, so that the live server's thread sees it."""
    return world


@pytest.fixture
def page(browser, live_server, world):
    """A fresh browser context on the live server, asking for English like a browser set to it would."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def shoot(page, request):
    """`shoot("home")` saves a screenshot of the page as it is now into test-artifacts/screenshots/."""
    folder = request.config.rootpath / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
    numbers = count(1)

    def _shoot(step: str) -> None:
        page.screenshot(path=folder / f"{test_name}-{next(numbers):02d}-{step}.png", full_page=True)

    return _shoot


def log_in(page, username: str) -> None:
    """Log in through the login form as one of the world's people, and wait for the page after it."""
    from playwright.sync_api import expect

    from sapat.testing.world import PASSWORD

    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page.get_by_test_id("current-user")).to_be_attached()
