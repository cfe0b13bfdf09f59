"""Two-step sign-in: enrolment, codes once only, recovery codes, and sessions ending."""

from binascii import unhexlify
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead import mfa_services
from lead.models import AuditEvent, UserSession
from lead.views.mfa import PENDING_KEY
from tests.lead.test_auth import sign_in
from tests.personas import PASSWORD

HOME = reverse("home")


def code_for(key: str) -> str:
    return f"{totp(unhexlify(key)):06d}"


def enrol(client, password=PASSWORD):
    """Opens the enrolment page and confirms it with the app's current code."""
    page = client.get(reverse("mfa_setup"))
    key = client.session[PENDING_KEY]
    response = client.post(reverse("mfa_setup"), {"password": password, "code": code_for(key)})
    return page, response, key


def enrolled(user, clock) -> str:
    """Gives `user` an authenticator whose last used code is a minute old."""
    key = mfa_services.new_totp_key()
    clock.shift(timedelta(minutes=-1))
    assert mfa_services.mfa_enrol(user=user, key=key, code=code_for(key), keep_session_key=None)
    clock.shift(timedelta(minutes=1))
    return key


def past_second_step(user) -> Client:
    """A client signed in as `user` whose session has done the code step already."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["lead_mfa"] = mfa_services.MFA_OK
    session.save()
    return client


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_enrolment_shows_a_qr_code_and_needs_the_password_and_a_code(personas, clock):
    client = Client()
    sign_in(client, "case_manager_a")
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    key = client.session[PENDING_KEY]

    wrong = client.post(reverse("mfa_setup"), {"password": "not it at all", "code": code_for(key)})
    assert "That is not your password." in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.case_manager_a).exists()

    done = client.post(reverse("mfa_setup"), {"password": PASSWORD, "code": code_for(key)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    device = TOTPDevice.objects.get(user=personas.case_manager_a)
    assert device.confirmed and device.key == key
    assert StaticToken.objects.filter(device__user=personas.case_manager_a).count() == 10
    assert AuditEvent.objects.filter(action="mfa.enrol", outcome="ok").exists()


def test_enrolment_refuses_a_wrong_code_and_keeps_the_input(personas, clock):
    client = Client()
    sign_in(client, "case_manager_a")
    client.get(reverse("mfa_setup"))
    key = client.session[PENDING_KEY]
    bad = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_setup"), {"password": PASSWORD, "code": bad})
    assert "That code did not match" in response.content.decode()
    assert f'value="{bad}"' in response.content.decode()
    assert client.session[PENDING_KEY] == key
    assert not TOTPDevice.objects.filter(user=personas.case_manager_a).exists()


def test_when_mfa_is_required_sign_in_leads_to_enrolment_first(personas, settings, clock):
    settings.MFA_REQUIRED = True
    client = Client()
    response = sign_in(client, "officer")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_setup"))
    for name in ("home", "password_change", "mfa_manage"):
        blocked = client.get(reverse(name))
        assert blocked.status_code == 302
        assert blocked.url.startswith(reverse("mfa_setup")), name
    assert client.get(reverse("mfa_verify")).url.startswith(reverse("mfa_setup"))

    _, done, _ = enrol(client)
    assert done.status_code == 200
    assert client.get(HOME).status_code == 200


def test_when_mfa_is_not_required_an_account_without_it_signs_in_directly(personas, settings):
    settings.MFA_REQUIRED = False
    client = Client()
    assert sign_in(client, "officer").url == HOME
    assert client.get(HOME).status_code == 200


def test_an_enrolled_account_must_enter_a_code_after_its_password(personas, clock):
    key = enrolled(personas.officer, clock)
    client = Client()
    response = sign_in(client, "officer")
    assert response.url.startswith(reverse("mfa_verify"))
    assert client.get(HOME).url.startswith(reverse("mfa_verify"))
    # Without the second step nobody can swap the authenticator for their own.
    assert client.get(reverse("mfa_setup")).url.startswith(reverse("mfa_verify"))

    refused = client.post(reverse("mfa_verify"), {"code": "000000"})
    assert "not valid" in refused.content.decode()
    assert AuditEvent.objects.filter(action="mfa.verify", outcome="failed").exists()
    clock.shift(timedelta(seconds=3))  # past django-otp's back-off after a failure

    ok = client.post(reverse("mfa_verify"), {"code": code_for(key), "next": HOME})
    assert ok.status_code == 302 and ok.url == HOME
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="mfa.verify.totp").exists()


def test_a_totp_code_is_accepted_only_once(personas, clock):
    key = enrolled(personas.officer, clock)
    code = code_for(key)
    first = Client()
    sign_in(first, "officer")
    assert first.post(reverse("mfa_verify"), {"code": code}).status_code == 302

    second = Client()
    sign_in(second, "officer")
    replay = second.post(reverse("mfa_verify"), {"code": code})
    assert replay.status_code == 200
    assert "already been used" in replay.content.decode()
    assert second.get(HOME).status_code == 302


def test_the_code_used_to_enrol_cannot_also_sign_in(personas, clock):
    client = Client()
    sign_in(client, "officer")
    _, _, key = enrol(client)
    other = Client()
    sign_in(other, "officer")
    assert other.post(reverse("mfa_verify"), {"code": code_for(key)}).status_code == 200


def test_a_recovery_code_signs_in_once(personas, clock):
    enrolled(personas.officer, clock)
    code = StaticToken.objects.filter(device__user=personas.officer).first().token
    first = Client()
    sign_in(first, "officer")
    assert first.post(reverse("mfa_verify"), {"code": code.upper()}).status_code == 302
    assert first.get(HOME).status_code == 200
    assert mfa_services.mfa_recovery_codes_left(personas.officer) == 9

    clock.shift(timedelta(seconds=3))
    second = Client()
    sign_in(second, "officer")
    assert second.post(reverse("mfa_verify"), {"code": code}).status_code == 200
    assert second.get(HOME).status_code == 302


def test_enrolling_ends_the_accounts_other_sessions(personas, clock):
    elsewhere = Client()
    elsewhere.force_login(personas.officer)
    assert elsewhere.get(HOME).status_code == 200
    client = Client()
    sign_in(client, "officer")
    enrol(client)
    assert client.get(HOME).status_code == 200
    assert elsewhere.get(HOME).status_code == 302
    assert UserSession.objects.filter(user=personas.officer).count() == 1


def test_changing_the_password_ends_the_accounts_other_sessions(personas):
    elsewhere = Client()
    elsewhere.force_login(personas.officer)
    client = Client()
    sign_in(client, "officer")
    new_password = "a much longer river stone"
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert client.get(HOME).status_code == 200
    assert UserSession.objects.filter(user=personas.officer).count() == 1
    assert elsewhere.get(HOME).status_code == 302


def test_new_recovery_codes_need_the_password(personas, clock):
    enrolled(personas.officer, clock)
    old = set(StaticToken.objects.values_list("token", flat=True))
    client = past_second_step(personas.officer)

    refused = client.post(reverse("mfa_recovery_codes"), {"password": "not the password"})
    assert "That is not your password." in refused.content.decode()
    assert set(StaticToken.objects.values_list("token", flat=True)) == old

    fresh = client.post(reverse("mfa_recovery_codes"), {"password": PASSWORD})
    assert fresh.status_code == 200
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and not new & old


def test_turning_mfa_off_needs_the_password_and_is_refused_where_required(
    personas, settings, clock
):
    enrolled(personas.officer, clock)
    client = past_second_step(personas.officer)

    client.post(reverse("mfa_remove"), {"password": "not the password"})
    assert mfa_services.mfa_is_enrolled(personas.officer)

    settings.MFA_REQUIRED = True
    required = client.post(reverse("mfa_remove"), {"password": PASSWORD})
    assert "cannot be turned off" in required.content.decode()
    assert mfa_services.mfa_is_enrolled(personas.officer)

    settings.MFA_REQUIRED = False
    client.post(reverse("mfa_remove"), {"password": PASSWORD})
    assert not mfa_services.mfa_is_enrolled(personas.officer)
    assert AuditEvent.objects.filter(action="mfa.remove").exists()


def test_admin_resets_a_lost_authenticator(personas, client_for, clock):
    enrolled(personas.officer, clock)
    officer = client_for("officer")
    response = client_for("admin").post(reverse("user_mfa_reset", args=[personas.officer.pk]))
    assert response.status_code == 302
    assert not mfa_services.mfa_is_enrolled(personas.officer)
    assert officer.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action="user.mfa_reset", actor=personas.admin).exists()


def test_officer_cannot_reset_anyones_mfa(personas, client_for, clock):
    enrolled(personas.prosecutor, clock)
    response = client_for("officer").post(reverse("user_mfa_reset", args=[personas.prosecutor.pk]))
    assert response.status_code == 403
    assert mfa_services.mfa_is_enrolled(personas.prosecutor)
