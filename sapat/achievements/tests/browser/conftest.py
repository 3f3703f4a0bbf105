from sapat.testing.browser import browser, page, shoot, world  # noqa: F401
