from django.core.paginator import Paginator
from django.shortcuts import render

from lead.access import Action, require
from lead.filters import AuditEventFilter
from lead.models import AuditEvent


@require(Action.VIEW_AUDIT_LOG)
def audit_log(request):
    # Usernames and participant ids are not clinical, so the filter may travel in the URL.
    event_filter = AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.all())
    events = event_filter.qs if event_filter.is_bound else AuditEvent.objects.all()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "lead/audit_log.html",
        {"filter": event_filter, "page": page, "query": query.urlencode()},
    )
