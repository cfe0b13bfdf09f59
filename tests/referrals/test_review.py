"""The designated reviewer decides once, with reason codes; declines stay on record."""

import pytest
from django.urls import reverse

from lead.models import SiteSettings
from referrals import services
from referrals.models import ReasonCode, Referral
from tests.referrals.factories import ReferralFactory


@pytest.fixture
def referral(personas):
    return ReferralFactory(referred_by=personas.officer)


def _codes(applies_to):
    return list(ReasonCode.objects.filter(applies_to=applies_to).values_list("pk", flat=True)[:1])


def _decide(client, referral, decision, reasons, note=""):
    url = reverse("referrals:decide", args=[referral.pk])
    return client.post(url, {"decision": decision, "reasons": reasons, "note": note})


def test_prosecutor_approves_with_a_reason_code(personas, client_for, referral):
    response = _decide(client_for("prosecutor"), referral, "approved", _codes("approved"))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.decision == "approved"
    assert referral.decided_by == personas.prosecutor
    assert referral.status == "approved"


def test_a_declined_referral_stays_on_record_with_its_reasons(personas, client_for, referral):
    reasons = _codes("declined")
    _decide(client_for("prosecutor"), referral, "declined", reasons, note="Over threshold")
    referral.refresh_from_db()
    assert referral.decision == "declined"
    assert list(referral.decision_reasons.values_list("pk", flat=True)) == reasons
    assert referral.decision_note == "Over threshold"
    page = client_for("program_manager").get(reverse("referrals:detail", args=[referral.pk]))
    assert ReasonCode.objects.get(pk=reasons[0]).label in page.content.decode()
    officer_page = client_for("officer").get(reverse("referrals:detail", args=[referral.pk]))
    assert "Declined" in officer_page.content.decode()


def test_a_decision_needs_a_reason_that_fits_it(personas, client_for, referral):
    client = client_for("prosecutor")
    missing = _decide(client, referral, "approved", [])
    assert "reasons" in missing.context["form"].errors
    wrong = _decide(client, referral, "approved", _codes("declined"))
    assert "not a reason for this decision" in wrong.context["form"].errors["reasons"][0]
    referral.refresh_from_db()
    assert referral.decision == "pending"


def test_a_referral_cannot_be_decided_twice(personas, referral):
    approve = ReasonCode.objects.filter(applies_to="approved")
    decline = ReasonCode.objects.filter(applies_to="declined")
    # Both reviewers loaded the referral while it was pending.
    stale = Referral.objects.get(pk=referral.pk)
    services.referral_decide(
        referral=referral, decided_by=personas.prosecutor, decision="approved", reasons=approve
    )
    with pytest.raises(services.AlreadyDecided) as raised:
        services.referral_decide(
            referral=stale, decided_by=personas.prosecutor, decision="declined", reasons=decline
        )
    assert raised.value.referral.decision == "approved"
    referral.refresh_from_db()
    assert referral.decision == "approved"


def test_the_second_reviewer_is_told(personas, client_for, referral):
    first, second = client_for("prosecutor"), client_for("prosecutor")
    _decide(first, referral, "approved", _codes("approved"))
    response = _decide(second, referral, "declined", _codes("declined"))
    assert response.status_code == 302
    told = [str(m) for m in response.wsgi_request._messages]
    assert any("already approved" in m for m in told)
    referral.refresh_from_db()
    assert referral.decision == "approved"


def test_the_site_setting_chooses_the_reviewer(personas, client_for, referral):
    url = reverse("referrals:decide", args=[referral.pk])
    assert client_for("prosecutor").get(url).status_code == 200
    assert client_for("supervisor").get(url).status_code == 404
    site = SiteSettings.load()
    site.referral_reviewer = "program"
    site.save()
    assert client_for("prosecutor").get(url).status_code == 403
    assert client_for("supervisor").get(url).status_code == 200
    response = _decide(client_for("supervisor"), referral, "approved", _codes("approved"))
    assert response.status_code == 302


def test_officer_cannot_decide_referrals(personas, client_for, referral):
    response = _decide(client_for("officer"), referral, "approved", _codes("approved"))
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.decision == "pending"


def test_review_queue_lists_pending_referrals_oldest_first(personas, client_for):
    newer = ReferralFactory(referred_by=personas.officer)
    older = ReferralFactory(
        referred_by=personas.officer,
        submitted_at=newer.submitted_at.replace(year=newer.submitted_at.year - 1),
    )
    done = ReferralFactory(referred_by=personas.officer, decision="declined")
    page = client_for("prosecutor").get(reverse("referrals:queue"))
    listed = [r.pk for r in page.context["page"].object_list]
    assert listed == [older.pk, newer.pk]
    assert done.pk not in listed
