"""The app's URLs plus a bench-only admin site, the peer the participant search is held to.

Participant is not registered in the project's Django admin, so the harness registers it here,
on a separate AdminSite that only benchmark processes load, with the search a stock changelist
would offer: `icontains` over the three name fields.
"""

from django.contrib import admin
from django.urls import include, path

from participants.models import Participant


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark peer"

    def has_permission(self, request):
        # The peer is timed as the same persona as the participant search.
        return request.user.is_active and request.user.is_authenticated


class ParticipantPeerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "preferred_name", "date_of_birth", "status"]
    search_fields = ["first_name", "last_name", "preferred_name"]
    list_per_page = 20

    def has_view_permission(self, request, obj=None):
        return True

    def has_module_permission(self, request):
        return True


bench_site = BenchAdminSite(name="bench_admin")
bench_site.register(Participant, ParticipantPeerAdmin)

urlpatterns = [
    path("bench-admin/", bench_site.urls),
    path("", include("lead.urls")),
]
