"""Generic bad input: missing CSRF tokens, GETs on state-changing URLs, script in free text,
extra POST fields, stale sessions and password guessing."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lead.models import AuditEvent, SiteSettings, User
from tests.lead.test_auth import sign_in
from tests.permission_rules import NOT_ALLOWED, OK, STAFF
from tests.permission_table import PERMISSIONS

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

# Rows that change on every request (session clocks, sign-in bookkeeping) are not "state".
VOLATILE = {"lead.UserSession", "sessions.Session", "axes.AccessLog", "axes.AccessAttempt"}


def snapshot() -> dict[str, int]:
    """Row counts of every table. Changes that write no row still write an audit row."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label not in VOLATILE and model._meta.managed and not model._meta.proxy
    }


def _first(row, outcome):
    return next((name for name in STAFF if row.expect.get(name) == outcome), None)


POST_ONLY = sorted(
    name
    for name, row in PERMISSIONS.items()
    if not name.startswith("admin:") and _first(row, NOT_ALLOWED)
)
REACHABLE = sorted(
    name
    for name, row in PERMISSIONS.items()
    if not name.startswith("admin:") and (_first(row, OK) or _first(row, NOT_ALLOWED))
)


def test_the_table_declares_post_only_urls():
    assert {"logout", "user_unlock", "user_lock", "mfa_remove"} <= set(POST_ONLY)


@pytest.mark.parametrize("url_name", POST_ONLY)
def test_a_get_on_a_state_changing_url_is_refused_and_changes_nothing(url_name, personas):
    row = PERMISSIONS[url_name]
    client = Client()
    client.force_login(personas.by_name(_first(row, NOT_ALLOWED)))
    url = reverse(url_name, kwargs=row.kwargs(personas))
    before = snapshot()
    assert client.get(url).status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize("url_name", REACHABLE)
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(url_name, personas):
    row = PERMISSIONS[url_name]
    persona = _first(row, OK) or _first(row, NOT_ALLOWED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.by_name(persona))
    url = reverse(url_name, kwargs=row.kwargs(personas))
    before = snapshot()
    assert client.post(url, {"name": "x", "text": "x"}).status_code == 403
    assert snapshot() == before


def test_a_sign_in_without_a_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"username": "officer", "password": "x" * 12, "acknowledge": "on"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_script_in_the_login_banner_is_shown_as_text(personas, client_for):
    form_data = {
        "intake_deadline_days": 30,
        "social_contact_lookback_months": 24,
        "drug_quantity_threshold_grams": "3.00",
        "caseload_warn": 20,
        "caseload_block": 25,
        "no_contact_alert_days": 30,
        "arrest_diversion_enabled": "on",
        "social_contact_enabled": "on",
        "referral_reviewer": "prosecutor",
        "program_capacity": 300,
        "account_inactivity_days": 90,
        "login_banner": XSS,
        "eligibility_exclusions": "Under 18",
    }
    site = SiteSettings.load()
    for field in SiteSettings._meta.concrete_fields:
        form_data.setdefault(field.name, getattr(site, field.name))
    form_data.pop("id", None)
    form_data.pop("updated_at", None)
    response = client_for("program_manager").post(reverse("site_settings"), form_data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SiteSettings.load().login_banner == XSS
    page = Client().get(reverse("login")).content.decode()
    assert ESCAPED in page
    assert XSS not in page


def test_script_in_a_persons_name_is_shown_as_text(personas, client_for):
    User.objects.filter(pk=personas.officer.pk).update(first_name=XSS)
    for client, url in [
        (client_for("admin"), reverse("users")),
        (client_for("admin"), reverse("user_edit", args=[personas.officer.pk])),
        (client_for("officer"), reverse("home")),
    ]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;alert" in page, url


def test_extra_post_fields_on_an_account_are_ignored(personas, client_for):
    edit = {
        "first_name": "O",
        "last_name": "Officer",
        "email": "",
        "phone": "",
        "role": "officer",
        "agency": personas.police.pk,
        "is_active": "on",
        # Not on the form: must not be taken from the POST.
        "username": "renamed",
        "is_superuser": "on",
        "is_staff": "on",
        "password": "plain",
        "last_login": "2000-01-01 00:00",
    }
    response = client_for("admin").post(reverse("user_edit", args=[personas.officer.pk]), edit)
    assert response.status_code == 302
    officer = User.objects.get(pk=personas.officer.pk)
    assert officer.username == "officer"
    assert not officer.is_superuser and not officer.is_staff
    assert officer.password != "plain"


def test_a_post_16_minutes_after_the_last_request_is_sent_to_sign_in(personas):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "admin")
        assert client.get(reverse("users")).status_code == 200
        clock.shift(timedelta(minutes=16))
        response = client.post(reverse("user_lock", args=[personas.officer.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not AuditEvent.objects.filter(action="user.lock").exists()
    assert sign_in(Client(), "officer").status_code == 302


def test_a_sixth_wrong_password_locks_even_when_the_seventh_is_right(personas):
    client = Client()
    for _ in range(6):
        sign_in(client, "officer", password="wrong password here")
    seventh = sign_in(client, "officer")
    assert "Account locked" in seventh.content.decode()
    assert "_auth_user_id" not in client.session
    fresh = Client()
    assert "Account locked" in sign_in(fresh, "officer").content.decode()
