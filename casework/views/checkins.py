from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from casework import selectors, services
from casework.forms import CheckInForm
from casework.models import CheckIn
from casework.views.common import add_service_errors
from lead import audit


def checkin(request, pk):
    participant = selectors.get_casework_participant(request.user, pk, write=True)
    initial, source = selectors.checkin_initial(participant)
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_record(
                participant=participant, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, "Monthly check-in recorded.")
            return redirect("participants:detail", pk=participant.pk)
    audit.record_view(
        actor=request.user, action="checkin.create_form_view", participant_id=participant.pk
    )
    history = CheckIn.objects.filter(participant=participant).order_by("-month")[:6]
    return render(
        request,
        "casework/checkin.html",
        {"participant": participant, "form": form, "source": source, "history": history},
    )
