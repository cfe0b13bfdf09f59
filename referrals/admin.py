from django.contrib import admin

from lead.admin_site import AdminRoleOnly
from referrals.models import ReasonCode


@admin.register(ReasonCode)
class ReasonCodeAdmin(AdminRoleOnly, admin.ModelAdmin):
    """Sites extend the reviewer's reason codes here; retire one by unticking is_active."""

    list_display = ["label", "code", "applies_to", "is_active", "sort_order"]
    list_filter = ["applies_to", "is_active"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["label", "code"]

    def has_delete_permission(self, request, obj=None):
        # Past decisions cite their reasons; retire a code instead of deleting it.
        return False
