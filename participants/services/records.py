"""The person record, aliases, status changes and episodes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lead import audit
from lead.roles import AgencyType
from participants.models import (
    Episode,
    Participant,
    ParticipantAlias,
    ParticipantStatus,
    StatusChange,
)

# What a case manager may edit on the person record; status, agency and merges have their own
# services.
EDITABLE_FIELDS = [
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "gender_identity",
    "gender_identity_detail",
    "race_ethnicity",
    "preferred_language",
    "phone",
    "email",
    "mailing_address",
    "best_way_to_find",
    "booking_number",
    "other_identifier",
    "coordination_summary",
    "coordinate_before_filing",
]


@transaction.atomic
def participant_create(
    *, created_by, agency, first_name: str, last_name: str, aliases=(), **fields
) -> Participant:
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
    for name in aliases:
        if name.strip():
            ParticipantAlias.objects.create(
                participant=participant, name=name.strip(), added_by=created_by
            )
    audit.record(
        actor=created_by,
        action="participant.create",
        obj=participant,
        participant_id=participant.pk,
    )
    return participant


@transaction.atomic
def participant_update(*, participant, updated_by, **changes) -> Participant:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=[*changes, "updated_at"])
    audit.record(
        actor=updated_by, action="participant.update", obj=locked, participant_id=locked.pk
    )
    return locked


@transaction.atomic
def alias_add(*, participant, added_by, name: str, is_street_name: bool = False):
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the name."})
    if participant.aliases.filter(name__iexact=name).exists():
        raise ValidationError({"name": "This name is already on the record."})
    alias = ParticipantAlias.objects.create(
        participant=participant, name=name, is_street_name=is_street_name, added_by=added_by
    )
    audit.record(actor=added_by, action="alias.add", obj=alias, participant_id=participant.pk)
    return alias


@transaction.atomic
def alias_remove(*, alias, removed_by) -> None:
    audit.record(
        actor=removed_by, action="alias.remove", obj=alias, participant_id=alias.participant_id
    )
    alias.delete()


@transaction.atomic
def participant_change_status(*, participant, changed_by, status: str, reason: str):
    if status not in ParticipantStatus.values:
        raise ValidationError({"status": "Choose a status."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the status changes."})
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.status == status:
        raise ValidationError({"status": "The participant already has this status."})
    leaving_exit = locked.status == ParticipantStatus.EXITED
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
    elif leaving_exit and not Episode.objects.filter(participant=locked, closed_at__isnull=True):
        # Coming back after an exit is a new stretch of participation.
        episode = Episode.objects.create(participant=locked)
        audit.record(actor=changed_by, action="episode.open", obj=episode, participant_id=locked.pk)
    audit.record(
        actor=changed_by, action="participant.status", obj=locked, participant_id=locked.pk
    )
    participant.status = locked.status
    participant.exit_reason = locked.exit_reason
    return locked


@transaction.atomic
def episode_current_or_open(*, participant, opened_by) -> Episode:
    """The participant's open episode, or a new one when they return after an exit."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    episode = Episode.objects.filter(participant=participant, closed_at__isnull=True).first()
    if episode is not None:
        return episode
    if locked.status == ParticipantStatus.EXITED:
        participant_change_status(
            participant=locked,
            changed_by=opened_by,
            status=ParticipantStatus.INTAKE_PENDING,
            reason="Returned: new episode opened",
        )
        return Episode.objects.get(participant=participant, closed_at__isnull=True)
    episode = Episode.objects.create(participant=participant)
    audit.record(actor=opened_by, action="episode.open", obj=episode, participant_id=participant.pk)
    return episode
