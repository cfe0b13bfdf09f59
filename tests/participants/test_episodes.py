from participants.models import Episode, ParticipantStatus
from participants.services import episode_current_or_open, participant_change_status


def test_a_new_participant_has_one_open_episode(personas):
    episodes = list(personas.participant.episodes.all())
    assert len(episodes) == 1
    assert episodes[0].is_open


def test_an_open_episode_is_reused(personas):
    first = personas.participant.episodes.get()
    again = episode_current_or_open(participant=personas.participant, opened_by=personas.supervisor)
    assert again == first


def test_a_person_who_returns_after_exit_starts_a_new_episode(personas):
    pat = personas.participant
    participant_change_status(
        participant=pat,
        changed_by=personas.supervisor,
        status=ParticipantStatus.EXITED,
        reason="Moved away",
    )
    closed = pat.episodes.get()
    assert closed.closed_at is not None and closed.close_reason == "Moved away"
    new = episode_current_or_open(participant=pat, opened_by=personas.supervisor)
    assert new != closed and new.is_open
    pat.refresh_from_db()
    assert pat.status == ParticipantStatus.INTAKE_PENDING
    assert Episode.objects.filter(participant=pat).count() == 2
    assert pat.status_changes.first().reason == "Returned: new episode opened"
