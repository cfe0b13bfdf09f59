from django.contrib import admin
from django.urls import include, path

from lead.views import audit_log, auth, health, home, mfa, site_settings, users

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/mfa/", mfa.mfa_manage, name="mfa_manage"),
    path("accounts/mfa/setup/", mfa.mfa_setup, name="mfa_setup"),
    path("accounts/mfa/verify/", mfa.mfa_verify, name="mfa_verify"),
    path("accounts/mfa/recovery-codes/", mfa.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("accounts/mfa/remove/", mfa.mfa_remove, name="mfa_remove"),
    path("settings/", site_settings.site_settings, name="site_settings"),
    path("users/", users.user_list, name="users"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user_unlock"),
    path("users/<int:pk>/lock/", users.user_lock, name="user_lock"),
    path("users/<int:pk>/end-sessions/", users.user_end_sessions, name="user_end_sessions"),
    path("users/<int:pk>/reset-mfa/", users.user_mfa_reset, name="user_mfa_reset"),
    path("audit/", audit_log.audit_log, name="audit_log"),
    path(
        "audit/participants/<int:participant_id>/disclosures.csv",
        audit_log.disclosure_accounting,
        name="audit_disclosures",
    ),
    path("participants/", include("participants.urls")),
    path("referrals/", include("referrals.urls")),
    path("casework/", include("casework.urls")),
    path("coordination/", include("coordination.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
