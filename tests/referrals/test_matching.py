"""Program staff match approved referrals to people; capacity puts social contacts on a waitlist."""

import uuid

import pytest
from django.urls import reverse

from lead.models import SiteSettings
from participants.models import Episode, Participant, ParticipantStatus
from participants.services import participant_change_status
from referrals import services
from referrals.models import Referral
from tests.referrals.factories import ReferralFactory
from tests.referrals.helpers import arrest_post, social_post


def _approved(personas, **fields):
    return ReferralFactory(referred_by=personas.officer, decision="approved", **fields)


def _match_url(referral):
    return reverse("referrals:match", args=[referral.pk])


def test_case_manager_creates_a_new_person_from_a_referral(personas, client_for):
    referral = _approved(personas, first_name="Quinn", last_name="Newcombe", aliases="Q, Newt")
    before = Participant.objects.count()
    response = client_for("case_manager_b").post(_match_url(referral), {"action": "create"})
    assert response.status_code == 302
    referral.refresh_from_db()
    person = referral.participant
    assert Participant.objects.count() == before + 1
    assert (person.first_name, person.last_name) == ("Quinn", "Newcombe")
    assert person.agency == personas.provider
    assert sorted(person.aliases.values_list("name", flat=True)) == ["Newt", "Q"]
    assert person.care_team.get(is_primary=True).user == personas.case_manager_b
    assert referral.episode.participant == person
    assert referral.status == "intake_pending"


def test_a_person_referred_again_attaches_to_their_record(personas, client_for):
    pat = personas.participant
    referral = _approved(personas, first_name="Pat", last_name="Example")
    client = client_for("case_manager_other")
    page = client.get(_match_url(referral))
    assert pat.pk in [p.pk for p in page.context["candidates"]]
    before = Participant.objects.count()
    client.post(_match_url(referral), {"action": "attach", "participant": pat.pk})
    referral.refresh_from_db()
    assert referral.participant == pat
    assert referral.episode == Episode.objects.get(participant=pat, closed_at__isnull=True)
    assert Participant.objects.count() == before


def test_a_person_back_after_an_exit_gets_a_new_episode(personas, client_for):
    pat = personas.participant
    participant_change_status(
        participant=pat, changed_by=personas.supervisor, status="exited", reason="Moved"
    )
    old = Episode.objects.get(participant=pat)
    referral = _approved(personas, first_name="Pat", last_name="Example")
    client_for("case_manager_a").post(
        _match_url(referral), {"action": "attach", "participant": pat.pk}
    )
    referral.refresh_from_db()
    assert referral.episode != old
    assert referral.episode.closed_at is None
    pat.refresh_from_db()
    assert pat.status == ParticipantStatus.INTAKE_PENDING


def test_only_listed_candidates_can_be_attached(personas, client_for):
    stranger = Participant.objects.create(
        first_name="Zed", last_name="Unrelated", agency=personas.other_provider
    )
    referral = _approved(personas, first_name="Pat", last_name="Example")
    response = client_for("case_manager_a").post(
        _match_url(referral), {"action": "attach", "participant": stranger.pk}
    )
    assert response.status_code == 200
    assert "Choose one of the people listed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.participant_id is None


def test_search_text_is_posted_not_put_in_the_url(personas, client_for):
    referral = _approved(personas, first_name="Someone", last_name="Else")
    client = client_for("case_manager_a")
    response = client.post(_match_url(referral), {"action": "search", "search_text": "Pat Example"})
    assert personas.participant.pk in [p.pk for p in response.context["candidates"]]
    client.post(
        _match_url(referral),
        {"action": "attach", "participant": personas.participant.pk, "search_text": "Pat Example"},
    )
    referral.refresh_from_db()
    assert referral.participant == personas.participant


def test_a_matched_referral_is_not_matched_twice(personas, client_for):
    referral = _approved(personas)
    client = client_for("case_manager_a")
    client.post(_match_url(referral), {"action": "create"})
    count = Participant.objects.count()
    again = client.post(_match_url(referral), {"action": "create"})
    assert again.status_code == 302
    assert Participant.objects.count() == count


def test_the_person_may_decline(personas, client_for):
    referral = _approved(personas)
    client_for("supervisor").post(_match_url(referral), {"action": "person_declined"})
    referral.refresh_from_db()
    assert referral.status == "person_declined"
    assert referral.participant_id is None


def test_pending_referrals_cannot_be_matched(personas):
    referral = ReferralFactory(referred_by=personas.officer)
    with pytest.raises(Exception, match="approved"):
        services.referral_create_participant(referral=referral, matched_by=personas.case_manager_a)


@pytest.fixture
def full_program(personas):
    site = SiteSettings.load()
    site.program_capacity = Participant.objects.exclude(status="exited").count()
    site.save()
    return site


def _file(client, data):
    client.post(reverse("referrals:create"), data)
    return Referral.objects.get(idempotency_token=data["token"])


def test_at_capacity_social_contacts_wait_and_arrests_do_not(personas, client_for, full_program):
    client = client_for("officer")
    social = _file(client, social_post(uuid.uuid4()))
    arrest = _file(client, arrest_post(uuid.uuid4()))
    assert social.is_waitlisted
    assert not arrest.is_waitlisted
    assert arrest.status == "submitted"


def test_below_capacity_social_contacts_do_not_wait(personas, client_for):
    social = _file(client_for("officer"), social_post(uuid.uuid4()))
    assert not social.is_waitlisted


def test_the_waitlist_keeps_its_order(personas, client_for, full_program):
    client = client_for("officer")
    first = _file(client, social_post(uuid.uuid4()))
    second = _file(client, social_post(uuid.uuid4()))
    assert list(Referral.objects.waitlist()) == [first, second]
    Referral.objects.filter(pk__in=[first.pk, second.pk]).update(decision="approved")
    assert Referral.objects.get(pk=first.pk).status == "waitlisted"
    # Still full: nobody comes off the list.
    with pytest.raises(Exception, match="capacity"):
        services.referral_create_participant(referral=first, matched_by=personas.case_manager_a)
    full_program.program_capacity += 1
    full_program.save()
    # A place opens: the first in line takes it, not the second.
    with pytest.raises(Exception, match="Earlier referrals"):
        services.referral_create_participant(referral=second, matched_by=personas.case_manager_a)
    services.referral_create_participant(referral=first, matched_by=personas.case_manager_a)
    first.refresh_from_db()
    assert first.waitlist_released_at is not None
    assert list(Referral.objects.waitlist()) == [second]
    page = client_for("program_manager").get(reverse("referrals:waitlist"))
    assert [r.pk for r in page.context["page"].object_list] == [second.pk]
