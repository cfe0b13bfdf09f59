"""HTTP hardening: security headers, production cookie and transport settings, no caching of
signed-in pages, and error pages that never echo the request."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.permission_rules import OK
from tests.permission_table import PERMISSIONS
from tests.personas import PERSONA_NAMES

ROOT = Path(__file__).resolve().parents[2]
SENTINEL = "Qzx7Sentinel"


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_carry_a_strict_content_security_policy(personas, client_for):
    response = client_for("case_manager_a").get(reverse("home"))
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # Nothing may widen script or style sources beyond the app itself.
    for name in ("script-src", "style-src", "connect-src"):
        assert directives.get(name, ["'self'"]) == ["'self'"], name


def test_pages_carry_the_other_security_headers(personas, client_for):
    response = client_for("officer").get(reverse("home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_sign_in_page_has_the_headers_too(db):
    response = Client().get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def _first_persona_with_a_page(row):
    return next((n for n in PERSONA_NAMES if n != "anonymous" and row.expect[n] == OK), None)


PAGES = sorted(name for name, row in PERMISSIONS.items() if _first_persona_with_a_page(row))


@pytest.mark.parametrize("url_name", PAGES)
def test_no_signed_in_page_may_be_cached(url_name, personas):
    row = PERMISSIONS[url_name]
    persona = _first_persona_with_a_page(row)
    client = Client()
    client.force_login(personas.by_name(persona))
    response = client.get(reverse(url_name, kwargs=row.kwargs(personas)))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control, (persona, cache_control)


def production_values(names: list[str], code: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "lead.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1/unused"),
        "ALLOWED_HOSTS": "lead.example",
    }
    env.pop("MFA_REQUIRED", None)
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"out = {{n: getattr(settings, n, None) for n in {names!r}}}; {code}"
        "print(json.dumps(out, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_turns_on_transport_security_and_host_only_secure_cookies():
    values = production_values(
        [
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SECURE_REFERRER_POLICY",
            "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_COOKIE_NAME",
            "SESSION_COOKIE_DOMAIN",
            "SESSION_COOKIE_PATH",
            "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_NAME",
            "CSRF_COOKIE_DOMAIN",
            "MFA_REQUIRED",
        ]
    )
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    # __Host- cookies must be Secure, have no Domain and Path=/, or browsers drop them.
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SESSION_COOKIE_DOMAIN"] is None and values["CSRF_COOKIE_DOMAIN"] is None
    assert values["SESSION_COOKIE_PATH"] == "/"
    assert values["MFA_REQUIRED"] is True


def test_production_responses_carry_hsts_and_redirect_plain_http():
    code = (
        "from django.test import Client; c = Client(); "
        "s = c.get('/', secure=True, HTTP_HOST='lead.example'); "
        "p = c.get('/', HTTP_HOST='lead.example'); "
        "out['hsts'] = s.headers.get('Strict-Transport-Security'); "
        "out['plain'] = [p.status_code, p.headers.get('Location')]; "
    )
    values = production_values([], code)
    assert values["hsts"].startswith("max-age=31536000")
    assert "includeSubDomains" in values["hsts"]
    assert values["plain"] == [301, "https://lead.example/"]


def test_demo_and_development_do_not_require_mfa(settings):
    # The test settings build on the development ones.
    assert settings.MFA_REQUIRED is False


def test_upload_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


def test_an_oversized_request_body_is_refused(personas, client_for):
    client = client_for("program_manager")
    big_form = {"login_banner": "x" * (6 * 1024 * 1024)}
    response = client.post(reverse("site_settings"), big_form)
    assert response.status_code == 400


def test_the_not_found_page_does_not_echo_the_request(personas, client_for):
    response = client_for("case_manager_a").get(f"/participants/999999/{SENTINEL}/?q={SENTINEL}")
    assert response.status_code == 404
    assert SENTINEL not in response.content.decode()
    assert "Not found" in response.content.decode()


def test_the_forbidden_page_does_not_echo_the_request(personas, client_for):
    response = client_for("officer").get(f"{reverse('users')}?q={SENTINEL}")
    assert response.status_code == 403
    assert SENTINEL not in response.content.decode()


@pytest.mark.parametrize(
    "handler", [defaults.server_error, defaults.bad_request, defaults.page_not_found]
)
def test_error_pages_do_not_echo_the_request(db, handler):
    request = RequestFactory().get(f"/{SENTINEL}/?name={SENTINEL}")
    kwargs = {} if handler is defaults.server_error else {"exception": Exception(SENTINEL)}
    response = handler(request, **kwargs)
    assert SENTINEL not in response.content.decode()
