"""The prosecutor asks the care team before filing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coordination.models import Consultation, FilingFlag, LegalEventType
from coordination.services.consultations import consultation_answer, consultation_decide
from coordination.services.legal_events import legal_event_record
from lead.models import AuditEvent
from participants.services import participant_create
from tests.coordination import fixtures


@pytest.fixture
def flagged_event(personas):
    fixtures.make_active(personas)
    fixtures.give_consent(personas, agencies=[personas.police, personas.prosecutors])
    return fixtures.police_arrest(personas)


def test_consultation_flow_open_answer_decide(flagged_event, personas, client_for):
    prosecutor, case_manager = client_for("prosecutor"), client_for("case_manager_a")
    response = prosecutor.post(
        reverse("coordination:consultation_create", args=[flagged_event.pk]),
        {"question": "Any objection to filing?"},
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    answer_url = reverse("coordination:consultation_answer", args=[consultation.pk])
    response = case_manager.post(
        answer_url, {"recommendation": "decline_or_divert", "summary": "Engaged; in housing."}
    )
    assert response.status_code == 302
    body = prosecutor.get(
        reverse("coordination:consultation_detail", args=[consultation.pk])
    ).content.decode()
    assert "Please decline or divert" in body and "Engaged; in housing." in body
    decide_url = reverse("coordination:consultation_decide", args=[consultation.pk])
    assert prosecutor.post(decide_url, {"decision": "diverted"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == "decided" and consultation.decision == "diverted"
    assert consultation.opened_at <= consultation.answered_at <= consultation.decided_at
    assert consultation.time_to_answer is not None
    listing = prosecutor.get(reverse("coordination:consultation_list")).content.decode()
    assert "average time to answer" in listing
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"consultation.open", "consultation.answer", "consultation.decide"} <= actions
    # Deciding the event that raised the flag clears it.
    personas.participant.refresh_from_db()
    assert personas.participant.coordinate_before_filing is False
    assert not FilingFlag.objects.raised().exists()


def test_double_open_makes_one_consultation(flagged_event, client_for):
    client = client_for("prosecutor")
    url = reverse("coordination:consultation_create", args=[flagged_event.pk])
    client.post(url, {})
    client.post(url, {})
    assert Consultation.objects.count() == 1


def test_consultation_cannot_be_answered_twice(flagged_event, personas, client_for):
    consultation = fixtures.consultation_open(
        legal_event=flagged_event, opened_by=personas.prosecutor
    )
    url = reverse("coordination:consultation_answer", args=[consultation.pk])
    client = client_for("case_manager_a")
    client.post(url, {"recommendation": "no_objection", "summary": "First"})
    response = client.post(url, {"recommendation": "discuss", "summary": "Second"})
    assert response.status_code == 400
    consultation.refresh_from_db()
    assert consultation.summary == "First"


def test_consultation_cannot_be_decided_twice(flagged_event, personas):
    consultation = fixtures.consultation_open(
        legal_event=flagged_event, opened_by=personas.prosecutor
    )
    consultation_decide(consultation=consultation, decided_by=personas.prosecutor, decision="filed")
    with pytest.raises(ValidationError):
        consultation_decide(
            consultation=consultation, decided_by=personas.prosecutor, decision="declined"
        )
    with pytest.raises(ValidationError):
        consultation_answer(
            consultation=consultation,
            answered_by=personas.case_manager_a,
            recommendation="no_objection",
            summary="late",
        )


def test_officer_cannot_open_consultations(flagged_event, client_for):
    url = reverse("coordination:consultation_create", args=[flagged_event.pk])
    assert client_for("officer").post(url, {}).status_code == 403
    assert not Consultation.objects.exists()


def test_case_manager_b_cannot_answer(flagged_event, personas, client_for):
    consultation = fixtures.consultation_open(
        legal_event=flagged_event, opened_by=personas.prosecutor
    )
    url = reverse("coordination:consultation_answer", args=[consultation.pk])
    response = client_for("case_manager_b").post(
        url, {"recommendation": "no_objection", "summary": "x"}
    )
    assert response.status_code == 404


def test_prosecutor_queue_shows_open_consultations(flagged_event, personas, client_for):
    fixtures.consultation_open(legal_event=flagged_event, opened_by=personas.prosecutor)
    body = client_for("prosecutor").get(reverse("coordination:prosecutor_queue")).content.decode()
    assert "awaiting the care team" in body and "HC-2026-0001" in body


@pytest.mark.parametrize("extra", [0, 6])
def test_consultation_list_query_count(personas, client_for, django_assert_num_queries, extra):
    fixtures.make_active(personas)
    for n in range(1 + extra):
        event = fixtures.police_arrest(personas, case_number=f"C{n}")
        fixtures.consultation_open(legal_event=event, opened_by=personas.prosecutor)
    client = client_for("prosecutor")
    # session + count + page with events and agencies + time-to-answer measure
    with django_assert_num_queries(5 + 3):
        client.get(reverse("coordination:consultation_list"))


def test_consultation_detail_query_count(
    flagged_event, personas, client_for, django_assert_num_queries
):
    consultation = fixtures.consultation_open(
        legal_event=flagged_event, opened_by=personas.prosecutor
    )
    client = client_for("case_manager_a")
    # session + consultation with its event, agency and people
    with django_assert_num_queries(5 + 1):
        client.get(reverse("coordination:consultation_detail", args=[consultation.pk]))


@pytest.mark.parametrize("extra", [0, 5])
def test_prosecutor_queue_query_count(
    flagged_event, personas, client_for, django_assert_num_queries, extra
):
    for n in range(extra):
        event = fixtures.police_arrest(personas, case_number=f"Q{n}")
        fixtures.consultation_open(legal_event=event, opened_by=personas.prosecutor)
    client = client_for("prosecutor")
    # session + new events (own office's and released people's, one union query)
    # + open consultations
    with django_assert_num_queries(5 + 2):
        client.get(reverse("coordination:prosecutor_queue"))


def test_prosecutor_queue_lists_own_and_released_events_only(personas, client_for):
    """The queue's union of "recorded by my office" and "a release names my office" shows
    exactly what the prosecutor may see, newest first, at most 25."""
    p = personas
    fixtures.make_active(p)
    # Pat's release names the prosecutor's office; Sam, at the same agency, has none.
    fixtures.give_consent(p, agencies=[p.prosecutors])
    sam = participant_create(
        created_by=p.supervisor, agency=p.provider, first_name="Sam", last_name="Unreleased"
    )
    released = [fixtures.police_arrest(p, case_number=f"PAT-{n}") for n in range(20)]
    hidden = fixtures.police_arrest(p, participant=sam, case_number="SAM-1")
    own = [
        legal_event_record(
            recorded_by=p.prosecutor,
            participant=sam,
            event_type=LegalEventType.CHARGE_FILED,
            occurred_on=timezone.localdate(),
            agency=p.prosecutors,
            case_number=f"DA-{n}",
        )
        for n in range(10)
    ]
    events = (
        client_for("prosecutor").get(reverse("coordination:prosecutor_queue")).context["events"]
    )
    shown = [e.pk for e in events]
    expected = sorted((e.pk for e in released + own), reverse=True)[:25]
    assert shown == expected  # created in order, so newest first is highest id first
    assert hidden.pk not in shown
