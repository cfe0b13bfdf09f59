import pytest
from django.core.exceptions import ValidationError

from lead.models import AuditEvent
from participants.models import (
    CareTeamMember,
    Episode,
    IntakeAssessment,
    MergeRecord,
    Participant,
    ParticipantAlias,
    StatusChange,
)
from participants.services import (
    care_team_add,
    intake_start,
    participant_create,
    participant_merge,
    participant_merge_undo,
)
from participants.services.merge import movable_relations
from referrals.models import Referral
from tests.referrals.factories import ReferralFactory


@pytest.fixture
def duplicate(personas):
    """A second record of Pat, made by case manager B, with rows of its own."""
    dup = participant_create(
        created_by=personas.supervisor,
        agency=personas.provider,
        first_name="Patrick",
        last_name="Exampel",
        aliases=["Paddy"],
    )
    care_team_add(
        participant=dup, added_by=personas.supervisor, user=personas.case_manager_b, primary=True
    )
    care_team_add(participant=dup, added_by=personas.supervisor, user=personas.case_manager_a)
    intake_start(participant=dup, started_by=personas.case_manager_b)
    # A row another app wrote: the merge finds and moves it without knowing the app.
    ReferralFactory(
        referred_by=personas.officer,
        decision="approved",
        participant=dup,
        episode=dup.episodes.get(),
    )
    return dup


def linked_rows(participant):
    """Every row pointing at `participant`, by model, found the same way a merge finds them."""
    return {
        (model._meta.label_lower, pk)
        for model, field in movable_relations()
        for pk in model._base_manager.filter(**{field: participant}).values_list("pk", flat=True)
    }


def test_merge_discovers_relations_of_every_app():
    labels = {model._meta.label_lower for model, _ in movable_relations()}
    assert {
        "participants.episode",
        "participants.careteammember",
        "participants.statuschange",
        "participants.participantalias",
        "participants.consent",
        "participants.intakeassessment",
    } <= labels
    assert not any(label.endswith("event") and "pgh" in label for label in labels)
    assert "participants.mergerecord" not in labels


def test_merge_and_undo_keep_every_linked_row(personas, duplicate):
    pat = personas.participant
    pat_rows, dup_rows = linked_rows(pat), linked_rows(duplicate)
    record = participant_merge(
        survivor=pat, merged=duplicate, merged_by=personas.supervisor, reason="Same DOB and face"
    )
    # B joins Pat's team; A was on both teams, so A's row on the duplicate stays behind.
    a_on_dup = CareTeamMember.objects.get(participant=duplicate, user=personas.case_manager_a)
    assert linked_rows(duplicate) == {("participants.careteammember", a_on_dup.pk)}
    assert linked_rows(pat) == pat_rows | (dup_rows - linked_rows(duplicate))
    assert (
        CareTeamMember.objects.get(participant=pat, is_primary=True).user == personas.case_manager_a
    )
    assert (
        CareTeamMember.objects.get(participant=pat, user=personas.case_manager_b).is_primary
        is False
    )
    assert Episode.objects.filter(participant=pat, closed_at__isnull=True).count() == 1
    referral = Referral.objects.get()
    assert referral.participant == pat and referral.episode.participant == pat
    assert ParticipantAlias.objects.filter(participant=pat, name="Paddy").exists()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == pat
    assert not Participant.objects.visible_to(personas.supervisor).filter(pk=duplicate.pk).exists()
    assert AuditEvent.objects.filter(
        action="participant.merge", participant_id=duplicate.pk
    ).exists()
    assert AuditEvent.objects.filter(action="participant.merge", participant_id=pat.pk).exists()

    participant_merge_undo(record=record, undone_by=personas.supervisor)
    assert linked_rows(pat) == pat_rows
    assert linked_rows(duplicate) == dup_rows
    assert Referral.objects.get().participant == duplicate
    assert CareTeamMember.objects.get(
        participant=duplicate, user=personas.case_manager_b
    ).is_primary
    assert Episode.objects.filter(participant=duplicate, closed_at__isnull=True).count() == 1
    assert IntakeAssessment.objects.get(participant=duplicate).episode.is_open
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert Participant.objects.visible_to(personas.supervisor).filter(pk=duplicate.pk).exists()
    assert AuditEvent.objects.filter(action="participant.merge_undo").count() == 2


def test_a_merge_can_be_undone_once(personas, duplicate):
    record = participant_merge(
        survivor=personas.participant, merged=duplicate, merged_by=personas.supervisor, reason="x"
    )
    participant_merge_undo(record=record, undone_by=personas.supervisor)
    with pytest.raises(ValidationError):
        participant_merge_undo(record=record, undone_by=personas.supervisor)


def test_a_merged_record_cannot_be_merged_again(personas, duplicate):
    participant_merge(
        survivor=personas.participant, merged=duplicate, merged_by=personas.supervisor, reason="x"
    )
    with pytest.raises(ValidationError):
        participant_merge(
            survivor=personas.participant,
            merged=duplicate,
            merged_by=personas.supervisor,
            reason="x",
        )
    assert MergeRecord.objects.count() == 1


def test_merge_needs_a_reason(personas, duplicate):
    with pytest.raises(ValidationError):
        participant_merge(
            survivor=personas.participant,
            merged=duplicate,
            merged_by=personas.supervisor,
            reason=" ",
        )
    assert StatusChange.objects.filter(participant=duplicate).exists()
