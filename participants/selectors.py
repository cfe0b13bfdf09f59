"""Reads of participant records. Views reach participants only through these."""

from django.db.models import Prefetch
from django.http import Http404

from lead import audit
from lead.access import Action, check
from lead.models import AuditOutcome
from participants.models import CareTeamMember, Consent, Episode, Participant


def get_participant_for(user, pk: int, *, write: bool = False) -> Participant:
    """The participant with `pk` if `user` may see it: 404 outside scope, 403 without the role.

    A look outside scope at a real record is logged as denied, since it may be a probe.
    """
    participant = Participant.objects.visible_to(user).filter(pk=pk).select_related("agency")
    found = participant.first()
    if found is None:
        if Participant.objects.filter(pk=pk).exists():
            audit.record(
                actor=user,
                action="participant.view",
                object_type="participants.participant",
                object_id=pk,
                participant_id=pk,
                outcome=AuditOutcome.DENIED,
            )
        raise Http404("No participant matches the given query.")
    check(user, Action.EDIT_PARTICIPANTS if write else Action.VIEW_PARTICIPANTS)
    return found


def participant_list_for(user):
    primaries = CareTeamMember.objects.filter(is_primary=True).select_related("user")
    return (
        Participant.objects.visible_to(user)
        .select_related("agency")
        .prefetch_related(Prefetch("care_team", queryset=primaries, to_attr="primary_members"))
    )


def primary_case_manager(participant: Participant):
    members = getattr(participant, "primary_members", None)
    if members is None:
        members = [m for m in participant.care_team.all() if m.is_primary]
    return members[0].user if members else None


def current_episode(participant: Participant) -> Episode | None:
    """The open episode, or the latest one when the person has exited."""
    return participant.episodes.order_by("closed_at", "-opened_at", "-id").first()


def consents_for_agency(participant: Participant, agency, at=None):
    """Releases of `participant` in force for `agency` at `at` (default now)."""
    return Consent.objects.filter(participant=participant).in_force(at).for_agency(agency)


def shared_categories(participant: Participant, agency, at=None) -> set[str]:
    """The categories `agency` may see about `participant` right now."""
    shared = set()
    for categories in consents_for_agency(participant, agency, at).values_list(
        "categories", flat=True
    ):
        shared.update(categories)
    return shared
