"""Demo data for coordination: present after seeding, and seeding twice adds nothing."""

from coordination.models import AgendaItem, Consultation, LegalEvent, Meeting
from lead.demo_data import seed


def test_seed_demo_coordination_is_idempotent(db):
    seed("demo password for tests 1")
    counts = (
        LegalEvent.objects.count(),
        Consultation.objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
    )
    assert counts[0] >= 1 and counts[1] >= 1 and counts[2] == 2 and counts[3] >= 1
    seed("demo password for tests 1")
    assert counts == (
        LegalEvent.objects.count(),
        Consultation.objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
    )
