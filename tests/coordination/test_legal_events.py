"""Legal events and the "coordinate before filing" flag."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coordination.models import FilingFlag, LegalEvent, LegalEventType
from coordination.services.legal_events import filing_flag_clear
from participants.models import ParticipantStatus
from tests.coordination import fixtures


def arrest_form(**overrides):
    return {
        "event_type": "arrest",
        "occurred_on": timezone.localdate().isoformat(),
        "case_number": "HC-26-77",
        "offence": "Trespass",
        "level": "misdemeanor",
        "notes": "",
        "token": str(uuid.uuid4()),
    } | overrides


@pytest.fixture
def consented_pat(personas):
    fixtures.make_active(personas)
    fixtures.give_consent(personas, agencies=[personas.police, personas.prosecutors])
    personas.participant.refresh_from_db()
    return personas.participant


def create_url(p):
    return reverse("coordination:legal_event_create", args=[p.pk])


def test_officer_records_arrest_and_flag_is_raised(consented_pat, personas, client_for):
    response = client_for("officer").post(create_url(consented_pat), arrest_form())
    event = LegalEvent.objects.get()
    assert response.status_code == 302
    assert event.agency == personas.police and event.created_by == personas.officer
    consented_pat.refresh_from_db()
    assert consented_pat.coordinate_before_filing is True
    assert FilingFlag.objects.raised().get().raised_by_event == event


def test_officer_cannot_record_events_without_consent(personas, client_for):
    fixtures.make_active(personas)
    response = client_for("officer").post(create_url(personas.participant), arrest_form())
    assert response.status_code == 404
    assert not LegalEvent.objects.exists()


def test_double_submit_records_one_event(consented_pat, client_for):
    client = client_for("officer")
    form = arrest_form()
    client.post(create_url(consented_pat), form)
    client.post(create_url(consented_pat), form)
    assert LegalEvent.objects.count() == 1


def test_bad_input_redisplays_with_errors(consented_pat, client_for):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client_for("officer").post(
        create_url(consented_pat), arrest_form(occurred_on=future, release_date=future)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "occurred_on" in form.errors and "release_date" in form.errors
    assert form["case_number"].value() == "HC-26-77"
    assert not LegalEvent.objects.exists()


def test_citation_or_exited_participant_raises_no_flag(consented_pat, personas):
    fixtures.police_arrest(personas, event_type=LegalEventType.CITATION)
    assert not FilingFlag.objects.exists()
    fixtures.police_arrest(
        personas,
        event_type=LegalEventType.ARREST,
        occurred_on=timezone.localdate() - timedelta(days=90),
    )
    assert not FilingFlag.objects.exists()


def test_intake_pending_participant_raises_no_flag(personas):
    assert personas.participant.status == ParticipantStatus.INTAKE_PENDING
    fixtures.police_arrest(personas)
    assert not FilingFlag.objects.exists()


def test_case_manager_clears_the_flag(consented_pat, personas, client_for):
    fixtures.police_arrest(personas)
    url = reverse("coordination:flag_clear", args=[consented_pat.pk])
    response = client_for("case_manager_a").post(url, {"reason": "Spoke with prosecutor"})
    assert response.status_code == 302
    consented_pat.refresh_from_db()
    assert consented_pat.coordinate_before_filing is False
    flag = FilingFlag.objects.get()
    assert flag.cleared_by == personas.case_manager_a
    assert flag.clear_reason == "Spoke with prosecutor"


def test_case_manager_b_cannot_clear_the_flag(consented_pat, personas, client_for):
    fixtures.police_arrest(personas)
    url = reverse("coordination:flag_clear", args=[consented_pat.pk])
    response = client_for("case_manager_b").post(url, {"reason": "Spoke with prosecutor"})
    assert response.status_code == 404
    consented_pat.refresh_from_db()
    assert consented_pat.coordinate_before_filing is True


def test_clearing_needs_a_raised_flag_and_a_reason(consented_pat, personas):
    with pytest.raises(ValidationError):
        filing_flag_clear(participant=consented_pat, cleared_by=personas.case_manager_a, reason="x")
    fixtures.police_arrest(personas)
    with pytest.raises(ValidationError):
        filing_flag_clear(participant=consented_pat, cleared_by=personas.case_manager_a, reason=" ")


def test_second_arrest_keeps_one_flag(consented_pat, personas):
    fixtures.police_arrest(personas)
    fixtures.police_arrest(personas, case_number="HC-2")
    assert FilingFlag.objects.raised().count() == 1


def test_partner_sees_events_of_consented_participants(consented_pat, personas, client_for):
    event = fixtures.police_arrest(personas)
    url = reverse("coordination:legal_event_detail", args=[event.pk])
    assert client_for("prosecutor").get(url).status_code == 200


def test_prosecutor_cannot_see_events_without_consent(personas, client_for):
    event = fixtures.police_arrest(personas)
    url = reverse("coordination:legal_event_detail", args=[event.pk])
    assert client_for("prosecutor").get(url).status_code == 404


def test_participant_section_lists_events_and_flag(consented_pat, personas, client_for):
    fixtures.police_arrest(personas)
    url = reverse("coordination:participant_section", args=[consented_pat.pk])
    body = client_for("case_manager_a").get(url).content.decode()
    assert "Coordinate before filing" in body and "HC-2026-0001" in body


@pytest.mark.parametrize("extra", [0, 10])
def test_legal_event_list_query_count(personas, client_for, django_assert_num_queries, extra):
    for n in range(1 + extra):
        fixtures.police_arrest(personas, case_number=f"C-{n}")
    client = client_for("supervisor")
    # session + count + page of events with agencies
    with django_assert_num_queries(5 + 2):
        client.get(reverse("coordination:legal_event_list"))


def test_legal_event_detail_query_count(
    consented_pat, personas, client_for, django_assert_num_queries
):
    event = fixtures.police_arrest(personas)
    client = client_for("prosecutor")
    # session + event in scope (with the release subquery) + consultations
    with django_assert_num_queries(5 + 2):
        client.get(reverse("coordination:legal_event_detail", args=[event.pk]))


def test_participant_section_query_count(
    consented_pat, personas, client_for, django_assert_num_queries
):
    fixtures.police_arrest(personas)
    client = client_for("case_manager_a")
    # session + participant + audit insert + events + consultations + raised flag with its event
    with django_assert_num_queries(5 + 5):
        client.get(reverse("coordination:participant_section", args=[consented_pat.pk]))
