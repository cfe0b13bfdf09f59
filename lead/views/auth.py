from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy

from lead import audit, services
from lead.forms import BannerAuthenticationForm
from lead.mfa_services import MFA_ENROL, MFA_SESSION_KEY, MFA_VERIFY
from lead.middleware import start_session_clocks
from lead.models import AuditOutcome, SiteSettings


class LoginView(auth_views.LoginView):
    form_class = BannerAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["banner"] = SiteSettings.load().login_banner
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        start_session_clocks(self.request.session)
        audit.record(actor=form.get_user(), action="auth.login", obj=form.get_user())
        # The password was the first step; the second comes before any other page.
        state = self.request.session.get(MFA_SESSION_KEY)
        if state == MFA_VERIFY:
            return redirect_to_login(self.get_success_url(), reverse("mfa_verify"))
        if state == MFA_ENROL:
            return redirect_to_login(self.get_success_url(), reverse("mfa_setup"))
        return response

    def form_invalid(self, form):
        if form.data.get("username") and "__all__" in form.errors:
            audit.record(
                actor=None,
                action="auth.login",
                object_type="lead.user",
                object_id=form.data["username"][:40],
                outcome=AuditOutcome.FAILED,
            )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.record(actor=request.user, action="auth.logout", obj=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        user = services.user_password_change(
            form=form, keep_session_key=self.request.session.session_key
        )
        # Keeps this session signed in under a new key; the others were ended above.
        update_session_auth_hash(self.request, user)
        messages.success(
            self.request, "Your password has been changed. Your other sessions were signed out."
        )
        return HttpResponseRedirect(self.get_success_url())
