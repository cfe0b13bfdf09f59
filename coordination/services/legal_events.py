from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coordination.models import (
    FLAG_RAISING_TYPES,
    FilingFlag,
    LegalEvent,
    LegalEventSource,
    LegalEventType,
)
from lead import audit
from participants.models import CareTeamMember, Participant, ParticipantStatus

# Enrolled and not exited: a new arrest does not end participation (domain.md), so an
# inactive or missing participant still gets the flag.
FLAG_STATUSES = frozenset(
    {ParticipantStatus.ACTIVE, ParticipantStatus.INACTIVE, ParticipantStatus.IN_THE_WIND}
)
# Only a recent event asks for coordination; an import of old history raises nothing.
FLAG_WINDOW_DAYS = 30
# Court dates are scheduled ahead; every other event has already happened.
FUTURE_ALLOWED = frozenset({LegalEventType.COURT_DATE})


def legal_event_validate(*, event_type: str, occurred_on, release_date=None) -> dict:
    """Field errors for an event's dates, shared by the form and the CSV import."""
    errors = {}
    if event_type not in LegalEventType.values:
        errors["event_type"] = "Unknown event type."
    if occurred_on and event_type not in FUTURE_ALLOWED and occurred_on > timezone.localdate():
        errors["occurred_on"] = "This kind of event cannot be in the future."
    if release_date is not None:
        if event_type != LegalEventType.JAIL_BOOKING:
            errors["release_date"] = "Only jail bookings have a release date."
        elif occurred_on and release_date < occurred_on:
            errors["release_date"] = "Release cannot come before the booking."
    return errors


@transaction.atomic
def legal_event_record(
    *,
    recorded_by,
    participant: Participant,
    event_type: str,
    occurred_on,
    agency,
    case_number: str = "",
    offence: str = "",
    level: str = "",
    release_date=None,
    notes: str = "",
    source: str = LegalEventSource.ENTERED,
    source_id: str | None = None,
    submission_token=None,
) -> LegalEvent:
    if submission_token is not None:
        already = LegalEvent.objects.filter(submission_token=submission_token).first()
        if already is not None:
            return already
    errors = legal_event_validate(
        event_type=event_type, occurred_on=occurred_on, release_date=release_date
    )
    if errors:
        raise ValidationError(errors)
    event = LegalEvent(
        participant=participant,
        event_type=event_type,
        occurred_on=occurred_on,
        agency=agency,
        case_number=case_number,
        offence=offence,
        level=level,
        release_date=release_date,
        notes=notes,
        source=source,
        source_id=source_id or None,
        submission_token=submission_token,
        created_by=recorded_by,
    )
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        # Two identical submits racing: the other one won, so answer with its event.
        if submission_token is None:
            raise
        return LegalEvent.objects.get(submission_token=submission_token)
    audit.record(
        actor=recorded_by, action="legal_event.record", obj=event, participant_id=participant.pk
    )
    if event_type in FLAG_RAISING_TYPES:
        filing_flag_raise(event=event, raised_by=recorded_by)
    return event


def filing_flag_raise(*, event: LegalEvent, raised_by) -> FilingFlag | None:
    """Raise "coordinate before filing" for an enrolled participant, unless it is up already."""
    if event.occurred_on < timezone.localdate() - timedelta(days=FLAG_WINDOW_DAYS):
        return None
    participant = Participant.objects.select_for_update().get(pk=event.participant_id)
    if participant.status not in FLAG_STATUSES:
        return None
    if FilingFlag.objects.raised().filter(participant=participant).exists():
        # Already up: the earlier event is the one the prosecutor coordinates on.
        return None
    flag = FilingFlag.objects.create(participant=participant, raised_by_event=event)
    participant.coordinate_before_filing = True
    participant.save(update_fields=["coordinate_before_filing", "updated_at"])
    audit.record(
        actor=raised_by, action="filing_flag.raise", obj=flag, participant_id=participant.pk
    )
    notify_care_team(
        participant_id=participant.pk,
        kind="legal_event",
        text=(
            f"Coordinate before filing: {event.get_event_type_display().lower()} recorded "
            f"on {event.occurred_on:%Y-%m-%d}."
        ),
        link=reverse("participants:detail", args=[participant.pk]),
        key=f"filing-flag-{flag.pk}",
    )
    return flag


@transaction.atomic
def filing_flag_clear(*, participant: Participant, cleared_by, reason: str) -> FilingFlag:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the flag is cleared."})
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    flag = FilingFlag.objects.select_for_update().raised().filter(participant=locked).first()
    if flag is None and not locked.coordinate_before_filing:
        raise ValidationError("The flag is not raised.")
    return _clear(participant=locked, flag=flag, cleared_by=cleared_by, reason=reason.strip())


def _clear(*, participant: Participant, flag: FilingFlag | None, cleared_by, reason: str):
    if flag is not None:
        flag.cleared_at = timezone.now()
        flag.cleared_by = cleared_by
        flag.clear_reason = reason
        flag.save(update_fields=["cleared_at", "cleared_by", "clear_reason"])
    participant.coordinate_before_filing = False
    participant.save(update_fields=["coordinate_before_filing", "updated_at"])
    audit.record(
        actor=cleared_by,
        action="filing_flag.clear",
        object_type="participants.participant",
        object_id=participant.pk,
        participant_id=participant.pk,
    )
    return flag


def filing_flag_clear_for_event(*, event_id: int, participant_id: int, cleared_by, reason: str):
    """Clear the flag a decided event raised; a flag raised by a later event stays up."""
    flag = (
        FilingFlag.objects.select_for_update()
        .raised()
        .filter(participant_id=participant_id, raised_by_event_id=event_id)
        .first()
    )
    if flag is None:
        return None
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    return _clear(participant=participant, flag=flag, cleared_by=cleared_by, reason=reason)


def notify_care_team(*, participant_id: int, kind: str, text: str, link: str, key: str) -> None:
    """Put a coordination-level note in each care team member's inbox (casework's inbox)."""
    try:
        from casework.services.notifications import notification_create
    except ImportError:
        return
    members = CareTeamMember.objects.filter(participant_id=participant_id).select_related("user")
    for member in members:
        notification_create(
            user=member.user, kind=kind, text=text, link=link, dedupe_key=f"{key}-{member.user_id}"
        )
