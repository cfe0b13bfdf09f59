from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from casework import selectors, services
from casework.forms import ContactForm, VoidForm
from casework.views.common import add_service_errors
from lead import audit


def _contact_form(request, participant, data=None):
    return ContactForm(
        data,
        participant=participant,
        user=request.user,
        initial=selectors.contact_defaults(request.user),
    )


def _render_section(request, participant, form, *, logged=None):
    context = selectors.participant_section(request.user, participant) | {
        "participant": participant,
        "contact_form": form,
        "logged": logged,
    }
    return render(request, "casework/_section.html", context)


def section(request, pk):
    """The casework part of the participant page, which loads it with htmx."""
    participant = selectors.get_casework_participant(request.user, pk)
    audit.record(
        actor=request.user, action="casework.view", obj=participant, participant_id=participant.pk
    )
    return _render_section(request, participant, _contact_form(request, participant))


def contact_create(request, pk):
    """Log a contact. From the participant page (htmx) the section comes back in place."""
    participant = selectors.get_casework_participant(request.user, pk, write=True)
    form = _contact_form(request, participant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.contact_log(participant=participant, logged_by=request.user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            if request.htmx:
                fresh = _contact_form(request, participant)
                return _render_section(request, participant, fresh, logged=contact)
            messages.success(request, "Contact logged.")
            return redirect("participants:detail", pk=participant.pk)
    audit.record_view(
        actor=request.user, action="contact.create_form_view", participant_id=participant.pk
    )
    if request.htmx:
        return _render_section(request, participant, form)
    return render(request, "casework/contact_form.html", {"participant": participant, "form": form})


def contact_list(request, pk):
    participant = selectors.get_casework_participant(request.user, pk)
    audit.record(
        actor=request.user, action="contact.list", obj=participant, participant_id=participant.pk
    )
    page = Paginator(selectors.contacts_for(request.user, participant), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/contacts.html", {"participant": participant, "page": page})


def contact_void(request, pk):
    contact = selectors.get_contact_for(request.user, pk, write=True)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_void(
                contact=contact, voided_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, "Contact voided. It stays in the record, marked void.")
            return redirect(reverse("casework:contacts", args=[contact.participant_id]))
    audit.record_view(
        actor=request.user,
        action="contact.void_form_view",
        participant_id=contact.participant_id,
        obj=contact,
    )
    return render(
        request,
        "casework/contact_void.html",
        {"contact": contact, "participant": contact.participant, "form": form},
    )
