"""Error pages are pages of the site: in the visitor's language, inside the layout, with a way home.

Never Django's technical page (the tests run with DEBUG off, as production and `make demo` do) and never its
bare English one. The server-error page renders even when the context processors themselves fail.
"""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sapat.web.tests.error_urls")]

# address, status, the title the page carries (English source of the translated title)
PAGES = [
    ("/fail/400/", 400, "Bad request"),
    ("/fail/403/", 403, "Access denied"),
    ("/no/such/page/", 404, "Page not found"),
    ("/fail/500/", 500, "Something went wrong on the server"),
]
LANGUAGES = ("ru", "ky")


def visitor(language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    return client


def assert_site_error_page(response, status: int, title: str, language: str) -> None:
    with translation.override(language):
        translated = gettext(title)
        home = gettext("Go to the home page")
    assert translated != title, f"{title!r} has no {language} translation"
    assert response.status_code == status
    text = response.content.decode()
    assert f'<html lang="{language}">' in text
    assert f'data-status="{status}"' in text
    assert translated in text
    assert f'<a class="button" href="/" data-testid="error-home">{home}</a>' in text
    assert 'class="topbar"' in text  # the site's layout
    assert "Traceback" not in text and "technical" not in text.lower()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("address", "status", "title"), PAGES)
def test_error_page_in_the_visitors_language(language, address, status, title):
    response = visitor(language).get(address)
    assert_site_error_page(response, status, title, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_logged_in_user_gets_error_pages_in_their_chosen_language(world, language):
    world.aigul.language = language
    world.aigul.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(world.aigul)
    for address, status, title in PAGES:
        assert_site_error_page(client.get(address), status, title, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_refused_form_explains_the_security_check(world, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language, enforce_csrf_checks=True)
    response = client.post("/language/", {"language": "en"})
    assert_site_error_page(response, 403, "The form was not accepted", language)


def _failing_processor(request):
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_needs_no_context_processors(settings, language):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": [f"{__name__}._failing_processor"]}}
    ]
    response = visitor(language).get("/fail/500/")
    assert_site_error_page(response, 500, "Something went wrong on the server", language)
