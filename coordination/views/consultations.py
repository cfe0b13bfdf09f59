from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coordination.forms import (
    ConsultationAnswerForm,
    ConsultationDecideForm,
    ConsultationOpenForm,
)
from coordination.models import Consultation
from coordination.selectors.scope import (
    consultation_answer_time,
    get_consultation_for,
    get_legal_event_for,
)
from coordination.services.consultations import (
    consultation_answer,
    consultation_decide,
    consultation_open,
)
from lead.access import Action, can, check, require
from lead.roles import Role


@require_POST
def consultation_create(request, pk):
    event = get_legal_event_for(request.user, pk)
    check(request.user, Action.OPEN_CONSULTATIONS)
    form = ConsultationOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The question is too long.")
        return redirect("coordination:legal_event_detail", pk=event.pk)
    consultation = consultation_open(
        legal_event=event, opened_by=request.user, question=form.cleaned_data["question"]
    )
    messages.success(request, "Consultation opened; the care team has been asked.")
    return redirect("coordination:consultation_detail", pk=consultation.pk)


@require(Action.VIEW_CONSULTATIONS)
def consultation_list(request):
    consultations = (
        Consultation.objects.visible_to(request.user)
        .select_related("legal_event", "prosecutor_agency")
        .order_by("decided_at", "-opened_at")
    )
    page = Paginator(consultations, 50).get_page(request.GET.get("page"))
    measure = consultation_answer_time(Consultation.objects.visible_to(request.user))
    return render(
        request, "coordination/consultation_list.html", {"page": page, "measure": measure}
    )


def _detail(request, consultation, *, answer_form=None, decide_form=None, status=200):
    user = request.user
    can_answer = can(user, Action.ANSWER_CONSULTATIONS) and consultation.state == "open"
    can_decide = user.role == Role.PROSECUTOR and consultation.state != "decided"
    return render(
        request,
        "coordination/consultation_detail.html",
        {
            "consultation": consultation,
            "answer_form": (answer_form or ConsultationAnswerForm()) if can_answer else None,
            "decide_form": (decide_form or ConsultationDecideForm()) if can_decide else None,
        },
        status=status,
    )


def consultation_detail(request, pk):
    return _detail(request, get_consultation_for(request.user, pk))


@require_POST
def consultation_answer_view(request, pk):
    consultation = get_consultation_for(request.user, pk)
    check(request.user, Action.ANSWER_CONSULTATIONS)
    form = ConsultationAnswerForm(request.POST)
    if form.is_valid():
        try:
            consultation_answer(
                consultation=consultation, answered_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Answer sent to the prosecutor.")
            return redirect("coordination:consultation_detail", pk=consultation.pk)
    consultation.refresh_from_db()
    return _detail(request, consultation, answer_form=form, status=400)


@require_POST
def consultation_decide_view(request, pk):
    consultation = get_consultation_for(request.user, pk)
    check(request.user, Action.OPEN_CONSULTATIONS)
    form = ConsultationDecideForm(request.POST)
    if form.is_valid():
        try:
            consultation_decide(
                consultation=consultation, decided_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("coordination:consultation_detail", pk=consultation.pk)
    consultation.refresh_from_db()
    return _detail(request, consultation, decide_form=form, status=400)
