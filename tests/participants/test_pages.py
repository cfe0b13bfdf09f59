"""Participant pages: query counts pinned, clinical content loaded only for the care side."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lead.models import AuditEvent
from participants.models import Participant
from participants.services import alias_add, care_team_add, participant_create
from tests.lead.test_pages import SESSION
from tests.participants.helpers import release


def add_rows(personas, n):
    from tests.referrals.factories import ReferralFactory

    pat = personas.participant
    for i in range(n):
        alias_add(participant=pat, added_by=personas.case_manager_a, name=f"Alias {i}")
        release(personas, signed_on=date(2026, 1, 1 + i))
        ReferralFactory(
            referred_by=personas.officer,
            decision="approved",
            participant=pat,
            episode=pat.episodes.get(),
        )


@pytest.mark.parametrize("rows", [1, 4])
@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_participant_page_query_count(personas, client_for, django_assert_num_queries, rows):
    add_rows(personas, rows)
    client = client_for("case_manager_a")
    url = reverse("participants:detail", args=[personas.participant.pk])
    # session + participant + audit insert + care team with users + current episode
    # + releases, each flagged in force or not + their named agencies
    # + referrals with their state + aliases + status history + intake assessment
    with django_assert_num_queries(SESSION + 10):
        response = client.get(url)
    assert len(response.context["consents"]) == rows
    assert len(response.context["referrals"]) == rows


# Form pages: session + the participant + the view's audit insert + what each form loads.
FORM_PAGES = [
    # + aliases
    ("case_manager_a", "participants:edit", 3),
    ("case_manager_a", "participants:status", 2),
    # + the agency's caseloads + team members with users + the case managers to choose from
    ("supervisor", "participants:care_team", 5),
    # + the agencies to choose from
    ("case_manager_a", "participants:consent_create", 3),
]


@pytest.mark.parametrize("rows", [1, 4])
@pytest.mark.parametrize(("persona", "name", "queries"), FORM_PAGES)
@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_form_page_query_count(
    personas, client_for, django_assert_num_queries, rows, persona, name, queries
):
    add_rows(personas, rows)
    if rows > 1:
        care_team_add(
            participant=personas.participant,
            added_by=personas.supervisor,
            user=personas.case_manager_b,
        )
    client = client_for(persona)
    with django_assert_num_queries(SESSION + queries):
        response = client.get(reverse(name, args=[personas.participant.pk]))
    assert response.status_code == 200


@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_program_manager_page_loads_no_clinical_rows(
    personas, client_for, django_assert_num_queries
):
    add_rows(personas, 2)
    client = client_for("program_manager")
    url = reverse("participants:detail", args=[personas.participant.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "consents" not in response.context and "assessment" not in response.context
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "participants_intakeassessment" not in sql
    # The only read of releases is whether one is in force (the header's flag): ids only.
    assert '"participants_consent"."purpose"' not in sql
    assert "Releases of information" not in response.content.decode()


def test_every_view_of_the_page_is_audited_and_not_cached(personas, client_for):
    client = client_for("supervisor")
    url = reverse("participants:detail", args=[personas.participant.pk])
    client.get(url)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    views = AuditEvent.objects.filter(
        action="participant.view", participant_id=personas.participant.pk
    )
    assert views.count() == 2


def test_case_manager_b_cannot_read_pats_record(personas, client_for):
    url = reverse("participants:detail", args=[personas.participant.pk])
    assert client_for("case_manager_a").get(url).status_code == 200
    assert client_for("case_manager_b").get(url).status_code == 404


def test_search_terms_travel_by_post_only(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("participants:search")
    response = client.post(url, {"text": "Pat Exampel"})
    assert [p.pk for p in response.context["results"]] == [personas.participant.pk]
    assert "Exampel" not in response.wsgi_request.get_full_path()
    event = AuditEvent.objects.get(action="participant.search")
    assert "Exampel" not in event.path
    # A GET carrying terms is ignored: nothing is searched.
    assert client.get(url, {"text": "Pat"}).context["results"] is None


def test_search_needs_a_name_or_a_birth_date(personas, client_for):
    response = client_for("case_manager_a").post(reverse("participants:search"), {"text": " "})
    assert "Enter a name or a date of birth." in response.content.decode()


@pytest.mark.parametrize("rows", [0, 10])
def test_search_page_query_count(personas, client_for, django_assert_num_queries, rows):
    for i in range(rows):
        p = participant_create(
            created_by=personas.supervisor,
            agency=personas.provider,
            first_name="Pat",
            last_name=f"Example{i}",
        )
        care_team_add(participant=p, added_by=personas.supervisor, user=personas.case_manager_a)
    client = client_for("case_manager_a")
    # session + the rate-limit counter + ranked search (one query) + audit insert
    with django_assert_num_queries(SESSION + 3):
        response = client.post(reverse("participants:search"), {"text": "Pat Example"})
    assert len(response.context["results"]) == 1 + rows


def test_create_shows_likely_duplicates_before_saving(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("participants:create")
    data = {
        "first_name": "Patt",
        "last_name": "Exampel",
        "creation_token": "0b9a7c1e-3333-4c1b-9e55-1a2b3c4d5e6f",
        "best_way_to_find": "Library steps, mornings",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert [c.pk for c in response.context["candidates"]] == [personas.participant.pk]
    assert response.context["form"]["best_way_to_find"].value() == "Library steps, mornings"
    assert not Participant.objects.filter(first_name="Patt").exists()
    response = client.post(url, data | {"confirm_new": "on"})
    created = Participant.objects.get(first_name="Patt")
    assert response.status_code == 302
    assert created.care_team.get().user == personas.case_manager_a
    assert created.agency == personas.provider
    # The same form sent again finds the first record instead of making a twin.
    again = client.post(url, data | {"confirm_new": "on"})
    assert again.status_code == 302 and again.url.endswith(f"/{created.pk}/")
    assert Participant.objects.filter(first_name="Patt").count() == 1


def test_create_with_a_missing_name_keeps_the_input(personas, client_for):
    response = client_for("case_manager_a").post(
        reverse("participants:create"),
        {
            "first_name": "",
            "last_name": "Okafor",
            "creation_token": "0b9a7c1e-4444-4c1b-9e55-1a2b3c4d5e6f",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]
    assert response.context["form"]["last_name"].value() == "Okafor"


def test_case_manager_cannot_exit_a_participant(personas, client_for):
    url = reverse("participants:status", args=[personas.participant.pk])
    data = {"status": "exited", "reason": "Moved"}
    response = client_for("case_manager_a").post(url, data)
    assert response.status_code == 200
    personas.participant.refresh_from_db()
    assert personas.participant.status == "intake_pending"
    assert client_for("supervisor").post(url, data).status_code == 302
    personas.participant.refresh_from_db()
    assert personas.participant.status == "exited"


def test_a_status_change_needs_a_reason(personas, client_for):
    url = reverse("participants:status", args=[personas.participant.pk])
    response = client_for("case_manager_a").post(url, {"status": "in_the_wind", "reason": ""})
    assert response.context["form"].errors["reason"]


@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_participant_page_flags_each_release_in_force_or_not(personas, client_for):
    url = reverse("participants:detail", args=[personas.participant.pk])
    expired = release(personas, signed_on=date(2025, 1, 10), expires_on=date(2026, 1, 10))
    assert client_for("case_manager_a").get(url).context["has_release"] is False
    assert client_for("program_manager").get(url).context["has_release"] is False
    current = release(personas)
    context = client_for("case_manager_a").get(url).context
    assert context["has_release"] is True
    assert {c.pk: c.in_force for c in context["consents"]} == {expired.pk: False, current.pk: True}
    assert client_for("program_manager").get(url).context["has_release"] is True
