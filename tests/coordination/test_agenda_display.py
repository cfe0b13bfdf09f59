"""Agenda lines write days in the site's time zone and referrals as the app numbers them."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone

from coordination.models import AgendaItem
from coordination.services.consultations import consultation_open
from coordination.services.workgroup import agenda_generate
from participants.models import ParticipantStatus
from participants.services import participant_change_status, participant_create
from tests.coordination import fixtures
from tests.referrals.factories import ReferralFactory


def local(*args) -> datetime:
    """A moment on the site's wall clock (settings.TIME_ZONE)."""
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001 - made aware here


NOW = local(2026, 3, 2, 9, 0)
# Evening on the site's clock is already the next day in UTC (the site is west of Greenwich).
EVENING = local(2026, 2, 27, 20, 30)


def test_evening_moments_are_dated_by_the_local_day(personas):
    p = personas
    assert EVENING.astimezone(UTC).date() != timezone.localdate(EVENING)
    new = ReferralFactory(referred_by=p.officer, submitted_at=EVENING)
    # Filed 30 days before tonight: the intake deadline (30 days) is tonight, 11.5 hours away.
    due_tonight = ReferralFactory(referred_by=p.officer, submitted_at=local(2026, 1, 31, 20, 30))
    with time_machine.travel(local(2026, 2, 28, 21, 0), tick=False):
        fixtures.make_active(p)
        consultation_open(legal_event=fixtures.police_arrest(p), opened_by=p.prosecutor)
    leaver = participant_create(
        created_by=p.supervisor, agency=p.provider, first_name="Lee", last_name="Leaver"
    )
    with time_machine.travel(local(2026, 2, 28, 22, 0), tick=False):
        participant_change_status(
            participant=leaver,
            changed_by=p.supervisor,
            status=ParticipantStatus.EXITED,
            reason="Moved away",
        )
    meeting = fixtures.workgroup_meeting(p, scheduled_for=local(2026, 3, 2, 18, 0))
    with time_machine.travel(NOW, tick=False):
        agenda_generate(meeting=meeting, generated_by=p.program_manager)

    lines = dict(
        AgendaItem.objects.filter(meeting=meeting)
        .exclude(section="out_of_touch")
        .values_list("text", "section")
    )
    assert lines == {
        f"Referral R-{new.pk:05d} (Arrest diversion, Downtown) from Test Police on 2026-02-27": (
            "new_referrals"
        ),
        f"Referral R-{due_tonight.pk:05d}: intake due 2026-03-02 (1 day left)": "deadlines",
        "Pat Example: consultation on arrest, opened 2026-02-28; awaiting the care team's "
        "answer": "consultations",
        "Pat Example: arrest on 2026-02-28, case HC-2026-0001 (coordinate before filing)": (
            "legal_events"
        ),
        "Lee Leaver: exited on 2026-02-28": "exits",
    }
    assert str(meeting) == f"Workgroup {meeting.area}, 2026-03-02"
    assert meeting.scheduled_for.astimezone(UTC).date().isoformat() == "2026-03-03"


def test_a_deadline_already_reached_reads_due_now():
    from coordination.display import days_left

    assert days_left(NOW, NOW) == "due now"
    assert days_left(NOW + timedelta(hours=1), NOW) == "1 day left"
    assert days_left(NOW + timedelta(days=2, hours=23), NOW) == "3 days left"
