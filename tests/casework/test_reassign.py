"""Supervisors rebalance caseloads from the dashboard, within the site's caseload limits."""

import pytest
from django.urls import reverse

from lead.models import SiteSettings
from participants.models import CareTeamMember
from participants.services import care_team_add
from tests.factories import ParticipantFactory


def _url(personas):
    return reverse("casework:reassign", args=[personas.participant.pk])


def _primary(personas):
    return CareTeamMember.objects.get(participant=personas.participant, is_primary=True).user


def _load_b(personas, n):
    for _ in range(n):
        care_team_add(
            participant=ParticipantFactory(agency=personas.provider),
            added_by=personas.supervisor,
            user=personas.case_manager_b,
            primary=True,
        )


def test_supervisor_reassigns_participant(personas, client_for):
    response = client_for("supervisor").post(
        _url(personas), {"to_user": personas.case_manager_b.pk, "remove_previous": "on"}
    )
    assert response.status_code == 302
    assert _primary(personas) == personas.case_manager_b
    assert not CareTeamMember.objects.filter(
        participant=personas.participant, user=personas.case_manager_a
    ).exists()
    assert personas.case_manager_b.notifications.count() == 1


def test_case_manager_cannot_reassign(personas, client_for):
    response = client_for("case_manager_a").post(
        _url(personas), {"to_user": personas.case_manager_b.pk}
    )
    assert response.status_code == 403
    assert _primary(personas) == personas.case_manager_a


def test_reassign_to_another_agency_is_refused(personas, client_for):
    response = client_for("supervisor").post(
        _url(personas), {"to_user": personas.case_manager_other.pk}
    )
    assert response.status_code == 200
    assert "to_user" in response.context["form"].errors
    assert _primary(personas) == personas.case_manager_a


def test_past_the_block_needs_a_reason(personas, client_for):
    site = SiteSettings.load()
    site.caseload_warn, site.caseload_block = 1, 2
    site.save()
    _load_b(personas, 2)
    client = client_for("supervisor")
    response = client.post(_url(personas), {"to_user": personas.case_manager_b.pk})
    assert response.status_code == 200
    assert "Give a reason" in response.context["form"].errors["override_reason"][0]
    assert _primary(personas) == personas.case_manager_a
    response = client.post(
        _url(personas),
        {"to_user": personas.case_manager_b.pk, "override_reason": "A is on leave"},
        follow=True,
    )
    assert _primary(personas) == personas.case_manager_b
    assert any("past the block level" in str(m) for m in response.context["messages"])


@pytest.mark.parametrize("others", [0, 12])
def test_reassign_page_query_count(personas, client_for, django_assert_num_queries, others):
    _load_b(personas, others)
    client = client_for("supervisor")
    # session + participant + audit insert + current primary + case managers
    # + their caseloads (one grouped query) + site settings
    with django_assert_num_queries(5 + 6):
        client.get(_url(personas))
