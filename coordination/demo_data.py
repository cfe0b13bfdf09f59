"""Demo coordination data: releases naming the partners, arrests with the coordinate-before-
filing flag, consultations and a workgroup meeting with its agenda. All fictional."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coordination.models import ActionItem, LegalEvent, LegalEventType, Meeting, Recommendation
from coordination.services.consultations import consultation_answer, consultation_open
from coordination.services.legal_events import legal_event_record
from coordination.services.workgroup import agenda_generate, meeting_schedule
from lead.roles import AgencyType, Role
from participants.models import Consent, ConsentCategory, Participant, ParticipantStatus
from participants.services.consent import consent_create

SUMMARIES = [
    "Working with CM on housing paperwork. Please call before any filing.",
    "Engaged weekly; staying near the waterfront shelter.",
    "Reconnected after a gap; court dates being coordinated with the CM.",
]


@transaction.atomic
def seed(users) -> None:
    if LegalEvent.objects.filter(source_id__startswith="demo-").exists():
        return
    by_name = {u.username: u for u in users}
    officer, prosecutor = by_name["officer.harbor"], by_name["prosecutor"]
    case_manager, pm = by_name["cm.alvarez"], by_name["pm"]
    people = list(
        Participant.objects.filter(
            care_team__user=case_manager,
            care_team__is_primary=True,
            status=ParticipantStatus.ACTIVE,
            date_of_birth__isnull=False,
        ).order_by("id")[:5]
    )
    today = timezone.localdate()
    for n, person in enumerate(people):
        if not Consent.objects.filter(participant=person).exists():
            consent_create(
                participant=person,
                created_by=case_manager,
                recipient_agency_types=[AgencyType.POLICE, AgencyType.PROSECUTOR],
                categories=list(ConsentCategory.values),
                purpose="Coordination with LEAD police and prosecutor partners",
                signed_on=today - timedelta(days=60),
                expires_on=today + timedelta(days=305),
                covers_part2=(n == 0),
            )
        if n < len(SUMMARIES):
            person.coordination_summary = SUMMARIES[n]
            person.save(update_fields=["coordination_summary", "updated_at"])
    events = []
    for n, person in enumerate(people[:3]):
        events.append(
            legal_event_record(
                recorded_by=officer,
                participant=person,
                event_type=LegalEventType.ARREST,
                occurred_on=today - timedelta(days=2 + n),
                agency=officer.agency,
                case_number=f"HC-DEMO-{100 + n}",
                offence="Criminal trespass",
                level="misdemeanor",
                source_id=f"demo-{n}",
            )
        )
    if events:
        answered = consultation_open(
            legal_event=events[0], opened_by=prosecutor, question="Any objection to filing?"
        )
        consultation_answer(
            consultation=answered,
            answered_by=case_manager,
            recommendation=Recommendation.DECLINE_OR_DIVERT,
            summary="Engaged and working on housing; we suggest diversion.",
        )
    if len(events) > 1:
        consultation_open(legal_event=events[1], opened_by=prosecutor)
    attendees = [u for u in users if u.role != Role.ADMIN and u.username != "officer.cedar"]
    now = timezone.now()
    previous = meeting_schedule(
        scheduled_by=pm,
        scheduled_for=now - timedelta(days=13),
        area="Downtown",
        attendees=attendees,
    )
    ActionItem.objects.create(
        meeting=previous,
        description="Find out which shelter has beds this week",
        owner=case_manager,
        due_on=today + timedelta(days=2),
        created_by=pm,
    )
    if not Meeting.objects.filter(scheduled_for__gt=now).exists():
        upcoming = meeting_schedule(
            scheduled_by=pm,
            scheduled_for=now + timedelta(days=1),
            area="Downtown",
            attendees=attendees,
        )
        agenda_generate(meeting=upcoming, generated_by=pm)
