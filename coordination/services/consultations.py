from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coordination.models import Consultation, Decision, LegalEvent, Recommendation
from coordination.services.legal_events import filing_flag_clear_for_event, notify_care_team
from lead import audit
from lead.roles import Role


@transaction.atomic
def consultation_open(*, legal_event: LegalEvent, opened_by, question: str = "") -> Consultation:
    """Open a consultation on an event; a second open while one is pending returns that one."""
    if opened_by.role != Role.PROSECUTOR:
        raise ValidationError("Only a prosecutor opens a consultation.")
    pending = Consultation.objects.open().filter(legal_event=legal_event).first()
    if pending is not None:
        return pending
    consultation = Consultation(
        legal_event=legal_event,
        participant_id=legal_event.participant_id,
        prosecutor_agency_id=opened_by.agency_id,
        question=question.strip(),
        opened_by=opened_by,
    )
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError:
        return Consultation.objects.open().get(legal_event=legal_event)
    audit.record(
        actor=opened_by,
        action="consultation.open",
        obj=consultation,
        participant_id=consultation.participant_id,
    )
    notify_care_team(
        participant_id=consultation.participant_id,
        kind="consultation_request",
        text=(
            f"A prosecutor asks before filing on a {legal_event.get_event_type_display().lower()} "
            f"of {legal_event.occurred_on:%Y-%m-%d}."
        ),
        link=reverse("coordination:consultation_detail", args=[consultation.pk]),
        key=f"consultation-{consultation.pk}",
    )
    return consultation


@transaction.atomic
def consultation_answer(
    *, consultation: Consultation, answered_by, recommendation: str, summary: str
) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.answered_at is not None:
        raise ValidationError("This consultation has already been answered.")
    if locked.decided_at is not None:
        raise ValidationError("The prosecutor has already decided this case.")
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": "Choose a recommendation."})
    if not summary.strip():
        raise ValidationError({"summary": "Write a short summary the prosecutor may read."})
    locked.recommendation = recommendation
    locked.summary = summary.strip()
    locked.answered_by = answered_by
    locked.answered_at = timezone.now()
    locked.save(update_fields=["recommendation", "summary", "answered_by", "answered_at"])
    audit.record(
        actor=answered_by,
        action="consultation.answer",
        obj=locked,
        participant_id=locked.participant_id,
    )
    return locked


@transaction.atomic
def consultation_decide(
    *, consultation: Consultation, decided_by, decision: str, note: str = ""
) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.decided_at is not None:
        raise ValidationError("This consultation has already been decided.")
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose a decision."})
    locked.decision = decision
    locked.decision_note = note.strip()
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    audit.record(
        actor=decided_by,
        action="consultation.decide",
        obj=locked,
        participant_id=locked.participant_id,
    )
    # The coordination the flag asked for has happened once the event it came from is decided.
    filing_flag_clear_for_event(
        event_id=locked.legal_event_id,
        participant_id=locked.participant_id,
        cleared_by=decided_by,
        reason=f"Consultation decided: {locked.get_decision_display().lower()}",
    )
    return locked
