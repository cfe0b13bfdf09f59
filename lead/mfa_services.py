"""Two-step sign-in: enrolment, verification and recovery codes (django-otp devices).

Each account has at most one authenticator (a TOTPDevice) and one set of recovery codes (a
StaticDevice). A TOTP code is accepted once only: django-otp remembers the last time step it
accepted and refuses that step and earlier ones. Recovery codes are deleted as they are used.
"""

import time
from binascii import unhexlify

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from lead import audit
from lead.models import AuditOutcome, User
from lead.services import end_sessions

# Values of the session's MFA state, decided once at sign-in (see lead.signals).
MFA_OK = "ok"
MFA_VERIFY = "verify"
MFA_ENROL = "enrol"
MFA_SESSION_KEY = "lead_mfa"


def mfa_state_for(user: User) -> str:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return MFA_VERIFY
    return MFA_ENROL if settings.MFA_REQUIRED else MFA_OK


def mfa_is_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_totp_key() -> str:
    return random_hex(20)


def totp_config_url(*, user: User, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url


def _step_accepting(key: str, code: str) -> int | None:
    """The TOTP time step at which `code` is valid for `key` (one step of clock drift)."""
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return None
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1):
        return totp.t()
    return None


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def mfa_enrol(*, user: User, key: str, code: str, keep_session_key: str | None) -> list[str] | None:
    """Replaces the account's authenticator with `key` once `code` proves the app has it.

    Returns the new recovery codes, or None when the code is wrong. Every other session of the
    account ends, since whoever holds one may not hold the new authenticator.
    """
    step = _step_accepting(key, code)
    if step is None:
        audit.record(actor=user, action="mfa.enrol", obj=user, outcome=AuditOutcome.FAILED)
        return None
    TOTPDevice.objects.filter(user=user).delete()
    # last_t is the step just used, so the same code cannot also complete a sign-in.
    TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=key, confirmed=True, last_t=step
    )
    codes = _new_recovery_codes(user)
    end_sessions(user=user, keep_session_key=keep_session_key)
    audit.record(actor=user, action="mfa.enrol", obj=user)
    return codes


@transaction.atomic
def mfa_verify(*, user: User, code: str) -> bool:
    """Checks a sign-in code: a TOTP code (once only) or an unused recovery code."""
    code = code.strip().replace(" ", "").lower()
    totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    verified_by = None
    if totp is not None and code.isdigit() and totp.verify_token(code):
        verified_by = "totp"
    elif not code.isdigit():
        recovery = (
            StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        )
        if recovery is not None and recovery.verify_token(code):
            verified_by = "recovery_code"
    if verified_by is None:
        audit.record(actor=user, action="mfa.verify", obj=user, outcome=AuditOutcome.FAILED)
        return False
    audit.record(actor=user, action=f"mfa.verify.{verified_by}", obj=user)
    return True


@transaction.atomic
def mfa_recovery_codes_regenerate(*, user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record(actor=user, action="mfa.recovery_codes", obj=user)
    return codes


@transaction.atomic
def mfa_remove(*, user: User, keep_session_key: str | None) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    end_sessions(user=user, keep_session_key=keep_session_key)
    audit.record(actor=user, action="mfa.remove", obj=user)


@transaction.atomic
def mfa_reset(*, user: User, reset_by: User) -> None:
    """An admin clears a lost authenticator; the person enrols again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    end_sessions(user=user)
    audit.record(actor=reset_by, action="user.mfa_reset", obj=user)
