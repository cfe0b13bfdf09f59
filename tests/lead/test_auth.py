from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lead.models import AuditEvent, SiteSettings
from lead.models import UserSession as Session
from tests.personas import PASSWORD

LOGIN_URL = reverse("login")


def sign_in(client, username, password=PASSWORD, acknowledge=True):
    data = {"username": username, "password": password}
    if acknowledge:
        data["acknowledge"] = "on"
    return client.post(LOGIN_URL, data)


@pytest.mark.django_db
def test_login_page_shows_the_site_banner():
    site = SiteSettings.load()
    site.login_banner = "Authorized LEAD use only. Activity is audited."
    site.save()
    response = Client().get(LOGIN_URL)
    assert response.status_code == 200
    assert "Authorized LEAD use only. Activity is audited." in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("officer", "Diversion referrals"),
        ("prosecutor", "Coordination queue"),
        ("case_manager_a", "My caseload"),
        ("supervisor", "caseload"),
        ("program_manager", "Program"),
        ("admin", "Administration"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_home_page(personas, persona, heading):
    client = Client()
    response = sign_in(client, persona)
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(response.url)
    assert home.status_code == 200
    assert heading in home.content.decode()
    assert AuditEvent.objects.filter(actor_username=persona, action="auth.login").exists()


def test_login_without_acknowledging_the_banner_keeps_the_input_and_explains(personas):
    response = sign_in(Client(), "officer", acknowledge=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please acknowledge the notice to sign in." in page
    assert 'value="officer"' in page
    assert "_auth_user_id" not in Client().session


def test_five_failed_logins_lock_the_account_until_an_admin_unlocks_it(personas):
    client = Client()
    for _ in range(5):
        response = sign_in(client, "officer", password="wrong password here")
        assert response.status_code in (200, 429)
    locked = sign_in(client, "officer")
    assert "Account locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    admin = Client()
    admin.force_login(personas.admin)
    edit = admin.get(reverse("user_edit", args=[personas.officer.pk]))
    assert "This account is locked" in edit.content.decode()
    admin.post(reverse("user_unlock", args=[personas.officer.pk]))
    assert AuditEvent.objects.filter(action="user.unlock", actor=personas.admin).exists()

    assert sign_in(client, "officer").status_code == 302
    assert client.session["_auth_user_id"] == str(personas.officer.pk)


def test_four_failures_do_not_lock_the_account(personas):
    client = Client()
    for _ in range(4):
        sign_in(client, "officer", password="wrong password here")
    assert sign_in(client, "officer").status_code == 302


def test_failed_login_is_audited(personas):
    sign_in(Client(), "officer", password="wrong password here")
    event = AuditEvent.objects.get(action="auth.login", outcome="failed")
    assert event.object_id == "officer"
    assert event.actor is None


def test_session_ends_after_15_idle_minutes(personas):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "case_manager_a")
        clock.shift(timedelta(minutes=14))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=14))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=16))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert AuditEvent.objects.filter(action="session.timeout").exists()


def test_session_ends_after_12_hours_even_when_active(personas):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "case_manager_a")
        for _ in range(71):  # a request every 10 minutes for 11 h 50 min
            clock.shift(timedelta(minutes=10))
            assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=11))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_logout_deletes_the_session_on_the_server(personas):
    client = Client()
    sign_in(client, "officer")
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("home")).status_code == 302


def test_password_change_is_audited_and_takes_effect(personas):
    client = Client()
    sign_in(client, "officer")
    new_password = "a much longer river stone"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_change").exists()
    personas.officer.refresh_from_db()
    assert personas.officer.check_password(new_password)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "too short"),
        ("password1234", "too common"),
        ("my lead password x", "must not contain the program"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(personas, password, message):
    client = Client()
    client.force_login(personas.officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_signed_in_pages_are_not_cached(personas):
    client = Client()
    client.force_login(personas.case_manager_a)
    response = client.get(reverse("participants:detail", args=[personas.participant.pk]))
    assert "no-store" in response["Cache-Control"]
