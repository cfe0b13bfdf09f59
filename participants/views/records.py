"""The participant list, page, search, create and edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead import audit
from lead.access import Action, can, check, require
from lead.ratelimits import SEARCH, limited
from lead.roles import Role
from participants import services
from participants.forms import (
    AliasForm,
    ParticipantCreateForm,
    PersonForm,
    SearchForm,
    StatusForm,
)
from participants.models import Participant, ParticipantStatus
from participants.search import participant_search, participant_search_for_matching
from participants.selectors import (
    get_participant_for,
    participant_list_for,
    participant_page,
)
from participants.views.helpers import apply_errors


@require(Action.VIEW_PARTICIPANTS)
def participant_list(request):
    page = Paginator(participant_list_for(request.user), 50).get_page(request.GET.get("page"))
    may_search = can(request.user, Action.SEARCH_PARTICIPANTS) and can(
        request.user, Action.EDIT_PARTICIPANTS
    )
    return render(request, "participants/list.html", {"page": page, "may_search": may_search})


def participant_detail(request, pk):
    participant = get_participant_for(request.user, pk)
    audit.record(
        actor=request.user,
        action="participant.view",
        obj=participant,
        participant_id=participant.pk,
    )
    return render(request, "participants/detail.html", participant_page(request.user, participant))


@require(Action.SEARCH_PARTICIPANTS)
@limited(SEARCH, method="POST")
def participant_search_view(request):
    """Search terms come only by POST and are never put in a URL or a log."""
    form = SearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = participant_search(
            user=request.user,
            text=form.cleaned_data["text"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        audit.record(
            actor=request.user, action="participant.search", object_type="participants.participant"
        )
    template = "participants/_search_results.html" if request.htmx else "participants/search.html"
    return render(request, template, {"form": form, "results": results})


@require(Action.EDIT_PARTICIPANTS)
def participant_create(request):
    user = request.user
    check(user, Action.SEARCH_PARTICIPANTS)
    form = ParticipantCreateForm(request.POST or None)
    candidates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = Participant.objects.visible_to(user).filter(
            creation_token=data["creation_token"]
        )
        if existing:
            return redirect("participants:detail", existing[0].pk)
        if not data["confirm_new"]:
            candidates = participant_search_for_matching(
                user=user,
                text=f"{data['first_name']} {data['last_name']}",
                date_of_birth=data["date_of_birth"],
                limit=5,
            )
        if not candidates:
            created = _create(request, form)
            if created is not None:
                return redirect("participants:detail", created.pk)
    return render(
        request,
        "participants/create.html",
        {"form": form, "candidates": candidates, "visible_ids": _visible_ids(user, candidates)},
    )


def _visible_ids(user, candidates) -> set[int]:
    if not candidates:
        return set()
    return set(
        Participant.objects.visible_to(user)
        .filter(pk__in=[c.pk for c in candidates])
        .values_list("pk", flat=True)
    )


def _create(request, form):
    user = request.user
    data = dict(form.cleaned_data)
    aliases = form.alias_list()
    for extra in ("aliases", "confirm_new"):
        data.pop(extra)
    try:
        participant = services.participant_create(
            created_by=user, agency=user.agency, aliases=aliases, **data
        )
    except IntegrityError:
        # The same form sent twice at once: the first one made the record.
        existing = (
            Participant.objects.visible_to(user)
            .filter(creation_token=data["creation_token"])
            .first()
        )
        if existing is None:
            raise
        return existing
    except ValidationError as error:
        apply_errors(form, error)
        return None
    if user.role == Role.CASE_MANAGER:
        try:
            services.care_team_add(participant=participant, added_by=user, user=user, primary=True)
        except ValidationError:
            services.care_team_add(participant=participant, added_by=user, user=user)
            messages.warning(
                request,
                "Your caseload is past the site's limit, so you joined the team but not as "
                "primary case manager. A supervisor can assign the primary.",
            )
    messages.success(request, f"Record created for {participant.display_name}.")
    return participant


def participant_edit(request, pk):
    participant = get_participant_for(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if changes:
            try:
                services.participant_update(
                    participant=participant, updated_by=request.user, **changes
                )
            except ValidationError as error:
                apply_errors(form, error)
        if not form.errors:
            messages.success(request, "Record saved.")
            return redirect("participants:detail", participant.pk)
    audit.record_view(
        actor=request.user, action="participant.edit_form_view", participant_id=participant.pk
    )
    return render(request, "participants/edit.html", {"form": form, "participant": participant})


@require_POST
def alias_add(request, pk):
    participant = get_participant_for(request.user, pk, write=True)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            services.alias_add(
                participant=participant,
                added_by=request.user,
                name=form.cleaned_data["name"],
                is_street_name=form.cleaned_data["is_street_name"],
            )
            messages.success(request, "Name added.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Enter the name to add.")
    return redirect("participants:edit", participant.pk)


@require_POST
def alias_remove(request, pk, alias_pk):
    participant = get_participant_for(request.user, pk, write=True)
    alias = participant.aliases.filter(pk=alias_pk).first()
    if alias is not None:
        services.alias_remove(alias=alias, removed_by=request.user)
        messages.success(request, "Name removed.")
    return redirect("participants:edit", participant.pk)


def participant_status(request, pk):
    participant = get_participant_for(request.user, pk, write=True)
    may_exit = request.user.role == Role.SUPERVISOR
    form = StatusForm(request.POST or None, may_exit=may_exit, current=participant.status)
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data["status"]
        if status == ParticipantStatus.EXITED and not may_exit:
            form.add_error("status", "A supervisor approves exits.")
        else:
            try:
                services.participant_change_status(
                    participant=participant,
                    changed_by=request.user,
                    status=status,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "Status changed.")
                return redirect("participants:detail", participant.pk)
            except ValidationError as error:
                apply_errors(form, error)
    audit.record_view(
        actor=request.user, action="participant.status_form_view", participant_id=participant.pk
    )
    return render(
        request,
        "participants/status.html",
        {
            "form": form,
            "participant": participant,
            "may_exit": may_exit and can(request.user, Action.EDIT_PARTICIPANTS),
        },
    )
