from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from lead.admin_site import AdminRoleOnly
from lead.models import Agency, AuditEvent, User


@admin.register(Agency)
class AgencyAdmin(AdminRoleOnly, admin.ModelAdmin):
    list_display = ["name", "agency_type", "area", "is_active"]
    list_filter = ["agency_type", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(AdminRoleOnly, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "agency", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "phone"]}),
        ("Role", {"fields": ["role", "agency", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "role", "agency"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(AuditEvent)
class AuditEventAdmin(AdminRoleOnly, admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "participant_id",
        "outcome",
    ]
    list_filter = ["outcome", "action"]
    search_fields = ["actor_username", "=participant_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
