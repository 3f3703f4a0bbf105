"""Logging in: the right password opens the home page, repeated failures pause the login, forms need CSRF."""

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

WRONG = "not-the-password"


def log_in(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    return [log_in(client, username, WRONG, **extra).status_code for _ in range(times)]


def csrf_token(client, url="/login/") -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).text)[1]


def is_logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_right_password_opens_the_home_page(world, client, password):
    response = log_in(client, "aigul", password)
    assert response.status_code == 302
    assert response.url == "/"
    assert is_logged_in(client)


def test_login_follows_a_local_next(world, client, password):
    response = client.post("/login/", {"username": "aigul", "password": password, "next": "/units/A/"})
    assert response.url == "/units/A/"


def test_login_ignores_a_next_on_another_host(world, client, password):
    response = client.post("/login/", {"username": "aigul", "password": password, "next": "https://evil.example/"})
    assert response.url == "/"


def test_wrong_password_shows_the_form_again(world, client):
    response = log_in(client, "aigul", WRONG)
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert not is_logged_in(client)


def test_five_failures_lock_the_name_out_even_with_the_right_password(world, client, password):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    assert fail(client, "aigul", limit) == [200] * (limit - 1) + [429]
    response = log_in(client, "aigul", password, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text
    assert "paused for 15 minutes" in response.text
    assert not is_logged_in(client)


def test_lockout_page_is_served_in_the_visitors_language(world, client):
    fail(client, "aigul", settings.AXES_FAILURE_LIMIT)
    for language in ("ky", "kk", "ru", "en"):
        response = log_in(client, "aigul", WRONG, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 429
        assert f'<html lang="{language}">' in response.text


@override_settings(AXES_COOLOFF_TIME=0.5)
def test_lockout_page_tells_the_configured_pause(world, client):
    fail(client, "aigul", settings.AXES_FAILURE_LIMIT)
    assert "paused for 30 minutes" in log_in(client, "aigul", WRONG, HTTP_ACCEPT_LANGUAGE="en").text


def test_lockout_is_per_address(world, client, password):
    fail(client, "aigul", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="10.0.0.1")
    assert log_in(client, "aigul", password, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_lockout_is_per_user_name(world, client, password):
    fail(client, "aigul", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "timur", password).status_code == 302


def test_forwarded_for_header_does_not_escape_the_lockout(world, client, password):
    fail(client, "aigul", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "aigul", password, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_success_forgets_earlier_failures(world, client, password):
    fail(client, "aigul", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "aigul", password).status_code == 302
    client.logout()
    assert fail(client, "aigul", settings.AXES_FAILURE_LIMIT - 1) == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "aigul", password).status_code == 302


def test_login_form_needs_the_csrf_token(world, password):
    client = Client(enforce_csrf_checks=True)
    assert log_in(client, "aigul", password).status_code == 403
    token = csrf_token(client)
    response = client.post("/login/", {"username": "aigul", "password": password, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_language_switch_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.aigul)
    assert client.post("/language/", {"language": "en"}).status_code == 403
    world.aigul.refresh_from_db()
    assert world.aigul.language == ""
    token = csrf_token(client, "/")
    assert client.post("/language/", {"language": "en", "csrfmiddlewaretoken": token}).status_code == 302
    world.aigul.refresh_from_db()
    assert world.aigul.language == "en"


def test_anonymous_language_switch_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/language/", {"language": "en"}).status_code == 403


def test_logout_needs_a_post(world, login):
    client = login(world.aigul)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert not is_logged_in(client)


def test_session_cookie_is_http_only(world, client, password):
    response = log_in(client, "aigul", password)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize("language", ["ky", "en"])
def test_language_cookie_is_http_only(world, client, language):
    cookie = client.post("/language/", {"language": language}).cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["httponly"]) == (language, True)


def test_a_user_name_too_long_is_refused_before_anyone_authenticates(world, client):
    """Django's form set its max_length too late to check it; django-axes then tried to record a 5,000-character
    name in a column of 255 (a server error on PostgreSQL)."""
    from axes.models import AccessAttempt

    response = log_in(client, "a" * 5000, WRONG, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The user name or password is wrong. Try again." in response.text
    assert not AccessAttempt.objects.exists()
