from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from referrals.models import Pathway, Referral
from referrals.status import OutcomeStatus


def test_demo_covers_every_pathway_and_status(db, settings):
    settings.DEMO_PASSWORD = "fictional demo passphrase"
    call_command("seed_demo", stdout=StringIO())
    referrals = list(Referral.objects.with_state())
    assert {r.pathway for r in referrals} == set(Pathway.values)
    assert {r.status for r in referrals} == set(OutcomeStatus.values)
    now = timezone.now()
    running = [r for r in referrals if r.deadline_state == "running"]
    assert any(timedelta(days=2) < r.deadline_at - now <= timedelta(days=3) for r in running)
    assert any(r.deadline_state == "missed" and r.participant_id for r in referrals)
    count = len(referrals)
    call_command("seed_demo", stdout=StringIO())
    assert Referral.objects.count() == count
