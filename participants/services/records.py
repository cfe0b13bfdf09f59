"""Writes to participant records. Each takes the acting user and writes the audit row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lead import audit
from lead.roles import AgencyType, Role
from participants.models import (
    CareTeamMember,
    Episode,
    Participant,
    ParticipantStatus,
    StatusChange,
)


@transaction.atomic
def participant_create(*, created_by, agency, first_name: str, last_name: str, **fields):
    if agency.agency_type != AgencyType.PROVIDER:
        raise ValidationError("A participant is served by a provider agency.")
    participant = Participant(agency=agency, first_name=first_name, last_name=last_name, **fields)
    participant.full_clean()
    participant.save()
    Episode.objects.create(participant=participant, opened_at=participant.created_at)
    StatusChange.objects.create(
        participant=participant,
        from_status="",
        to_status=participant.status,
        reason="Record created",
        changed_by=created_by,
    )
    audit.record(
        actor=created_by,
        action="participant.create",
        obj=participant,
        participant_id=participant.pk,
    )
    return participant


@transaction.atomic
def participant_change_status(*, participant, changed_by, status: str, reason: str):
    if not reason.strip():
        raise ValidationError({"reason": "Say why the status changes."})
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    StatusChange.objects.create(
        participant=locked,
        from_status=locked.status,
        to_status=status,
        reason=reason,
        changed_by=changed_by,
    )
    locked.status = status
    locked.exit_reason = reason if status == ParticipantStatus.EXITED else ""
    locked.save(update_fields=["status", "exit_reason", "updated_at"])
    if status == ParticipantStatus.EXITED:
        Episode.objects.filter(participant=locked, closed_at__isnull=True).update(
            closed_at=timezone.now(), close_reason=reason
        )
    audit.record(
        actor=changed_by, action="participant.status", obj=locked, participant_id=locked.pk
    )
    return locked


@transaction.atomic
def care_team_add(*, participant, added_by, user, primary: bool = False) -> CareTeamMember:
    if user.role != Role.CASE_MANAGER or user.agency_id != participant.agency_id:
        raise ValidationError("Only a case manager of the participant's agency can join the team.")
    if primary:
        CareTeamMember.objects.filter(participant=participant, is_primary=True).update(
            is_primary=False
        )
    member, _ = CareTeamMember.objects.update_or_create(
        participant=participant, user=user, defaults={"is_primary": primary}
    )
    audit.record(actor=added_by, action="care_team.add", obj=member, participant_id=participant.pk)
    return member


@transaction.atomic
def episode_current_or_open(*, participant, opened_by) -> Episode:
    """The participant's open episode, or a new one when they return after an exit."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    episode = Episode.objects.filter(participant=participant, closed_at__isnull=True).first()
    if episode is not None:
        return episode
    episode = Episode.objects.create(participant=participant)
    if locked.status == ParticipantStatus.EXITED:
        participant_change_status(
            participant=locked,
            changed_by=opened_by,
            status=ParticipantStatus.INTAKE_PENDING,
            reason="Returned: new episode opened",
        )
    audit.record(actor=opened_by, action="episode.open", obj=episode, participant_id=participant.pk)
    return episode
