"""The intake deadline is computed from dates, in SQL and in Python, with the same answers."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from lead.models import SiteSettings
from participants.models import Episode
from referrals.models import Referral
from tests.referrals.factories import ReferralFactory

FILED = timezone.now().replace(microsecond=0) - timedelta(days=60)
DAYS = 30
DEADLINE = FILED + timedelta(days=DAYS)


@pytest.fixture
def attached(personas):
    """An approved arrest diversion attached to Pat's open episode."""
    episode = Episode.objects.get(participant=personas.participant, closed_at__isnull=True)
    return ReferralFactory(
        referred_by=personas.officer,
        submitted_at=FILED,
        decision="approved",
        participant=personas.participant,
        episode=episode,
    )


def _states(referral):
    """(SQL answer, Python answer) for the referral's status and deadline state."""
    annotated = Referral.objects.with_state().get(pk=referral.pk)
    fresh = Referral.objects.get(pk=referral.pk)
    return (
        (annotated.status, annotated.deadline_status),
        (fresh.status, fresh.deadline_status),
    )


def _complete_intake(referral, when):
    Episode.objects.filter(pk=referral.episode_id).update(intake_completed_at=when)


@pytest.mark.parametrize(
    ("now", "status", "state"),
    [
        (DEADLINE - timedelta(seconds=1), "intake_pending", "running"),
        (DEADLINE, "intake_pending", "running"),
        (DEADLINE + timedelta(seconds=1), "deadline_missed", "missed"),
    ],
)
def test_deadline_passes_at_the_boundary(attached, now, status, state):
    with time_machine.travel(now, tick=False):
        sql, python = _states(attached)
    assert sql == python == (status, state)


@pytest.mark.parametrize(
    ("completed", "status", "state"),
    [
        (DEADLINE, "intake_complete", "complete"),
        (DEADLINE + timedelta(seconds=1), "deadline_missed", "missed"),
    ],
)
def test_intake_completed_by_the_deadline_means_do_not_file(attached, completed, status, state):
    _complete_intake(attached, completed)
    with time_machine.travel(DEADLINE + timedelta(days=5), tick=False):
        sql, python = _states(attached)
    assert sql == python == (status, state)


def test_deadline_follows_the_site_setting(attached):
    site = SiteSettings.load()
    site.intake_deadline_days = 7
    site.save()
    with time_machine.travel(FILED + timedelta(days=7, seconds=1), tick=False):
        sql, python = _states(attached)
        assert Referral.objects.with_state().get(pk=attached.pk).deadline == FILED + timedelta(
            days=7
        )
    assert sql == python == ("deadline_missed", "missed")


def test_no_deadline_for_social_contact_or_declined(personas):
    social = ReferralFactory(
        referred_by=personas.officer, pathway="social_contact", submitted_at=FILED
    )
    declined = ReferralFactory(
        referred_by=personas.officer, submitted_at=FILED, decision="declined"
    )
    with time_machine.travel(DEADLINE + timedelta(days=1), tick=False):
        assert _states(social)[0] == _states(social)[1] == ("submitted", "none")
        assert _states(declined)[0] == ("declined", "none")


def test_pending_arrest_diversion_past_its_deadline_may_be_filed(personas):
    pending = ReferralFactory(referred_by=personas.officer, submitted_at=FILED)
    with time_machine.travel(DEADLINE + timedelta(minutes=1), tick=False):
        assert _states(pending)[0] == _states(pending)[1] == ("deadline_missed", "missed")


@pytest.mark.parametrize(
    ("left", "level", "days"),
    [
        (timedelta(days=8), "secondary", 8),
        (timedelta(days=7), "warning", 7),
        (timedelta(days=2, seconds=1), "warning", 3),
        (timedelta(days=2), "danger", 2),
        (timedelta(hours=3), "danger", 1),
    ],
)
def test_countdown_warns_at_seven_and_two_days(attached, left, level, days):
    with time_machine.travel(DEADLINE - left, tick=False):
        referral = Referral.objects.with_state().get(pk=attached.pk)
        assert referral.countdown_level == level
        assert referral.days_left == days


def test_lists_filter_and_sort_by_state_in_sql(personas, attached):
    ReferralFactory(referred_by=personas.officer, submitted_at=timezone.now())
    with time_machine.travel(DEADLINE + timedelta(days=1), tick=False):
        missed = Referral.objects.with_state().filter(outcome_status="deadline_missed")
        assert list(missed) == [attached]
        running = Referral.objects.with_state().filter(deadline_state="running")
        assert attached not in running and running.count() == 1
