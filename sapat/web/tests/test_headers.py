"""Every response carries the Content-Security-Policy and the Permissions-Policy (sapat/core/headers.py).

That the policy lets Sapat's scripts run and stops injected ones is shown in Chromium (browser/test_headers.py).
"""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize("address", ["/login/", "/", "/no/such/page/"])
def test_pages_forbid_inline_and_foreign_scripts(client, address):
    found = directives(client.get(address))
    assert found["script-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert found["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in found["style-src"]


def test_permissions_policy_denies_the_devices(client):
    policy = client.get("/login/").headers["Permissions-Policy"]
    assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy


def test_no_template_of_sapat_carries_an_inline_script_or_handler():
    """Scripts come from static files; a <script> in a template may only be a json_script data block."""
    root = Path(__file__).resolve().parents[2]
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"inline <script> in {template}"
        assert not re.search(r"\son[a-z]+=", text), f"inline event handler in {template}"


def test_a_page_with_inline_print_styles_allows_only_its_own_nonce(world, periods, login):
    """The report card's print styles are inline: they carry this response's nonce, nothing else inline may."""
    response = login(world.parvina).get(f"/reports/cards/{world.aibek.pk}/")
    assert response.status_code == 200
    nonce = re.search(r'<style nonce="([^"]+)">', response.text)[1]
    assert directives(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]
