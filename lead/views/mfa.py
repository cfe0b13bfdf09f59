"""Two-step sign-in pages: enrol an authenticator, enter a code, manage recovery codes."""

from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from lead import mfa_services
from lead.forms import MFASetupForm, MFAVerifyForm, PasswordConfirmForm
from lead.mfa_services import MFA_OK, MFA_SESSION_KEY

PENDING_KEY = "lead_mfa_pending_key"


def _safe_next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _mark_verified(request):
    request.session[MFA_SESSION_KEY] = MFA_OK
    # A new session key once the second step is done, as at any change of privilege.
    request.session.cycle_key()


@never_cache
@sensitive_post_parameters("password", "code")
def mfa_setup(request):
    """Enrols (or replaces) the authenticator; the same page serves forced and chosen enrolment."""
    key = request.session.get(PENDING_KEY)
    if key is None:
        key = request.session[PENDING_KEY] = mfa_services.new_totp_key()
    form = MFASetupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        codes = mfa_services.mfa_enrol(
            user=request.user,
            key=key,
            code=form.cleaned_data["code"],
            keep_session_key=request.session.session_key,
        )
        if codes is not None:
            del request.session[PENDING_KEY]
            _mark_verified(request)
            return render(
                request,
                "registration/mfa_recovery_codes.html",
                {"codes": codes, "next": _safe_next(request), "enrolled": True},
            )
        form.add_error("code", "That code did not match. Check the app's clock and try again.")
    config_url = mfa_services.totp_config_url(user=request.user, key=key)
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "qr_data_uri": segno.make(config_url, error="m").svg_data_uri(scale=4, border=2),
            "manual_key": _grouped(_base32(key)),
            "required": settings.MFA_REQUIRED,
            "replacing": mfa_services.mfa_is_enrolled(request.user),
            "next": _safe_next(request, default=""),
        },
    )


@never_cache
@sensitive_post_parameters("code")
def mfa_verify(request):
    form = MFAVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa_services.mfa_verify(user=request.user, code=form.cleaned_data["code"]):
            _mark_verified(request)
            return redirect(_safe_next(request))
        form.add_error("code", "That code is not valid, or has already been used.")
    return render(
        request, "registration/mfa_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


def mfa_manage(request, form=None):
    return render(
        request,
        "registration/mfa_manage.html",
        {
            "form": form or PasswordConfirmForm(user=request.user),
            "enrolled": mfa_services.mfa_is_enrolled(request.user),
            "codes_left": mfa_services.mfa_recovery_codes_left(request.user),
            "required": settings.MFA_REQUIRED,
        },
    )


@require_POST
@sensitive_post_parameters("password")
def mfa_recovery_codes(request):
    form = PasswordConfirmForm(request.POST, user=request.user)
    if form.is_valid() and mfa_services.mfa_is_enrolled(request.user):
        codes = mfa_services.mfa_recovery_codes_regenerate(user=request.user)
        return render(request, "registration/mfa_recovery_codes.html", {"codes": codes})
    return mfa_manage(request, form)


@require_POST
@sensitive_post_parameters("password")
def mfa_remove(request):
    form = PasswordConfirmForm(request.POST, user=request.user)
    if settings.MFA_REQUIRED:
        form.add_error(None, "Two-step sign-in is required here and cannot be turned off.")
    if form.is_valid():
        mfa_services.mfa_remove(user=request.user, keep_session_key=request.session.session_key)
        messages.success(request, "Two-step sign-in is off for your account.")
        return redirect("mfa_manage")
    return mfa_manage(request, form)


def _base32(hex_key: str) -> str:
    return b32encode(unhexlify(hex_key)).decode()


def _grouped(text: str) -> str:
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
