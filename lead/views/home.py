from django.db.models import Count
from django.shortcuts import render

from casework.selectors import case_manager_dashboard, supervisor_dashboard
from lead.roles import Role
from participants.models import Participant, ParticipantStatus
from referrals.home import referral_home_context


def home(request):
    """Each role lands on its own home page."""
    user = request.user
    context = {}
    if user.role == Role.CASE_MANAGER:
        context.update(case_manager_dashboard(user))
    if user.role == Role.SUPERVISOR:
        chosen = request.GET.get("case_manager", "")
        context.update(
            supervisor_dashboard(
                user,
                case_manager_id=int(chosen) if chosen.isdigit() else None,
                page=request.GET.get("page"),
            )
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
