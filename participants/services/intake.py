"""The intake assessment, and the moment intake counts as complete.

Intake is complete when the assessment is complete and a release is in force (domain.md, The
intake deadline). Whichever of the two comes last sets `Episode.intake_completed_at`, which
referral deadlines read, and moves the participant from intake pending to active.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lead import audit
from participants.models import (
    AssessmentStatus,
    Consent,
    Episode,
    IntakeAssessment,
    Participant,
    ParticipantStatus,
)
from participants.models.intake import ANSWER_FIELDS
from participants.models.person import DECLINED


class IntakeConflict(ValidationError):
    """Someone else saved the assessment since this copy was loaded."""


@transaction.atomic
def intake_start(*, participant, started_by) -> IntakeAssessment:
    """The open episode's assessment, started now if there is none yet."""
    from participants.services.records import episode_current_or_open

    episode = episode_current_or_open(participant=participant, opened_by=started_by)
    assessment, created = IntakeAssessment.objects.get_or_create(
        episode=episode,
        defaults={"participant": participant, "started_by": started_by, "updated_by": started_by},
    )
    if created:
        audit.record(
            actor=started_by, action="intake.start", obj=assessment, participant_id=participant.pk
        )
    return assessment


def _check_answers(answers: dict) -> None:
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not assessment fields: {sorted(unknown)}")
    errors = {}
    for name, value in answers.items():
        if isinstance(value, list) and DECLINED in value and len(value) > 1:
            errors[name] = "Choose answers, or declined to answer, not both."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intake_save(*, assessment, saved_by, version: int, answers: dict) -> IntakeAssessment:
    """Saves a draft. `version` is the one the form was loaded with; a stale one is refused."""
    _check_answers(answers)
    fields = {**answers, "updated_by": saved_by, "updated_at": timezone.now()}
    # Compare-and-set on the version: the second of two concurrent saves updates no row.
    updated = IntakeAssessment.objects.filter(pk=assessment.pk, version=version).update(
        version=version + 1, **fields
    )
    if not updated:
        raise IntakeConflict(
            "Someone else saved this assessment after you opened it. Your answers are still "
            "on this page; reload to see theirs, then enter yours again.",
            code="stale",
        )
    saved = IntakeAssessment.objects.get(pk=assessment.pk)
    audit.record(
        actor=saved_by, action="intake.save", obj=saved, participant_id=saved.participant_id
    )
    return saved


@transaction.atomic
def intake_complete(*, assessment, completed_by, version: int, answers: dict) -> IntakeAssessment:
    saved = intake_save(
        assessment=assessment, saved_by=completed_by, version=version, answers=answers
    )
    if saved.status != AssessmentStatus.COMPLETE:
        saved.status = AssessmentStatus.COMPLETE
        saved.completed_at = timezone.now()
        saved.completed_by = completed_by
        saved.save(update_fields=["status", "completed_at", "completed_by"])
        audit.record(
            actor=completed_by,
            action="intake.complete",
            obj=saved,
            participant_id=saved.participant_id,
        )
    episode_complete_intake_if_ready(participant=saved.participant, by=completed_by)
    return saved


@transaction.atomic
def episode_complete_intake_if_ready(*, participant, by) -> Episode | None:
    """Marks the open episode's intake complete once both conditions hold; else does nothing.

    Returns the episode when this call completed it.
    """
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    episode = (
        Episode.objects.select_for_update()
        .filter(participant=locked, closed_at__isnull=True, intake_completed_at__isnull=True)
        .first()
    )
    if episode is None:
        return None
    assessed = IntakeAssessment.objects.filter(
        episode=episode, status=AssessmentStatus.COMPLETE
    ).exists()
    released = Consent.objects.filter(participant=locked).in_force().exists()
    if not (assessed and released):
        return None
    episode.intake_completed_at = timezone.now()
    episode.save(update_fields=["intake_completed_at"])
    audit.record(actor=by, action="intake.completed", obj=episode, participant_id=locked.pk)
    if locked.status == ParticipantStatus.INTAKE_PENDING:
        from participants.services.records import participant_change_status

        participant_change_status(
            participant=locked,
            changed_by=by,
            status=ParticipantStatus.ACTIVE,
            reason="Intake completed: assessment done and release signed",
        )
        participant.status = ParticipantStatus.ACTIVE
    return episode
