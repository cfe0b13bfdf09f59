"""Objects the coordination tests share. Every helper takes the Personas."""

from datetime import timedelta

from django.utils import timezone

from coordination.models import ImportBatch, LegalEventType
from coordination.services.consultations import consultation_open
from coordination.services.legal_events import legal_event_record
from coordination.services.workgroup import meeting_schedule
from participants.models import Consent, ConsentCategory, ParticipantStatus
from participants.services import participant_change_status

ALL_CATEGORIES = list(ConsentCategory.values)


def give_consent(p, *, agencies=(), agency_types=(), categories=None, part2=False, **fields):
    """A signed release for Pat (or `participant=`) naming the given recipients."""
    participant = fields.pop("participant", p.participant)
    consent = Consent.objects.create(
        participant=participant,
        recipient_agency_types=list(agency_types),
        categories=list(categories if categories is not None else ALL_CATEGORIES),
        purpose="Coordination with LEAD partners",
        signed_on=fields.pop("signed_on", timezone.localdate() - timedelta(days=10)),
        covers_part2=part2,
        created_by=p.case_manager_a,
        **fields,
    )
    consent.recipient_agencies.set(agencies)
    return consent


def make_active(p, participant=None):
    participant = participant or p.participant
    return participant_change_status(
        participant=participant,
        changed_by=p.case_manager_a,
        status=ParticipantStatus.ACTIVE,
        reason="Intake completed",
    )


def police_arrest(p, participant=None, **fields):
    return legal_event_record(
        recorded_by=p.officer,
        participant=participant or p.participant,
        event_type=fields.pop("event_type", LegalEventType.ARREST),
        occurred_on=fields.pop("occurred_on", timezone.localdate()),
        agency=p.police,
        case_number=fields.pop("case_number", "HC-2026-0001"),
        **fields,
    )


def open_consultation(p):
    return consultation_open(legal_event=police_arrest(p), opened_by=p.prosecutor)


def workgroup_meeting(p, **fields):
    return meeting_schedule(
        scheduled_by=p.program_manager,
        scheduled_for=fields.pop("scheduled_for", timezone.now() + timedelta(days=1)),
        area=fields.pop("area", "Downtown"),
        attendees=fields.pop("attendees", [p.officer, p.prosecutor, p.case_manager_a]),
    )


def import_batch(p):
    return ImportBatch.objects.create(uploaded_by=p.program_manager, filename="events.csv")
