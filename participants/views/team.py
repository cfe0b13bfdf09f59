"""Care team assignment, possible duplicates and merges: supervisors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead import audit
from lead.access import Action, check, require
from lead.models import User
from lead.roles import Role
from participants import services
from participants.forms import CareTeamForm, MergeForm
from participants.models import MergeRecord
from participants.selectors import (
    caseloads,
    duplicate_pairs,
    get_merge_record_for,
    get_participant_for,
)
from participants.services.merge import movable_relations
from participants.views.helpers import apply_errors


def care_team(request, pk):
    participant = get_participant_for(request.user, pk, write=True)
    check(request.user, Action.MANAGE_CARE_TEAM)
    loads = caseloads(participant.agency)
    form = CareTeamForm(request.POST or None, agency=participant.agency, caseloads=loads)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.care_team_add(
                participant=participant,
                added_by=request.user,
                user=form.cleaned_data["user"],
                primary=form.cleaned_data["primary"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if member.caseload_warning is not None:
                messages.warning(request, str(member.caseload_warning))
            messages.success(request, f"{member.user} is on the care team.")
            return redirect("participants:care_team", participant.pk)
    members = participant.care_team.select_related("user").order_by("-is_primary", "added_at")
    audit.record_view(
        actor=request.user, action="care_team.manage_form_view", participant_id=participant.pk
    )
    return render(
        request,
        "participants/care_team.html",
        {"participant": participant, "form": form, "members": members, "caseloads": loads},
    )


@require_POST
def care_team_remove(request, pk, user_pk):
    participant = get_participant_for(request.user, pk, write=True)
    check(request.user, Action.MANAGE_CARE_TEAM)
    user = User.objects.filter(pk=user_pk, role=Role.CASE_MANAGER).first()
    try:
        if user is None:
            raise ValidationError("This person is not on the care team.")
        services.care_team_remove(participant=participant, removed_by=request.user, user=user)
        messages.success(request, f"{user} left the care team.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("participants:care_team", participant.pk)


@require(Action.MERGE_PARTICIPANTS)
def duplicates(request):
    pairs = duplicate_pairs(request.user)
    merges = (
        MergeRecord.objects.visible_to(request.user)
        .filter(undone_at__isnull=True)
        .select_related("survivor", "merged", "merged_by")[:20]
    )
    return render(request, "participants/duplicates.html", {"pairs": pairs, "merges": merges})


def _linked_counts(participant) -> int:
    return sum(
        model._base_manager.filter(**{field: participant}).count()
        for model, field in movable_relations()
    )


def merge(request, first, second):
    check(request.user, Action.MERGE_PARTICIPANTS)
    pair = [
        get_participant_for(request.user, first, write=True),
        get_participant_for(request.user, second, write=True),
    ]
    form = MergeForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        survivor_pk = int(form.cleaned_data["survivor"])
        survivor = next(p for p in pair if p.pk == survivor_pk)
        merged = next(p for p in pair if p.pk != survivor_pk)
        try:
            record = services.participant_merge(
                survivor=survivor,
                merged=merged,
                merged_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Records merged. You can undo this from the merge page.")
            return redirect("participants:merge_record", record.pk)
    rows = [(p, _linked_counts(p)) for p in pair]
    return render(request, "participants/merge.html", {"form": form, "rows": rows})


def merge_record(request, pk):
    record = get_merge_record_for(request.user, pk)
    purged = record.survivor.is_purged or record.merged.is_purged
    undo_refused = services.UNDO_PURGED_MESSAGE if purged else ""
    return render(
        request,
        "participants/merge_record.html",
        {"record": record, "undo_refused": undo_refused},
    )


@require_POST
def merge_undo(request, pk):
    record = get_merge_record_for(request.user, pk)
    try:
        services.participant_merge_undo(record=record, undone_by=request.user)
        messages.success(request, "Merge undone: both records are back as they were.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("participants:merge_record", record.pk)


@require_POST
def not_duplicate(request, first, second):
    check(request.user, Action.MERGE_PARTICIPANTS)
    a = get_participant_for(request.user, first, write=True)
    b = get_participant_for(request.user, second, write=True)
    if a.pk != b.pk:
        services.not_duplicate_mark(first=a, second=b, decided_by=request.user)
        messages.success(request, "Marked as different people.")
    return redirect("participants:duplicates")
