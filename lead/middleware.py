from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from lead import audit
from lead.mfa_services import MFA_ENROL, MFA_OK, MFA_SESSION_KEY, MFA_VERIFY, mfa_state_for

SESSION_STARTED = "lead_session_started"
SESSION_LAST_SEEN = "lead_session_last_seen"


class SessionTimeoutMiddleware:
    """Ends a session on the server after the idle limit or the absolute limit.

    Both clocks live in the session itself, so a stolen cookie is no use once they run out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            started = _read_time(request.session.get(SESSION_STARTED)) or now
            last_seen = _read_time(request.session.get(SESSION_LAST_SEEN)) or now
            idle_limit = timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES)
            absolute_limit = timedelta(hours=settings.SESSION_ABSOLUTE_TIMEOUT_HOURS)
            if now - last_seen > idle_limit or now - started > absolute_limit:
                user = request.user
                audit.record(actor=user, action="session.timeout", obj=user)
                logout(request)
                messages.info(request, "Your session ended. Please sign in again.")
            else:
                request.session[SESSION_STARTED] = started.isoformat()
                request.session[SESSION_LAST_SEEN] = now.isoformat()
        return self.get_response(request)


def start_session_clocks(session) -> None:
    """Called at sign-in: the absolute limit counts from here, not from the next request."""
    now = timezone.now().isoformat()
    session[SESSION_STARTED] = now
    session[SESSION_LAST_SEEN] = now


def _read_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class AuditContextMiddleware:
    """Makes the client IP and request path available to audit.record()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.set_request_context(
            audit.RequestContext(ip=request.META.get("REMOTE_ADDR"), path=request.path)
        )
        try:
            return self.get_response(request)
        finally:
            audit.reset_request_context(token)


class NoStoreMiddleware:
    """Signed-in pages may show participant data, so no browser or proxy may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class MFAMiddleware:
    """Until the second sign-in step is done, a session reaches only that step and sign-out."""

    ALLOWED = {MFA_VERIFY: {"mfa_verify", "logout"}, MFA_ENROL: {"mfa_setup", "logout"}}
    TARGET = {MFA_VERIFY: "mfa_verify", MFA_ENROL: "mfa_setup"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        state = request.session.get(MFA_SESSION_KEY)
        if state is None:
            # Sessions are stamped at sign-in (lead.signals); this covers any that were not.
            state = request.session[MFA_SESSION_KEY] = mfa_state_for(request.user)
        if state == MFA_OK:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED.get(state, ()):
            return None
        return redirect_to_login(request.get_full_path(), reverse(self.TARGET[state]))


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
