from django.core.paginator import Paginator
from django.shortcuts import render

from lead import audit
from lead.access import Action, require
from participants.selectors import get_participant_for, participant_list_for


@require(Action.VIEW_PARTICIPANTS)
def participant_list(request):
    page = Paginator(participant_list_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "participants/list.html", {"page": page})


def participant_detail(request, pk):
    participant = get_participant_for(request.user, pk)
    audit.record(
        actor=request.user,
        action="participant.view",
        obj=participant,
        participant_id=participant.pk,
    )
    care_team = participant.care_team.select_related("user").order_by("-is_primary", "added_at")
    history = participant.status_changes.select_related("changed_by")[:20]
    return render(
        request,
        "participants/detail.html",
        {"participant": participant, "care_team": care_team, "history": history},
    )
