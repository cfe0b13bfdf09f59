from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coordination.forms import ConsultationOpenForm, FlagClearForm, LegalEventForm
from coordination.models import LegalEvent
from coordination.selectors.partner import partner_participant_name
from coordination.selectors.scope import get_legal_event_for
from coordination.services.legal_events import filing_flag_clear, legal_event_record
from lead import audit
from lead.access import Action, check, require
from lead.roles import PARTNER_ROLES
from participants.models import Participant
from participants.selectors import get_participant_for


@require(Action.RECORD_LEGAL_EVENTS)
def legal_event_create(request, pk):
    """Partners record an event for a person whose release names their agency; anyone else
    is told the person does not exist."""
    name = partner_participant_name(user=request.user, participant_id=pk)
    if name is None:
        raise Http404("No participant matches the given query.")
    form = LegalEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = legal_event_record(
                recorded_by=request.user,
                participant=Participant(pk=pk),
                agency=request.user.agency,
                submission_token=data.pop("token"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Legal event recorded.")
            return redirect("coordination:legal_event_detail", pk=event.pk)
    # The page tells a partner this person is a participant: an audited partner view.
    audit.record_view(actor=request.user, action="partner.legal_event_form_view", participant_id=pk)
    return render(
        request, "coordination/legal_event_form.html", {"form": form, "participant_name": name}
    )


@require(Action.VIEW_LEGAL_EVENTS)
def legal_event_list(request):
    events = LegalEvent.objects.visible_to(request.user).select_related("agency")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    partner = request.user.role in PARTNER_ROLES
    return render(request, "coordination/legal_event_list.html", {"page": page, "partner": partner})


def legal_event_detail(request, pk):
    event = get_legal_event_for(request.user, pk)
    consultations = event.consultations.visible_to(request.user).select_related("opened_by")
    return render(
        request,
        "coordination/legal_event_detail.html",
        {
            "event": event,
            "consultations": consultations,
            "open_form": ConsultationOpenForm(),
            "partner": request.user.role in PARTNER_ROLES,
        },
    )


@require_POST
def flag_clear(request, pk):
    participant = get_participant_for(request.user, pk)
    check(request.user, Action.CLEAR_FILING_FLAG)
    form = FlagClearForm(request.POST)
    if form.is_valid():
        try:
            filing_flag_clear(
                participant=participant,
                cleared_by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "The coordinate-before-filing flag is cleared.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Say why the flag is cleared.")
    return redirect("participants:detail", pk=participant.pk)
