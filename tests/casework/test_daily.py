"""The daily no-contact alert: once per silence, however often the job runs."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from casework.daily import notify_no_contact
from lead.daily_jobs import DAILY_JOBS
from participants.models import ParticipantStatus
from participants.services import participant_change_status
from tests.casework.fixtures import pat_contact


def test_no_contact_alert_goes_to_the_primary_case_manager_once(personas):
    assert notify_no_contact in DAILY_JOBS
    participant_change_status(
        participant=personas.participant,
        changed_by=personas.case_manager_a,
        status=ParticipantStatus.ACTIVE,
        reason="Intake completed",
    )
    pat_contact(personas, occurred_at=timezone.now() - timedelta(days=5))
    notify_no_contact()
    assert personas.case_manager_a.notifications.count() == 0
    with time_machine.travel(timezone.now() + timedelta(days=40), tick=False):
        notify_no_contact()
        notify_no_contact()
    assert personas.case_manager_a.notifications.count() == 1
    assert personas.case_manager_b.notifications.count() == 0
    # A later contact, then another silence, makes a new alert.
    with time_machine.travel(timezone.now() + timedelta(days=50), tick=False):
        pat_contact(personas, occurred_at=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(days=90), tick=False):
        notify_no_contact()
    assert personas.case_manager_a.notifications.count() == 2
