"""Every referral page pins its query count, and lists do not grow with their rows.

Paginated lists start at one row: an empty page costs one query less (Django skips the
fetch when the count is zero)."""

import pytest
from django.urls import reverse

from tests.lead.test_pages import SESSION
from tests.referrals.factories import ReferralFactory


def _many(personas, n, **fields):
    return [ReferralFactory(referred_by=personas.officer, **fields) for _ in range(n)]


@pytest.mark.parametrize("rows", [0, 15])
def test_officer_home_query_count(personas, client_for, django_assert_num_queries, rows):
    _many(personas, rows)
    client = client_for("officer")
    # session + their referrals with states
    with django_assert_num_queries(SESSION + 1):
        response = client.get(reverse("home"))
    assert len(response.context["referrals"]) == rows


@pytest.mark.parametrize("rows", [0, 15])
def test_prosecutor_home_query_count(personas, client_for, django_assert_num_queries, rows):
    _many(personas, rows)
    client = client_for("prosecutor")
    # session + site settings + review queue + running deadlines + missed deadlines
    with django_assert_num_queries(SESSION + 4):
        response = client.get(reverse("home"))
    assert len(response.context["deadline_referrals"]) == rows


@pytest.mark.parametrize(
    ("persona", "rows"),
    [("officer", 1), ("officer", 30), ("program_manager", 1), ("program_manager", 30)],
)
def test_referral_list_query_count(personas, client_for, django_assert_num_queries, persona, rows):
    _many(personas, rows)
    client = client_for(persona)
    # session + count + page (states annotated, agency joined); staff also get the agency
    # choices of the filter form
    extra = 0 if persona == "officer" else 1
    with django_assert_num_queries(SESSION + 2 + extra):
        response = client.get(reverse("referrals:list"))
    assert len(response.context["page"].object_list) == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 30])
def test_review_queue_query_count(personas, client_for, django_assert_num_queries, rows):
    _many(personas, rows)
    client = client_for("prosecutor")
    # session + site settings (who reviews) + count + page
    with django_assert_num_queries(SESSION + 3):
        client.get(reverse("referrals:queue"))


@pytest.mark.parametrize("rows", [1, 30])
def test_waitlist_query_count(personas, client_for, django_assert_num_queries, rows):
    from django.utils import timezone

    _many(personas, rows, pathway="social_contact", waitlisted_at=timezone.now())
    client = client_for("program_manager")
    # session + count + page
    with django_assert_num_queries(SESSION + 2):
        client.get(reverse("referrals:waitlist"))


@pytest.mark.parametrize(
    ("persona", "queries"),
    [
        # referral with state + audit insert
        ("officer", 2),
        # referral with state + audit insert + reasons + site settings (may they decide?)
        ("prosecutor", 4),
        ("program_manager", 4),
    ],
)
def test_referral_detail_query_count(
    personas, client_for, django_assert_num_queries, persona, queries
):
    referral = ReferralFactory(referred_by=personas.officer)
    client = client_for(persona)
    with django_assert_num_queries(SESSION + queries):
        client.get(reverse("referrals:detail", args=[referral.pk]))


def test_decide_page_query_count(personas, client_for, django_assert_num_queries):
    referral = ReferralFactory(referred_by=personas.officer)
    client = client_for("prosecutor")
    # referral + site settings (reviewer) + reason codes
    with django_assert_num_queries(SESSION + 3):
        client.get(reverse("referrals:decide", args=[referral.pk]))


def test_new_referral_page_query_count(personas, client_for, django_assert_num_queries):
    client = client_for("officer")
    # session + site settings (pathways, exclusions, thresholds)
    with django_assert_num_queries(SESSION + 1):
        client.get(reverse("referrals:create"))


def test_match_page_query_count(personas, client_for, django_assert_num_queries):
    referral = ReferralFactory(referred_by=personas.officer, decision="approved")
    client = client_for("case_manager_a")
    # referral + one program-wide search for the referred name (its audit row + the ranked
    # query with agencies joined)
    with django_assert_num_queries(SESSION + 3):
        client.get(reverse("referrals:match", args=[referral.pk]))
