from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casework import selectors, services
from casework.models import Notification


def notifications(request):
    items = Notification.objects.visible_to(request.user).order_by("done_at", "-created_at", "-id")[
        :100
    ]
    return render(request, "casework/notifications.html", {"items": items})


@require_POST
def notification_done(request, pk):
    notification = selectors.get_notification_for(request.user, pk)
    services.notification_mark_done(notification=notification, user=request.user)
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("casework:notifications")
