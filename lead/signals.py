"""Sign-in bookkeeping that must happen on every path into a session.

Every way of signing in (the login form, the test client's force_login, any future single
sign-on) goes through django.contrib.auth.login, so the account's two-step state is decided
here once per session instead of costing a query on every request.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from lead.mfa_services import MFA_SESSION_KEY, mfa_state_for


@receiver(user_logged_in, dispatch_uid="lead.mfa_state")
def remember_mfa_state(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[MFA_SESSION_KEY] = mfa_state_for(user)
