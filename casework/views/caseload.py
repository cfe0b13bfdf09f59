from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casework import services
from casework.forms import ReassignForm, ServiceTypeForm
from casework.models import ServiceType
from casework.views.common import add_service_errors
from lead import audit
from lead.access import Action, check, require
from lead.models import SiteSettings, User
from lead.roles import Role
from participants.selectors import caseloads, get_participant_for


def reassign(request, pk):
    """A supervisor moves a participant to another case manager of the agency."""
    participant = get_participant_for(request.user, pk)
    check(request.user, Action.REASSIGN_CASELOAD)
    previous = participant.care_team.filter(is_primary=True).select_related("user").first()
    case_managers = User.objects.filter(
        agency_id=participant.agency_id, role=Role.CASE_MANAGER, is_active=True
    ).order_by("last_name", "first_name", "id")
    form = ReassignForm(
        request.POST or None,
        case_managers=case_managers,
        caseloads=caseloads(participant.agency),
    )
    if request.method == "POST" and form.is_valid():
        to_user = form.cleaned_data["to_user"]
        try:
            member = services.participant_reassign(
                participant=participant,
                reassigned_by=request.user,
                to_user=to_user,
                override_reason=form.cleaned_data["override_reason"],
                remove_previous=form.cleaned_data["remove_previous"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            warning = getattr(member, "caseload_warning", None)
            if warning is not None:
                messages.warning(request, str(warning))
            messages.success(request, f"{to_user} is now the primary case manager.")
            return redirect("home")
    audit.record_view(
        actor=request.user, action="participant.reassign_form_view", participant_id=participant.pk
    )
    return render(
        request,
        "casework/reassign.html",
        {
            "participant": participant,
            "previous": previous,
            "form": form,
            "site": SiteSettings.load(),
        },
    )


@require(Action.EDIT_SITE_SETTINGS)
def service_types(request):
    form = ServiceTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_type_add(added_by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, "Added to the list.")
            return redirect("casework:service_types")
    return render(
        request,
        "casework/service_types.html",
        {"form": form, "items": ServiceType.objects.all()},
    )


@require_POST
@require(Action.EDIT_SITE_SETTINGS)
def service_type_toggle(request, pk):
    item = ServiceType.objects.filter(pk=pk).first()
    if item is not None:
        services.service_type_set_active(
            service_type=item, changed_by=request.user, active=not item.is_active
        )
    return redirect("casework:service_types")
