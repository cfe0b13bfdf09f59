"""Writes to referrals. Each takes the acting user, runs in a transaction and audits."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lead import audit
from lead.access import Action, check
from lead.models import SiteSettings
from participants import services as participant_services
from referrals.models import Decision, Pathway, ReasonCode, Referral
from referrals.selectors import (
    can_review,
    capacity_is_full,
    enabled_pathways,
    waitlist_head_id,
)

# Fields the referral form may set; everything else is set here.
FILED_FIELDS = [
    "pathway",
    "first_name",
    "last_name",
    "aliases",
    "date_of_birth",
    "approximate_age",
    "physical_description",
    "how_to_find",
    "incident_number",
    "incident_at",
    "location",
    "area",
    "offenses",
    "drug_type",
    "drug_quantity_grams",
    "hold_requested",
    "verification",
    "activity_date",
    "activity_place",
    "activity_inside_area",
    "community_referrer",
    "handoff_called_at",
    "handoff_arrived_at",
    "narrative",
    "exclusions_marked",
    "flags",
    "flag_reason",
]


class AlreadyDecided(Exception):
    def __init__(self, referral: Referral):
        self.referral = referral
        super().__init__(f"Referral {referral.pk} was already decided.")


def referral_submit(*, submitted_by, token, data: dict) -> tuple[Referral, bool]:
    """File a referral. Returns (referral, created); a resubmitted token returns the first one.

    Social-contact referrals go on the waitlist while the program is full, or while others
    are already waiting (so that the waitlist keeps its order); arrest diversions never do.
    """
    check(submitted_by, Action.FILE_REFERRALS)
    existing = Referral.objects.filter(idempotency_token=token).first()
    if existing is not None:
        if existing.referred_by_id != submitted_by.pk:
            raise PermissionDenied
        return existing, False
    if data["pathway"] not in enabled_pathways(SiteSettings.load()):
        raise ValidationError({"pathway": "This site does not take that kind of referral."})
    try:
        with transaction.atomic():
            referral = Referral(
                referred_by=submitted_by,
                referring_agency_id=submitted_by.agency_id,
                idempotency_token=token,
                submitted_at=timezone.now(),
                **{field: data[field] for field in FILED_FIELDS if field in data},
            )
            if referral.pathway == Pathway.SOCIAL_CONTACT and (
                capacity_is_full() or Referral.objects.waitlist().exists()
            ):
                referral.waitlisted_at = referral.submitted_at
            referral.full_clean(exclude=["idempotency_token"])
            referral.save()
            audit.record(actor=submitted_by, action="referral.submit", obj=referral)
    except IntegrityError:
        # Two copies of the same POST raced; the other one won.
        existing = Referral.objects.filter(idempotency_token=token).first()
        if existing is None or existing.referred_by_id != submitted_by.pk:
            raise
        return existing, False
    return referral, True


@transaction.atomic
def referral_decide(
    *, referral: Referral, decided_by, decision: str, reasons, note: str = ""
) -> Referral:
    """Approve or decline. The row lock makes two reviewers deciding at once give one decision;
    the second gets AlreadyDecided."""
    if not can_review(decided_by):
        raise PermissionDenied
    if decision not in (Decision.APPROVED, Decision.DECLINED):
        raise ValidationError({"decision": "Choose approve or decline."})
    reasons = list(reasons)
    if not reasons:
        raise ValidationError({"reasons": "Give at least one reason code."})
    wrong = [r for r in reasons if r.applies_to not in (decision, ReasonCode.AppliesTo.BOTH)]
    if wrong:
        raise ValidationError({"reasons": f"“{wrong[0]}” is not a reason for this decision."})
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.decision != Decision.PENDING:
        raise AlreadyDecided(locked)
    locked.decision = decision
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    locked.decision_reasons.set(reasons)
    audit.record(actor=decided_by, action=f"referral.{decision}", obj=locked)
    return locked


def _lock_for_matching(referral: Referral, user) -> Referral:
    check(user, Action.MATCH_REFERRALS)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.decision != Decision.APPROVED:
        raise ValidationError("Only an approved referral can be matched to a person.")
    if locked.participant_id is not None or locked.person_declined_at is not None:
        raise ValidationError("This referral has already been dealt with.")
    if locked.is_waitlisted:
        if waitlist_head_id() != locked.pk:
            raise ValidationError("Earlier referrals on the waitlist come first.")
        if capacity_is_full():
            raise ValidationError("The program is at capacity; this referral stays waitlisted.")
        locked.waitlist_released_at = timezone.now()
    return locked


def _attach(locked: Referral, *, participant, matched_by) -> Referral:
    episode = participant_services.episode_current_or_open(
        participant=participant, opened_by=matched_by
    )
    locked.participant = participant
    locked.episode = episode
    locked.matched_by = matched_by
    locked.matched_at = timezone.now()
    locked.save(
        update_fields=[
            "participant",
            "episode",
            "matched_by",
            "matched_at",
            "waitlist_released_at",
        ]
    )
    audit.record(
        actor=matched_by, action="referral.match", obj=locked, participant_id=participant.pk
    )
    return locked


@transaction.atomic
def referral_match_existing(*, referral: Referral, matched_by, participant) -> Referral:
    """Attach the referral to a person already on record (a person referred again)."""
    locked = _lock_for_matching(referral, matched_by)
    return _attach(locked, participant=participant, matched_by=matched_by)


@transaction.atomic
def referral_create_participant(*, referral: Referral, matched_by) -> Referral:
    """Nobody on record matches: create the person at the case manager's agency."""
    locked = _lock_for_matching(referral, matched_by)
    participant = participant_services.participant_create(
        created_by=matched_by,
        agency=matched_by.agency,
        first_name=locked.first_name,
        last_name=locked.last_name,
        date_of_birth=locked.date_of_birth,
        aliases=[alias.strip() for alias in locked.aliases.split(",") if alias.strip()],
    )
    if matched_by.role == "case_manager":
        participant_services.care_team_add(
            participant=participant, added_by=matched_by, user=matched_by, primary=True
        )
    return _attach(locked, participant=participant, matched_by=matched_by)


@transaction.atomic
def referral_record_person_declined(*, referral: Referral, recorded_by) -> Referral:
    """The person chose not to take part; the referral stays on record."""
    check(recorded_by, Action.MATCH_REFERRALS)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.decision != Decision.APPROVED or locked.person_declined_at is not None:
        raise ValidationError("Only an approved referral can record that the person declined.")
    if locked.episode_id and locked.episode.intake_completed_at:
        raise ValidationError("This person has already completed intake.")
    locked.person_declined_at = timezone.now()
    locked.save(update_fields=["person_declined_at"])
    audit.record(actor=recorded_by, action="referral.person_declined", obj=locked)
    return locked
