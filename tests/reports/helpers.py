"""Small hand-built fixtures for the report tests."""

from datetime import date, datetime, time

from django.utils import timezone

from coordination.models import LegalEvent
from participants.models import IntakeAssessment, Participant
from participants.services import participant_create
from reports.periods import Filters


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def enrol(p, day: date, *, race=(), agency=None, first_name="Test") -> Participant:
    """A participant whose first episode opened on `day` (their enrolment)."""
    return participant_create(
        created_by=p.supervisor,
        agency=agency or p.provider,
        first_name=first_name,
        last_name="Person",
        race_ethnicity=list(race),
        created_at=at_noon(day),
    )


def event(p, person, event_type: str, day: date, **fields) -> LegalEvent:
    return LegalEvent.objects.create(
        participant=person,
        event_type=event_type,
        occurred_on=day,
        agency=p.police,
        created_by=p.officer,
        **fields,
    )


def complete_intake(p, person, **answers) -> IntakeAssessment:
    return IntakeAssessment.objects.create(
        participant=person,
        episode=person.episodes.get(),
        status="complete",
        started_by=p.case_manager_a,
        updated_by=p.case_manager_a,
        completed_at=person.created_at,
        **answers,
    )


def period(start: date, end: date, **kwargs) -> Filters:
    return Filters(start=start, end=end, **kwargs)


def row(table, label: str) -> list:
    """The table row whose first cell is `label`."""
    for candidate in [*table.rows, *table.footer]:
        if candidate[0] == label:
            return candidate
    raise AssertionError(f"no row {label!r} in {table.title}: {[r[0] for r in table.rows]}")
