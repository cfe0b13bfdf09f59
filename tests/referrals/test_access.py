"""Who sees which referral. Officers see their own and its outcome, nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lead.models import SiteSettings
from participants.models import Episode
from referrals.models import Referral
from tests.factories import UserFactory
from tests.referrals.factories import ReferralFactory

CLINICAL_TABLES = (
    '"casework_',
    '"participants_intakeassessment"',
    '"participants_consent',
    '"participants_participant"',
    '"participants_caretea',
)


@pytest.fixture
def colleague(personas):
    return UserFactory(username="officer_colleague", role="officer", agency=personas.police)


@pytest.fixture
def attached_to_pat(personas):
    episode = Episode.objects.get(participant=personas.participant, closed_at__isnull=True)
    return ReferralFactory(
        referred_by=personas.officer,
        decision="approved",
        participant=personas.participant,
        episode=episode,
    )


def test_officer_can_read_own_referral(personas, client_for):
    mine = ReferralFactory(referred_by=personas.officer)
    assert client_for("officer").get(reverse("referrals:detail", args=[mine.pk])).status_code == 200


def test_officer_cannot_read_another_officers_referral(personas, client_for, colleague):
    theirs = ReferralFactory(referred_by=colleague)
    response = client_for("officer").get(reverse("referrals:detail", args=[theirs.pk]))
    assert response.status_code == 404


def test_officer_list_shows_only_own_referrals(personas, client_for, colleague):
    mine = ReferralFactory(referred_by=personas.officer)
    ReferralFactory(referred_by=colleague)
    page = client_for("officer").get(reverse("referrals:list"))
    assert [r.pk for r in page.context["page"].object_list] == [mine.pk]
    home = client_for("officer").get(reverse("home"))
    assert [r.pk for r in home.context["referrals"]] == [mine.pk]


def test_officer_pages_never_load_participant_or_clinical_tables(
    personas, client_for, attached_to_pat
):
    client = client_for("officer")
    urls = [
        reverse("home"),
        reverse("referrals:list"),
        reverse("referrals:detail", args=[attached_to_pat.pk]),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        for table in CLINICAL_TABLES:
            assert table not in sql, (url, table)
        assert personas.participant.last_name not in response.content.decode()
    # The outcome is theirs to see.
    assert "Intake pending" in response.content.decode()


def test_officer_cannot_match_referrals(personas, client_for, attached_to_pat):
    fresh = ReferralFactory(referred_by=personas.officer, decision="approved")
    url = reverse("referrals:match", args=[fresh.pk])
    assert client_for("officer").get(url).status_code == 403
    assert client_for("officer").post(url, {"action": "create"}).status_code == 403
    fresh.refresh_from_db()
    assert fresh.participant_id is None


def test_prosecutor_sees_arrest_diversions_and_all_when_reviewer(personas):
    arrest = ReferralFactory(referred_by=personas.officer)
    social = ReferralFactory(referred_by=personas.officer, pathway="social_contact")
    visible = Referral.objects.visible_to(personas.prosecutor)
    assert set(visible) == {arrest, social}
    site = SiteSettings.load()
    site.referral_reviewer = "program"
    site.save()
    assert set(Referral.objects.visible_to(personas.prosecutor)) == {arrest}


def test_case_managers_see_approved_unmatched_and_their_agencys(personas, attached_to_pat):
    pending = ReferralFactory(referred_by=personas.officer)
    approved = ReferralFactory(referred_by=personas.officer, decision="approved")
    for name in ("case_manager_a", "case_manager_b", "supervisor"):
        visible = set(Referral.objects.visible_to(getattr(personas, name)))
        assert visible == {approved, attached_to_pat}, name
    other = set(Referral.objects.visible_to(personas.case_manager_other))
    assert other == {approved}
    assert pending not in other


def test_supervisor_sees_the_review_queue_when_program_staff_review(personas):
    pending = ReferralFactory(referred_by=personas.officer)
    assert pending not in Referral.objects.visible_to(personas.supervisor)
    site = SiteSettings.load()
    site.referral_reviewer = "program"
    site.save()
    assert pending in Referral.objects.visible_to(personas.supervisor)
    assert pending not in Referral.objects.visible_to(personas.case_manager_a)


def test_program_manager_sees_all_and_admin_none(personas, colleague):
    ReferralFactory(referred_by=personas.officer)
    ReferralFactory(referred_by=colleague)
    assert Referral.objects.visible_to(personas.program_manager).count() == 2
    assert Referral.objects.visible_to(personas.admin).count() == 0


def test_admin_cannot_read_referrals(personas, client_for):
    referral = ReferralFactory(referred_by=personas.officer)
    assert client_for("admin").get(reverse("referrals:list")).status_code == 403
    url = reverse("referrals:detail", args=[referral.pk])
    assert client_for("admin").get(url).status_code == 404


def test_prosecutor_detail_shows_outcome_not_the_participant(personas, client_for, attached_to_pat):
    response = client_for("prosecutor").get(reverse("referrals:detail", args=[attached_to_pat.pk]))
    html = response.content.decode()
    assert "Intake pending" in html
    assert reverse("participants:detail", args=[personas.participant.pk]) not in html
