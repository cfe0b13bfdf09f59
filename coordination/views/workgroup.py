from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from coordination.forms import ActionItemForm, AgendaItemForm, MeetingForm
from coordination.models import ActionItem, AgendaItem, AgendaSection, Meeting
from coordination.selectors.agenda import agenda_for, carried_over_action_items
from coordination.selectors.scope import get_meeting_for
from coordination.services.workgroup import (
    action_item_create,
    action_item_done,
    agenda_generate,
    agenda_item_record,
    meeting_schedule,
)
from lead.access import Action, can, check, require


@require(Action.VIEW_WORKGROUP)
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user)
    page = Paginator(meetings, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/meeting_list.html",
        {"page": page, "can_manage": can(request.user, Action.MANAGE_WORKGROUP)},
    )


@require(Action.MANAGE_WORKGROUP)
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = meeting_schedule(scheduled_by=request.user, **form.cleaned_data)
        messages.success(request, "Meeting scheduled.")
        return redirect("coordination:meeting_detail", pk=meeting.pk)
    return render(request, "coordination/meeting_form.html", {"form": form})


def _sections(user, meeting):
    items = agenda_for(user, meeting)
    grouped = []
    for value, label in AgendaSection.choices:
        rows = [i for i in items if i.section == value]
        if rows or value != AgendaSection.OTHER:
            grouped.append((label, rows))
    return grouped


def _meeting_context(request, meeting, *, action_form=None):
    manage = can(request.user, Action.MANAGE_WORKGROUP)
    context = {
        "meeting": meeting,
        "sections": _sections(request.user, meeting),
        "carried_over": carried_over_action_items(meeting, request.user),
        "manage": manage,
        "attendees": meeting.attendees.select_related("agency"),
    }
    if manage:
        context["action_items"] = meeting.action_items.select_related("owner", "agenda_item")
        context["action_form"] = action_form or ActionItemForm(meeting=meeting)
    return context


def meeting_detail(request, pk):
    meeting = get_meeting_for(request.user, pk)
    return render(request, "coordination/meeting_detail.html", _meeting_context(request, meeting))


@require_POST
def agenda_generate_view(request, pk):
    meeting = get_meeting_for(request.user, pk)
    check(request.user, Action.MANAGE_WORKGROUP)
    try:
        agenda_generate(meeting=meeting, generated_by=request.user)
        messages.success(request, "Agenda generated from the current data.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("coordination:meeting_detail", pk=meeting.pk)


@require_POST
def agenda_item_update(request, pk, item_pk):
    meeting = get_meeting_for(request.user, pk)
    check(request.user, Action.MANAGE_WORKGROUP)
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_pk).first()
    if item is None:
        raise Http404("No agenda item matches the given query.")
    form = AgendaItemForm(request.POST, instance=item)
    status = 200
    if form.is_valid():
        try:
            item = agenda_item_record(
                item=item,
                recorded_by=request.user,
                notes=form.cleaned_data["notes"],
                decision=form.cleaned_data["decision"],
                version=form.cleaned_data["version"],
            )
            form = None
        except ValidationError as error:
            form.add_error(None, error)
            status = 409
    else:
        status = 400
    if request.htmx:
        item.refresh_from_db()
        return render(
            request,
            "coordination/_agenda_item.html",
            {"item": item, "manage": True, "form": form, "saved": form is None},
            status=status,
        )
    if status != 200:
        messages.error(request, "Not saved: " + " ".join(form.non_field_errors() or ["check"]))
    return redirect("coordination:meeting_detail", pk=meeting.pk)


@require_POST
def action_item_add(request, pk):
    meeting = get_meeting_for(request.user, pk)
    check(request.user, Action.MANAGE_WORKGROUP)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        action_item_create(
            meeting=meeting,
            created_by=request.user,
            submission_token=data.pop("token"),
            **data,
        )
        messages.success(request, "Action item added.")
        return redirect("coordination:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "coordination/meeting_detail.html",
        _meeting_context(request, meeting, action_form=form),
        status=400,
    )


@require_POST
def action_item_close(request, pk):
    check(request.user, Action.MANAGE_WORKGROUP)
    item = ActionItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("No action item matches the given query.")
    action_item_done(item=item, done_by=request.user)
    return redirect("coordination:meeting_detail", pk=item.meeting_id)


def _minutes_context(request, meeting):
    check(request.user, Action.MANAGE_WORKGROUP)
    return {
        "meeting": meeting,
        "sections": _sections(request.user, meeting),
        "action_items": meeting.action_items.select_related("owner"),
        "carried_over": carried_over_action_items(meeting),
        "attendees": meeting.attendees.select_related("agency"),
    }


def meeting_minutes(request, pk):
    meeting = get_meeting_for(request.user, pk)
    return render(request, "coordination/minutes.html", _minutes_context(request, meeting))


def meeting_minutes_download(request, pk):
    meeting = get_meeting_for(request.user, pk)
    text = render_to_string("coordination/minutes.txt", _minutes_context(request, meeting))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    # The date people know the meeting by is the site's, not UTC's (an evening meeting in
    # the Americas is already the next day in UTC).
    meeting_day = timezone.localtime(meeting.scheduled_for).date()
    filename = f"workgroup-minutes-{meeting_day:%Y-%m-%d}-{meeting.pk}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
