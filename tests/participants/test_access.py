import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from participants.models import Participant
from participants.selectors import get_participant_for
from tests.factories import ParticipantFactory


@pytest.mark.parametrize(
    ("persona", "sees_pat"),
    [
        ("officer", False),
        ("prosecutor", False),
        ("case_manager_a", True),
        ("case_manager_b", False),
        ("case_manager_other", False),
        ("supervisor", True),
        ("program_manager", True),
        ("admin", False),
    ],
)
def test_visible_to_follows_the_scope_rules(personas, persona, sees_pat):
    user = personas.by_name(persona)
    visible = Participant.objects.visible_to(user)
    assert visible.filter(pk=personas.participant.pk).exists() is sees_pat


def test_supervisor_sees_only_their_agencys_participants(personas):
    elsewhere = ParticipantFactory(agency=personas.other_provider)
    visible = Participant.objects.visible_to(personas.supervisor)
    assert not visible.filter(pk=elsewhere.pk).exists()


def test_a_disabled_account_sees_nothing(personas):
    personas.case_manager_a.is_active = False
    assert not Participant.objects.visible_to(personas.case_manager_a).exists()


def test_out_of_scope_is_404_and_a_missing_role_is_403(personas):
    with pytest.raises(Http404):
        get_participant_for(personas.case_manager_b, personas.participant.pk)
    with pytest.raises(Http404):
        get_participant_for(personas.case_manager_a, 999_999)
    assert get_participant_for(personas.program_manager, personas.participant.pk)
    with pytest.raises(PermissionDenied):
        get_participant_for(personas.program_manager, personas.participant.pk, write=True)
    assert get_participant_for(personas.case_manager_a, personas.participant.pk, write=True)
