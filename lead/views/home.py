from django.db.models import Count
from django.shortcuts import render

from lead.roles import Role
from participants.models import Participant, ParticipantStatus
from participants.selectors import participant_list_for
from referrals.home import referral_home_context


def home(request):
    """Each role lands on its own home page."""
    user = request.user
    context = {}
    if user.role in (Role.CASE_MANAGER, Role.SUPERVISOR):
        context["participants"] = participant_list_for(user).exclude(
            status=ParticipantStatus.EXITED
        )
    if user.role in (Role.OFFICER, Role.PROSECUTOR):
        context.update(referral_home_context(user))
    if user.role == Role.PROGRAM_MANAGER:
        counts = dict(
            Participant.objects.visible_to(user)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        context["status_counts"] = [
            (label, counts.get(value, 0)) for value, label in ParticipantStatus.choices
        ]
    return render(request, f"lead/home/{user.role}.html", context)
