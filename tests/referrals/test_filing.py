"""Officers file referrals: both pathways, eligibility flags, bad input, double submits."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lead.models import SiteSettings
from referrals.models import Referral
from tests.referrals.helpers import arrest_post, form_time, social_post

URL = reverse("referrals:create")


def test_officer_files_an_arrest_diversion(personas, client_for):
    client = client_for("officer")
    page = client.get(URL)
    assert page.status_code == 200
    # Sensible defaults: area from the officer's agency, a fresh idempotency token.
    assert page.context["form"].initial["token"]
    response = client.post(URL, arrest_post(uuid.uuid4()))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    assert referral.referred_by == personas.officer
    assert referral.referring_agency == personas.police
    assert referral.pathway == "arrest_diversion"
    assert referral.hold_requested is True
    assert referral.status == "submitted"
    assert referral.flags == []


def test_officer_files_a_social_contact_referral(personas, client_for):
    response = client_for("officer").post(URL, social_post(uuid.uuid4()))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.pathway == "social_contact"
    assert referral.verification == "observation"
    assert referral.activity_inside_area is True
    assert referral.waitlisted_at is None


def test_fields_of_the_other_pathway_are_dropped_without_javascript(personas, client_for):
    # Without JS every section shows; whatever was typed in the unused one is not kept.
    data = arrest_post(uuid.uuid4(), verification="records", activity_place="Somewhere")
    client_for("officer").post(URL, data)
    referral = Referral.objects.get()
    assert referral.verification == ""
    assert referral.activity_place == ""


def test_a_double_submit_creates_one_referral(personas, client_for):
    client = client_for("officer")
    data = arrest_post(uuid.uuid4())
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert Referral.objects.count() == 1
    assert first.url == second.url


def test_officer_cannot_reuse_another_officers_token(personas, client_for):
    from tests.factories import UserFactory

    colleague = UserFactory(username="colleague", role="officer", agency=personas.police)
    token = uuid.uuid4()
    client_for("officer").post(URL, arrest_post(token))
    other = client_for("anonymous")
    other.force_login(colleague)
    assert other.post(URL, arrest_post(token)).status_code == 403
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("incident_at", lambda now: form_time(now + timedelta(days=1)), "future"),
        ("date_of_birth", lambda now: (now + timedelta(days=3)).date().isoformat(), "future"),
        ("handoff_arrived_at", lambda now: form_time(now - timedelta(hours=2)), "before the call"),
        ("drug_quantity_grams", lambda now: "-1", "negative"),
        ("offenses", lambda now: "", "required"),
        ("how_to_find", lambda now: "", "required"),
        ("narrative", lambda now: "", "required"),
    ],
)
def test_bad_arrest_input_is_rejected_beside_the_field(personas, client_for, field, value, message):
    data = arrest_post(uuid.uuid4(), **{field: value(timezone.now())})
    response = client_for("officer").post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]).lower()
    # Everything else the officer typed is still there.
    assert form["location"].value() == "4th and Main"
    assert form["narrative"].value() == data["narrative"]
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("activity_date", "2000-01-01", "look-back"),
        ("activity_date", "", "required"),
        ("verification", "", "required"),
        ("activity_inside_area", "", "inside the lead area"),
    ],
)
def test_bad_social_contact_input_is_rejected_beside_the_field(
    personas, client_for, field, value, message
):
    data = social_post(uuid.uuid4(), **{field: value})
    if not value:
        data.pop(field)
    response = client_for("officer").post(URL, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field]).lower()
    assert not Referral.objects.exists()


def test_a_date_of_birth_or_an_age_is_needed(personas, client_for):
    client = client_for("officer")
    response = client.post(URL, arrest_post(uuid.uuid4(), date_of_birth=""))
    assert "approximate age" in response.context["form"].errors["date_of_birth"][0]
    client.post(URL, arrest_post(uuid.uuid4(), date_of_birth="", approximate_age="40"))
    assert Referral.objects.get().approximate_age == 40


def _under_18_birthday():
    today = timezone.localdate()
    return today.replace(year=today.year - 17).isoformat()


@pytest.mark.parametrize(
    ("post", "overrides", "flag"),
    [
        (arrest_post, {"date_of_birth": _under_18_birthday()}, "under_18"),
        (arrest_post, {"drug_quantity_grams": "3.01"}, "quantity"),
        (social_post, {"activity_date": "2001-05-05"}, "lookback"),
    ],
)
def test_flagged_referral_needs_a_reason_and_the_flag_travels_with_it(
    personas, client_for, post, overrides, flag
):
    client = client_for("officer")
    refused = client.post(URL, post(uuid.uuid4(), **overrides))
    assert "flag_reason" in refused.context["form"].errors
    assert not Referral.objects.exists()
    client.post(URL, post(uuid.uuid4(), flag_reason="Known to outreach; PCG asked", **overrides))
    referral = Referral.objects.get()
    assert referral.flags == [flag]
    assert referral.flag_reason == "Known to outreach; PCG asked"


def test_quantity_at_the_threshold_is_not_flagged(personas, client_for):
    client_for("officer").post(URL, arrest_post(uuid.uuid4(), drug_quantity_grams="3.00"))
    assert Referral.objects.get().flags == []


def test_ticked_exclusions_are_kept_with_the_reason(personas, client_for):
    exclusion = SiteSettings.load().eligibility_exclusions[1]
    data = arrest_post(uuid.uuid4(), exclusions=[exclusion], flag_reason="Reviewer to decide")
    client_for("officer").post(URL, data)
    assert Referral.objects.get().exclusions_marked == [exclusion]


def test_a_pathway_the_site_has_off_is_refused(personas, client_for):
    site = SiteSettings.load()
    site.social_contact_enabled = False
    site.save()
    response = client_for("officer").post(URL, social_post(uuid.uuid4()))
    assert "pathway" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_community_referral_needs_the_site_setting(personas, client_for):
    data = social_post(uuid.uuid4(), pathway="community", community_referrer="Her brother")
    client = client_for("officer")
    client.post(URL, data)
    assert not Referral.objects.exists()
    site = SiteSettings.load()
    site.community_referral_enabled = True
    site.save()
    client.post(URL, data)
    referral = Referral.objects.get()
    assert referral.community_referrer == "Her brother"
    assert referral.activity_place == ""


def test_prosecutor_cannot_file_referrals(personas, client_for):
    assert client_for("prosecutor").post(URL, arrest_post(uuid.uuid4())).status_code == 403
    assert not Referral.objects.exists()
