import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lead.models import AuditEvent, SiteSettings
from participants.models import CareTeamMember, ParticipantStatus
from participants.services import (
    care_team_add,
    care_team_remove,
    caseload_count,
    participant_change_status,
)
from tests.factories import ParticipantFactory


@pytest.fixture
def limits(personas):
    site = SiteSettings.load()
    site.caseload_warn, site.caseload_block = 2, 3
    site.save()
    return site


def give_caseload(personas, user, n):
    for _ in range(n):
        p = ParticipantFactory(agency=personas.provider)
        care_team_add(participant=p, added_by=personas.supervisor, user=user, primary=True)


def assign(personas, added_by, **kwargs):
    p = ParticipantFactory(agency=personas.provider)
    return care_team_add(
        participant=p, added_by=added_by, user=personas.case_manager_b, primary=True, **kwargs
    )


def test_caseload_counts_primary_assignments_that_have_not_exited(personas):
    give_caseload(personas, personas.case_manager_b, 2)
    p = ParticipantFactory(agency=personas.provider)
    care_team_add(participant=p, added_by=personas.supervisor, user=personas.case_manager_b)
    assert caseload_count(personas.case_manager_b) == 2
    exited = CareTeamMember.objects.filter(user=personas.case_manager_b, is_primary=True).first()
    participant_change_status(
        participant=exited.participant,
        changed_by=personas.supervisor,
        status=ParticipantStatus.EXITED,
        reason="Moved",
    )
    assert caseload_count(personas.case_manager_b) == 1


def test_past_the_warning_level_the_assignment_warns(personas, limits):
    give_caseload(personas, personas.case_manager_b, 2)
    member = assign(personas, personas.supervisor)
    assert member.caseload_warning is not None and not member.caseload_warning.blocked
    assert member.caseload_warning.caseload == 3


def test_at_the_warning_level_there_is_no_warning(personas, limits):
    give_caseload(personas, personas.case_manager_b, 1)
    assert assign(personas, personas.supervisor).caseload_warning is None


def test_past_the_block_level_a_case_manager_cannot_assign(personas, limits):
    give_caseload(personas, personas.case_manager_b, 3)
    with pytest.raises(ValidationError):
        assign(personas, personas.case_manager_a, override_reason="Please")
    assert caseload_count(personas.case_manager_b) == 3


def test_past_the_block_level_a_supervisor_needs_a_reason(personas, limits):
    give_caseload(personas, personas.case_manager_b, 3)
    with pytest.raises(ValidationError) as error:
        assign(personas, personas.supervisor)
    assert "override_reason" in error.value.message_dict
    member = assign(personas, personas.supervisor, override_reason="Only Spanish speaker")
    assert member.caseload_warning.blocked
    assert member.caseload_override_reason == "Only Spanish speaker"
    assert caseload_count(personas.case_manager_b) == 4
    assert AuditEvent.objects.filter(action="caseload.override").count() == 1


def test_reassigning_primary_moves_it(personas):
    pat = personas.participant
    care_team_add(
        participant=pat, added_by=personas.supervisor, user=personas.case_manager_b, primary=True
    )
    primaries = CareTeamMember.objects.filter(participant=pat, is_primary=True)
    assert [m.user for m in primaries] == [personas.case_manager_b]
    assert CareTeamMember.objects.filter(participant=pat, user=personas.case_manager_a).exists()
    care_team_remove(participant=pat, removed_by=personas.supervisor, user=personas.case_manager_a)
    assert not CareTeamMember.objects.filter(participant=pat, user=personas.case_manager_a).exists()


def test_the_primary_cannot_be_removed_without_a_replacement(personas):
    with pytest.raises(ValidationError):
        care_team_remove(
            participant=personas.participant,
            removed_by=personas.supervisor,
            user=personas.case_manager_a,
        )


def test_a_case_manager_of_another_agency_cannot_join(personas):
    with pytest.raises(ValidationError):
        care_team_add(
            participant=personas.participant,
            added_by=personas.supervisor,
            user=personas.case_manager_other,
        )


def test_supervisor_assigns_past_the_block_from_the_care_team_page(personas, client_for, limits):
    give_caseload(personas, personas.case_manager_b, 3)
    client = client_for("supervisor")
    url = reverse("participants:care_team", args=[personas.participant.pk])
    data = {"user": personas.case_manager_b.pk, "primary": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    response = client.post(url, data | {"override_reason": "Continuity of care"}, follow=True)
    assert "past the block level" in response.content.decode()
    assert CareTeamMember.objects.get(participant=personas.participant, is_primary=True).user == (
        personas.case_manager_b
    )


def test_case_manager_cannot_manage_the_care_team(personas, client_for):
    url = reverse("participants:care_team", args=[personas.participant.pk])
    assert client_for("supervisor").get(url).status_code == 200
    assert client_for("case_manager_a").get(url).status_code == 403
