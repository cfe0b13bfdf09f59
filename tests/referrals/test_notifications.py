"""run_daily sends each intake-deadline notice once, however often it runs."""

from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from referrals.models import ReferralNotification
from referrals.notifications import notify_intake_deadlines
from tests.referrals.factories import ReferralFactory


def test_deadline_notices_are_sent_once(personas):
    filed = timezone.now()
    referral = ReferralFactory(
        referred_by=personas.officer, submitted_at=filed, decision="approved"
    )
    deadline = filed + timedelta(days=30)
    with time_machine.travel(deadline - timedelta(days=10), tick=False):
        assert notify_intake_deadlines() == "sent 0 intake-deadline notice(s)"
    with time_machine.travel(deadline - timedelta(days=6), tick=False):
        out = StringIO()
        call_command("run_daily", stdout=out)
        call_command("run_daily", stdout=out)
    # The prosecutor, and the supervisor since nobody has picked the referral up yet.
    assert "sent 2 intake-deadline notice(s)" in out.getvalue()
    assert "sent 0 intake-deadline notice(s)" in out.getvalue()
    with time_machine.travel(deadline - timedelta(days=1), tick=False):
        notify_intake_deadlines()
        notify_intake_deadlines()
    with time_machine.travel(deadline + timedelta(hours=1), tick=False):
        notify_intake_deadlines()
        notify_intake_deadlines()
    sent = ReferralNotification.objects.filter(referral=referral)
    assert sorted(sent.values_list("kind", "recipient__username")) == [
        ("due_2", "prosecutor"),
        ("due_2", "supervisor"),
        ("due_7", "prosecutor"),
        ("due_7", "supervisor"),
        ("missed", "prosecutor"),
        ("missed", "supervisor"),
    ]


def test_no_notice_once_intake_is_complete(personas):
    from participants.models import Episode

    episode = Episode.objects.get(participant=personas.participant)
    referral = ReferralFactory(
        referred_by=personas.officer,
        decision="approved",
        participant=personas.participant,
        episode=episode,
    )
    Episode.objects.filter(pk=episode.pk).update(intake_completed_at=timezone.now())
    with time_machine.travel(referral.submitted_at + timedelta(days=29), tick=False):
        assert notify_intake_deadlines() == "sent 0 intake-deadline notice(s)"


def test_attached_referral_notifies_the_primary_case_manager(personas):
    from participants.models import Episode

    episode = Episode.objects.get(participant=personas.participant)
    referral = ReferralFactory(
        referred_by=personas.officer,
        decision="approved",
        participant=personas.participant,
        episode=episode,
    )
    with time_machine.travel(referral.submitted_at + timedelta(days=29), tick=False):
        notify_intake_deadlines()
    recipients = set(ReferralNotification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"prosecutor", "case_manager_a"}
