"""htmx fragments that other apps' pages load: the coordination section of a participant's
page and the coordination part of the prosecutor's queue."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from coordination.forms import FlagClearForm
from coordination.models import Consultation, FilingFlag, LegalEvent
from lead import audit
from lead.access import Action, can, require
from participants.selectors import get_participant_for

NEW_EVENT_DAYS = 14


def participant_section(request, pk):
    participant = get_participant_for(request.user, pk)
    audit.record_view(actor=request.user, action="coordination.view", participant_id=participant.pk)
    events = LegalEvent.objects.filter(participant=participant).select_related("agency")[:20]
    consultations = Consultation.objects.filter(participant=participant).select_related(
        "legal_event"
    )[:20]
    flag = (
        FilingFlag.objects.raised()
        .filter(participant=participant)
        .select_related("raised_by_event")
        .first()
    )
    return render(
        request,
        "coordination/_participant_section.html",
        {
            "participant": participant,
            "events": events,
            "consultations": consultations,
            "flag": flag,
            "flag_up": participant.coordinate_before_filing,
            "can_clear": can(request.user, Action.CLEAR_FILING_FLAG),
            "clear_form": FlagClearForm(),
        },
    )


@require(Action.OPEN_CONSULTATIONS)
def prosecutor_queue(request):
    user = request.user
    since = timezone.now() - timedelta(days=NEW_EVENT_DAYS)
    events = (
        LegalEvent.objects.filter(created_at__gte=since)
        .select_related("agency")
        .newest_visible_to(user, 25)
    )
    consultations = (
        Consultation.objects.visible_to(user)
        .open()
        .select_related("legal_event")
        .order_by("opened_at")[:25]
    )
    return render(
        request,
        "coordination/_prosecutor_queue.html",
        {"events": events, "consultations": consultations},
    )
