"""One access path per object type: out of scope is a 404, a role without the action a 403."""

from django.http import Http404

from coordination.models import Consultation, LegalEvent, Meeting
from lead.access import Action, check


def get_legal_event_for(user, pk: int) -> LegalEvent:
    event = LegalEvent.objects.visible_to(user).select_related("agency").filter(pk=pk).first()
    if event is None:
        raise Http404("No legal event matches the given query.")
    check(user, Action.VIEW_LEGAL_EVENTS)
    return event


def get_consultation_for(user, pk: int) -> Consultation:
    consultation = (
        Consultation.objects.visible_to(user)
        .select_related(
            "legal_event__agency", "opened_by", "answered_by", "decided_by", "prosecutor_agency"
        )
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404("No consultation matches the given query.")
    check(user, Action.VIEW_CONSULTATIONS)
    return consultation


def get_meeting_for(user, pk: int) -> Meeting:
    meeting = Meeting.objects.visible_to(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404("No meeting matches the given query.")
    check(user, Action.VIEW_WORKGROUP)
    return meeting


def consultation_answer_time(consultations) -> dict:
    """Answered count and average time from opening to the care team's answer: a report
    measure of how quickly the care team answers prosecutors."""
    from django.db.models import Avg, Count, F

    answered = consultations.filter(answered_at__isnull=False)
    return answered.aggregate(answered=Count("id"), average=Avg(F("answered_at") - F("opened_at")))
