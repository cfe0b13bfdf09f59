"""Accounts: password rules, locking, ending sessions, and disabling unused accounts."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lead import services
from lead.models import AuditEvent, SiteSettings, User, UserSession
from tests.lead.test_auth import sign_in
from tests.lead.test_users import new_account

HOME = reverse("home")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("new.officer.2026", "too similar to the username"),
        ("nia@example.org!", "too similar to the email"),
        ("eleven char", "at least 12 characters"),
        ("qwertyuiop123", "too common"),
        ("our LEAD program 1", "must not contain the program"),
    ],
)
def test_account_passwords_follow_the_rules(personas, client_for, password, message):
    response = client_for("admin").post(
        reverse("user_create"), new_account(personas, password1=password, password2=password)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="new.officer").exists()


def test_there_are_no_composition_rules(personas, client_for):
    # Long and lowercase with spaces is fine; length does the work, not symbols.
    password = "tide pools at low water"
    response = client_for("admin").post(
        reverse("user_create"), new_account(personas, password1=password, password2=password)
    )
    assert response.status_code == 302
    assert User.objects.get(username="new.officer").check_password(password)


def test_admin_locks_an_account_which_then_cannot_sign_in(personas, client_for):
    officer = client_for("officer")
    response = client_for("admin").post(reverse("user_lock", args=[personas.officer.pk]))
    assert response.status_code == 302
    assert officer.get(HOME).status_code == 302
    refused = sign_in(Client(), "officer")
    assert "Account locked" in refused.content.decode()
    assert AuditEvent.objects.filter(action="user.lock", actor=personas.admin).exists()

    client_for("admin").post(reverse("user_unlock", args=[personas.officer.pk]))
    assert sign_in(Client(), "officer").status_code == 302


def test_officer_cannot_lock_accounts(personas, client_for):
    response = client_for("officer").post(reverse("user_lock", args=[personas.prosecutor.pk]))
    assert response.status_code == 403
    assert sign_in(Client(), "prosecutor").status_code == 302


def test_users_page_shows_an_admin_locked_account_as_locked(personas, client_for):
    admin = client_for("admin")
    admin.post(reverse("user_lock", args=[personas.officer.pk]))
    edit = admin.get(reverse("user_edit", args=[personas.officer.pk]))
    assert "This account is locked" in edit.content.decode()
    rows = {u.username: locked for u, locked in admin.get(reverse("users")).context["rows"]}
    assert rows["officer"] is True and rows["prosecutor"] is False


def test_admin_ends_an_accounts_sessions(personas, client_for):
    phone, laptop = client_for("officer"), client_for("officer")
    prosecutor = client_for("prosecutor")
    admin = client_for("admin")
    assert (
        "Open sessions: 2"
        in admin.get(reverse("user_edit", args=[personas.officer.pk])).content.decode()
    )
    admin.post(reverse("user_end_sessions", args=[personas.officer.pk]))
    assert phone.get(HOME).status_code == 302
    assert laptop.get(HOME).status_code == 302
    assert prosecutor.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="user.end_sessions", actor=personas.admin).exists()


def test_officer_cannot_end_anyones_sessions(personas, client_for):
    prosecutor = client_for("prosecutor")
    response = client_for("officer").post(
        reverse("user_end_sessions", args=[personas.prosecutor.pk])
    )
    assert response.status_code == 403
    assert prosecutor.get(HOME).status_code == 200


def test_admin_ending_their_own_sessions_keeps_the_one_in_use(personas, client_for):
    other = client_for("admin")
    admin = client_for("admin")
    admin.post(reverse("user_end_sessions", args=[personas.admin.pk]))
    assert admin.get(HOME).status_code == 200
    assert other.get(HOME).status_code == 302


def test_ending_sessions_is_one_delete_however_many_sessions_exist(
    personas, client_for, django_assert_num_queries
):
    for name in ("prosecutor", "case_manager_a", "supervisor", "officer", "officer"):
        client_for(name)
    assert UserSession.objects.count() == 5
    with django_assert_num_queries(1):
        ended = services.end_sessions(user=personas.officer)
    assert ended == 2
    assert UserSession.objects.count() == 3


def test_run_daily_ends_the_sessions_of_accounts_it_disables(personas, client_for):
    now = timezone.now()
    officer = client_for("officer")
    prosecutor = client_for("prosecutor")
    User.objects.update(last_login=now)
    User.objects.filter(pk=personas.officer.pk).update(last_login=now - timedelta(days=91))
    with time_machine.travel(now, tick=False):
        call_command("run_daily", stdout=StringIO())
    assert not UserSession.objects.filter(user=personas.officer).exists()
    assert officer.get(HOME).status_code == 302
    assert prosecutor.get(HOME).status_code == 200


def test_inactivity_period_is_the_site_setting(personas):
    site = SiteSettings.load()
    site.account_inactivity_days = 30
    site.save()
    now = timezone.now()
    User.objects.update(last_login=now)
    User.objects.filter(pk=personas.officer.pk).update(last_login=now - timedelta(days=31))
    with time_machine.travel(now, tick=False):
        call_command("run_daily", stdout=StringIO())
    personas.officer.refresh_from_db()
    personas.prosecutor.refresh_from_db()
    assert (personas.officer.is_active, personas.prosecutor.is_active) == (False, True)
