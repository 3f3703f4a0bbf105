"""The interface language: chosen once, remembered on the user, used for numbers and for the names of units.

Translated interface strings are not asserted here (the catalogues change often); the language shows in
`<html lang>`, in the selected option of the language select, and in the unit names kept in the data.
"""

import re

import pytest
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.test import Client
from django.utils import translation
from django.utils.formats import number_format

LANGUAGES = ("ky", "kk", "ru", "en")


def served_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text)[1]


def selected_option(response) -> str:
    return re.search(r'<option value="([^"]+)" selected>', response.text)[1]


def fresh_client(user) -> Client:
    """Another browser of the same user: no cookies from the client that made the choice."""
    client = Client()
    client.force_login(user)
    return client


def h1_of(response) -> str:
    return re.sub(r"<[^>]+>.*?</[^>]+>", "", re.search(r"<h1>(.*?)</h1>", response.text, re.S)[1]).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_switch_stores_the_language_on_the_user(world, login, language):
    response = login(world.aigul).post("/language/", {"language": language, "next": "/units/A/"})
    assert response.status_code == 302
    assert response.url == "/units/A/"
    world.aigul.refresh_from_db()
    assert world.aigul.language == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_chosen_language_follows_the_user_to_another_device(world, login, language):
    login(world.aigul).post("/language/", {"language": language})
    response = fresh_client(world.aigul).get("/")
    assert served_language(response) == selected_option(response) == language


def test_users_language_beats_the_browsers(world):
    world.aigul.language = "kk"
    world.aigul.save(update_fields=["language"])
    client = fresh_client(world.aigul)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert served_language(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "kk"


def test_users_without_a_choice_get_the_browsers_language_or_the_default(world, login):
    client = login(world.aigul)
    assert served_language(client.get("/")) == settings.LANGUAGE_CODE
    assert served_language(client.get("/", HTTP_ACCEPT_LANGUAGE="ky")) == "ky"


def test_anonymous_choice_is_kept_in_a_cookie(world, client):
    client.post("/language/", {"language": "ky"})
    assert served_language(client.get("/login/")) == "ky"


@pytest.mark.parametrize("code", ["xx", "de", "", "ky-KG-evil"])
def test_unknown_language_is_ignored(world, login, code):
    world.aigul.language = "en"
    world.aigul.save(update_fields=["language"])
    response = login(world.aigul).post("/language/", {"language": code})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    world.aigul.refresh_from_db()
    assert world.aigul.language == "en"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/units/", "http://testserver.evil/"])
def test_next_on_another_host_is_not_followed(world, login, next_url):
    response = login(world.aigul).post("/language/", {"language": "en", "next": next_url})
    assert response.url == "/"


def test_switch_only_takes_a_post(world, login):
    assert login(world.aigul).get("/language/", {"language": "en"}).status_code == 405


@pytest.mark.parametrize(
    ("language", "number", "one_decimal"),
    [("ky", "1\xa0234,5", "2,5"), ("kk", "1\xa0234,5", "2,5"), ("ru", "1\xa0234,5", "2,5"), ("en", "1,234.5", "2.5")],
)
def test_numbers_use_the_languages_decimal_mark(language, number, one_decimal):
    with translation.override(language):
        assert number_format(1234.5, decimal_pos=1, force_grouping=True) == number
        assert floatformat(2.45, 1) == one_decimal


@pytest.mark.parametrize(
    ("language", "region", "district"),
    [
        ("ky", "Түндүк облусу", "Аламединский район"),  # no Kyrgyz name for the district: Russian
        ("kk", "Северная область", "Аламединский район"),  # no Kazakh names at all: Russian
        ("ru", "Северная область", "Аламединский район"),
        ("en", "North", "Alamedin"),
    ],
)
def test_unit_names_in_the_users_language_with_russian_fallback(world, login, language, region, district):
    world.rita.language = language
    world.rita.save(update_fields=["language"])
    response = login(world.rita).get("/units/NORTH/")
    assert h1_of(response) == region
    assert f'<a href="/units/ALA/">{district}</a>' in response.text


def test_name_falls_back_to_another_language_when_russian_is_missing(world, login):
    world.school_c.name_ru = ""
    world.school_c.save()
    world.rita.language = "ky"
    world.rita.save(update_fields=["language"])
    assert h1_of(login(world.rita).get("/units/C/")) == "School C"
