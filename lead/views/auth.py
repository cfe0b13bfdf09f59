from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from lead import audit
from lead.forms import BannerAuthenticationForm
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
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action="auth.password_change", obj=self.request.user)
        messages.success(self.request, "Your password has been changed.")
        return response
