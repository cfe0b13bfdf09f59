"""A referral's state, computed from dates so that no page is ever stale.

The rules (domain.md, "The intake deadline"): an arrest diversion that the reviewer has not
declined must complete intake within the site's N days of the referral. Intake completed by
the deadline means "do not file"; the deadline passing first means "may file". The same rules
run in SQL (ReferralQuerySet.with_state) for lists and here in Python for a single referral;
tests hold the two to the same answers.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone


class OutcomeStatus(models.TextChoices):
    """What became of a referral, as its officer may see it."""

    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    WAITLISTED = "waitlisted", "Approved, on the waitlist"
    DECLINED = "declined", "Declined"
    INTAKE_PENDING = "intake_pending", "Intake pending"
    INTAKE_COMPLETE = "intake_complete", "Intake complete"
    DEADLINE_MISSED = "deadline_missed", "Deadline missed"
    PERSON_DECLINED = "person_declined", "Participant declined"


class DeadlineState(models.TextChoices):
    NONE = "none", "No intake deadline"
    RUNNING = "running", "Intake deadline running"
    COMPLETE = "complete", "Intake complete: do not file"
    MISSED = "missed", "Deadline missed: may file"


def deadline_for(referral, *, deadline_days: int):
    if referral.pathway != "arrest_diversion" or referral.decision == "declined":
        return None
    return referral.submitted_at + timedelta(days=deadline_days)


def compute_state(referral, *, now=None, deadline_days: int | None = None):
    """(outcome status, deadline state, deadline) for one referral, in Python."""
    if deadline_days is None:
        from lead.models import SiteSettings

        deadline_days = SiteSettings.load().intake_deadline_days
    now = now or timezone.now()
    deadline = deadline_for(referral, deadline_days=deadline_days)
    completed_at = referral.episode.intake_completed_at if referral.episode_id else None

    if deadline is None:
        deadline_state = DeadlineState.NONE
    elif completed_at is not None and completed_at <= deadline:
        deadline_state = DeadlineState.COMPLETE
    elif now > deadline:
        deadline_state = DeadlineState.MISSED
    else:
        deadline_state = DeadlineState.RUNNING

    if referral.decision == "declined":
        status = OutcomeStatus.DECLINED
    elif referral.person_declined_at is not None:
        status = OutcomeStatus.PERSON_DECLINED
    elif deadline_state == DeadlineState.COMPLETE:
        status = OutcomeStatus.INTAKE_COMPLETE
    elif deadline_state == DeadlineState.MISSED:
        status = OutcomeStatus.DEADLINE_MISSED
    elif completed_at is not None:
        status = OutcomeStatus.INTAKE_COMPLETE
    elif referral.decision == "pending":
        status = OutcomeStatus.SUBMITTED
    elif referral.participant_id is None:
        waitlisted = referral.waitlisted_at is not None and referral.waitlist_released_at is None
        status = OutcomeStatus.WAITLISTED if waitlisted else OutcomeStatus.APPROVED
    else:
        status = OutcomeStatus.INTAKE_PENDING
    return status, deadline_state, deadline
