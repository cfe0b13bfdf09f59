"""The issue's "done means" flow, end to end through the pages."""

import uuid
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from coordination.models import Consultation, LegalEvent, Meeting
from tests.coordination import fixtures


def test_lookup_arrest_consultation_agenda_minutes(personas, client_for):
    p = personas
    pat = p.participant
    pat.date_of_birth = date(1985, 4, 1)
    pat.save(update_fields=["date_of_birth"])
    fixtures.make_active(p)
    prosecutor, officer = client_for("prosecutor"), client_for("officer")
    case_manager, manager = client_for("case_manager_a"), client_for("program_manager")
    lookup = reverse("coordination:lookup")
    terms = {"first_name": "Pat", "last_name": "Example", "date_of_birth": "1985-04-01"}

    # No release yet: the prosecutor learns nothing.
    assert "LEAD participant" not in prosecutor.post(lookup, terms).content.decode()
    fixtures.give_consent(p, agencies=[p.police, p.prosecutors])
    card = prosecutor.post(lookup, terms).content.decode()
    assert "LEAD participant" in card

    # The officer finds the card and records a new arrest.
    assert "LEAD participant" in officer.post(lookup, terms).content.decode()
    officer.post(
        reverse("coordination:legal_event_create", args=[pat.pk]),
        {
            "event_type": "arrest",
            "occurred_on": timezone.localdate().isoformat(),
            "case_number": "HC-DONE-1",
            "offence": "Trespass",
            "level": "misdemeanor",
            "token": str(uuid.uuid4()),
        },
    )
    event = LegalEvent.objects.get()
    assert "Coordinate before filing" in prosecutor.post(lookup, terms).content.decode()
    queue = prosecutor.get(reverse("coordination:prosecutor_queue")).content.decode()
    assert "HC-DONE-1" in queue

    # The prosecutor asks before filing; the case manager answers.
    prosecutor.post(reverse("coordination:consultation_create", args=[event.pk]), {})
    consultation = Consultation.objects.get()
    case_manager.post(
        reverse("coordination:consultation_answer", args=[consultation.pk]),
        {"recommendation": "discuss", "summary": "Let us talk at the workgroup."},
    )

    # The program manager schedules the workgroup and generates its agenda.
    manager.post(
        reverse("coordination:meeting_create"),
        {
            "scheduled_for": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "area": "Downtown",
            "attendees": [p.officer.pk, p.prosecutor.pk, p.case_manager_a.pk],
        },
    )
    meeting = Meeting.objects.get()
    manager.post(reverse("coordination:agenda_generate", args=[meeting.pk]))
    agenda = manager.get(reverse("coordination:meeting_detail", args=[meeting.pk]))
    text = agenda.content.decode()
    assert "Pat Example: arrest" in text and "(coordinate before filing)" in text
    assert "care team recommends: discuss at the workgroup" in text
    manager.post(
        reverse("coordination:action_item_add", args=[meeting.pk]),
        {
            "description": "Hold filing until the next meeting",
            "owner": p.prosecutor.pk,
            "due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "token": str(uuid.uuid4()),
        },
    )
    minutes = manager.get(reverse("coordination:meeting_minutes", args=[meeting.pk]))
    assert "Hold filing until the next meeting" in minutes.content.decode()
    # The prosecutor attends, so reads the agenda.
    assert (
        "Pat Example: arrest"
        in prosecutor.get(
            reverse("coordination:meeting_detail", args=[meeting.pk])
        ).content.decode()
    )
