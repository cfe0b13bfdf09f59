from datetime import date

import pytest
import time_machine
from django.urls import reverse

from participants.models import AssessmentStatus, IntakeAssessment, ParticipantStatus
from participants.services import (
    intake_complete,
    intake_save,
    intake_start,
)
from tests.participants.helpers import release, upload

ANSWERS = {
    "housing_status": "unsheltered",
    "income_sources": ["snap", "informal"],
    "mat_interest": "declined",
    "legal_notes": "Court date next month",
}


def intake_post(version, *, complete=False, **answers):
    data = {"version": version, **answers}
    data["complete" if complete else "save"] = "1"
    return data


def test_a_draft_is_saved_and_finished_later(personas):
    pat = personas.participant
    assessment = intake_start(participant=pat, started_by=personas.case_manager_a)
    draft = intake_save(
        assessment=assessment, saved_by=personas.case_manager_a, version=1, answers=ANSWERS
    )
    assert draft.status == AssessmentStatus.DRAFT and draft.version == 2
    done = intake_complete(
        assessment=draft, completed_by=personas.case_manager_a, version=2, answers={}
    )
    assert done.status == AssessmentStatus.COMPLETE and done.housing_status == "unsheltered"


def test_declined_to_answer_cannot_be_mixed_with_answers(personas):
    assessment = intake_start(participant=personas.participant, started_by=personas.case_manager_a)
    with pytest.raises(Exception) as error:
        intake_save(
            assessment=assessment,
            saved_by=personas.case_manager_a,
            version=1,
            answers={"income_sources": ["snap", "declined"]},
        )
    assert "income_sources" in error.value.message_dict


def test_the_second_of_two_concurrent_saves_is_refused(personas, client_for):
    url = reverse("participants:intake", args=[personas.participant.pk])
    first, second = client_for("case_manager_a"), client_for("supervisor")
    # Both open the form at version 1.
    assert first.get(url).context["form"]["version"].value() == 1
    assert second.get(url).context["form"]["version"].value() == 1
    response = first.post(url, intake_post(1, housing_status="shelter"))
    assert response.status_code == 302
    response = second.post(url, intake_post(1, housing_status="renting"))
    assert response.status_code == 200
    assert "Someone else saved this assessment" in response.content.decode()
    # The refused answers are still on the page; the first save stands.
    assert response.context["form"]["housing_status"].value() == "renting"
    assert IntakeAssessment.objects.get().housing_status == "shelter"


def test_intake_completes_only_with_assessment_and_a_release(personas):
    pat = personas.participant
    with time_machine.travel("2026-06-01 10:00 -07:00", tick=False):
        assessment = intake_start(participant=pat, started_by=personas.case_manager_a)
        intake_complete(
            assessment=assessment, completed_by=personas.case_manager_a, version=1, answers={}
        )
        episode = pat.episodes.get()
        assert episode.intake_completed_at is None
        pat.refresh_from_db()
        assert pat.status == ParticipantStatus.INTAKE_PENDING
    with time_machine.travel("2026-06-02 10:00 -07:00", tick=False):
        release(personas, signed_on=date(2026, 6, 2))
        episode.refresh_from_db()
        assert episode.intake_completed_at is not None
        assert episode.intake_completed_at.date() == date(2026, 6, 2)
        pat.refresh_from_db()
        assert pat.status == ParticipantStatus.ACTIVE
        change = pat.status_changes.get(to_status=ParticipantStatus.ACTIVE)
        assert change.from_status == ParticipantStatus.INTAKE_PENDING
        assert change.changed_by == personas.case_manager_a


def test_a_revoked_release_does_not_complete_intake(personas):
    from participants.services import consent_revoke

    with time_machine.travel("2026-06-01 10:00 -07:00", tick=False) as traveller:
        consent = release(personas, signed_on=date(2026, 5, 1))
        traveller.move_to("2026-06-01 11:00 -07:00")
        consent_revoke(consent=consent, revoked_by=personas.case_manager_a)
        assessment = intake_start(
            participant=personas.participant, started_by=personas.case_manager_a
        )
        intake_complete(
            assessment=assessment, completed_by=personas.case_manager_a, version=1, answers={}
        )
    assert personas.participant.episodes.get().intake_completed_at is None


def test_program_manager_cannot_read_the_intake_assessment(personas, client_for):
    url = reverse("participants:intake", args=[personas.participant.pk])
    assert client_for("case_manager_a").get(url).status_code == 200
    assert client_for("program_manager").get(url).status_code == 403


@time_machine.travel("2026-06-01 10:00 -07:00", tick=False)
def test_full_intake_from_an_approved_referral_turns_it_intake_complete(
    personas, client_for, settings, tmp_path
):
    """Done means: match or create the person, fill the assessment, record a release with a
    scanned form, and see the referral turn "intake complete"."""
    from referrals.models import Referral
    from referrals.status import DeadlineState, OutcomeStatus
    from tests.referrals.factories import ReferralFactory

    settings.MEDIA_ROOT = tmp_path
    referral = ReferralFactory(
        referred_by=personas.officer, first_name="Jonathon", last_name="Smyth", decision="approved"
    )
    client = client_for("case_manager_a")
    # No match: the case manager creates the person (duplicates are checked first).
    response = client.post(
        reverse("participants:create"),
        {
            "first_name": "Jonathan",
            "last_name": "Smith",
            "creation_token": "8d1c0a5e-1111-4c1b-9e55-1a2b3c4d5e6f",
        },
    )
    person = response.wsgi_request.user.care_assignments.get(
        participant__first_name="Jonathan"
    ).participant
    assert response.status_code == 302
    episode = person.episodes.get()
    Referral.objects.filter(pk=referral.pk).update(participant=person, episode=episode)

    intake_url = reverse("participants:intake", args=[person.pk])
    assert (
        client.post(
            intake_url, intake_post(1, complete=True, **{"housing_status": "shelter"})
        ).status_code
        == 302
    )
    response = client.post(
        reverse("participants:consent_create", args=[person.pk]),
        {
            "recipient_agency_types": ["police", "prosecutor"],
            "categories": ["participation", "case_manager_contact"],
            "purpose": "Coordination",
            "signed_on": "2026-06-01",
            "expires_on": "2027-06-01",
            "form_scan": upload(),
            "submission_token": "2f0c9c1e-2222-4c1b-9e55-1a2b3c4d5e6f",
        },
    )
    assert response.status_code == 302
    state = Referral.objects.with_state().get(pk=referral.pk)
    assert state.outcome_status == OutcomeStatus.INTAKE_COMPLETE
    assert state.deadline_state == DeadlineState.COMPLETE
    page = client.get(reverse("participants:detail", args=[person.pk]))
    assert "Intake complete" in page.content.decode()
