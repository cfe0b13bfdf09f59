from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse

from lead.roles import Role


class LeadAdminSite(admin.AdminSite):
    """Django admin, for the admin role only. Clinical models are never registered here."""

    site_header = "LEAD administration"
    site_title = "LEAD administration"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and user.role == Role.ADMIN

    def login(self, request, extra_context=None):
        # One sign-in page for everyone, with the banner, lockout and audit.
        return redirect(
            f"{reverse('login')}?next={request.GET.get('next', reverse('admin:index'))}"
        )


class LeadAdminConfig(AdminConfig):
    default_site = "lead.admin_site.LeadAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Roles replace Django's groups and per-model permissions.
        admin.site.unregister(Group)
        # Authenticator secrets and recovery codes are nobody's to read; admins reset them
        # from the Users page instead.
        admin.site.unregister(TOTPDevice)
        admin.site.unregister(StaticDevice)


class AdminRoleOnly:
    """ModelAdmin permissions by role rather than Django's per-model permissions."""

    def _is_admin(self, request):
        return request.user.is_active and request.user.role == Role.ADMIN

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False
