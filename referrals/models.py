import math
import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from lead.models import Agency
from referrals.querysets import ReferralQuerySet
from referrals.status import DeadlineState, OutcomeStatus, compute_state


class Pathway(models.TextChoices):
    ARREST_DIVERSION = "arrest_diversion", "Arrest diversion"
    SOCIAL_CONTACT = "social_contact", "Social contact"
    COMMUNITY = "community", "Community referral"


class Decision(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class Verification(models.TextChoices):
    RECORDS = "records", "Criminal-history records"
    OBSERVATION = "observation", "My own observation"
    REPORT = "report", "A reliable report"


class Flag(models.TextChoices):
    """Presumptive exclusions the app detects by itself."""

    UNDER_18 = "under_18", "Under 18 (from the date of birth)"
    QUANTITY = "quantity", "Drug quantity over the site threshold"
    LOOKBACK = "lookback", "Qualifying activity outside the look-back period"


class ReasonCode(models.Model):
    """A reason a reviewer can give for a decision. Sites add their own in Django admin."""

    class AppliesTo(models.TextChoices):
        APPROVE = "approved", "Approvals"
        DECLINE = "declined", "Declines"
        BOTH = "both", "Both"

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    applies_to = models.CharField(max_length=10, choices=AppliesTo.choices, default="both")
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label


@pghistory.track()
class Referral(models.Model):
    # Filing
    pathway = models.CharField(max_length=20, choices=Pathway.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_filed"
    )
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A double click or a resubmitted POST carries the same token and finds the first referral.
    idempotency_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    # The person, as the officer knows them
    first_name = models.CharField("legal first name", max_length=100)
    last_name = models.CharField("legal last name", max_length=100)
    aliases = models.CharField(
        "aliases or street names", max_length=300, blank=True, help_text="Separate with commas."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the date of birth is unknown."
    )
    physical_description = models.CharField(max_length=300, blank=True)
    how_to_find = models.CharField(
        "phone or how to find them", max_length=300, help_text="A phone number, or where they stay."
    )

    # The incident
    incident_number = models.CharField("incident or report number", max_length=60, blank=True)
    incident_at = models.DateTimeField("incident date and time", default=timezone.now)
    location = models.CharField(max_length=200)
    area = models.CharField("area or precinct", max_length=100)

    # Arrest diversion only
    offenses = models.CharField("offence or offences", max_length=300, blank=True)
    drug_type = models.CharField(max_length=100, blank=True)
    drug_quantity_grams = models.DecimalField(
        "drug quantity (grams)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    hold_requested = models.BooleanField("ask the prosecutor to hold the charge", default=False)

    # Social contact only
    verification = models.CharField(
        "how the qualifying activity was verified",
        max_length=20,
        choices=Verification.choices,
        blank=True,
    )
    activity_date = models.DateField("date of the qualifying activity", null=True, blank=True)
    activity_place = models.CharField(
        "place of the qualifying activity", max_length=200, blank=True
    )
    activity_inside_area = models.BooleanField("the place is inside the LEAD area", default=False)

    # Community referral only
    community_referrer = models.CharField(
        "who referred them (partner or family)", max_length=200, blank=True
    )

    # Warm hand-off
    handoff_called_at = models.DateTimeField(
        "when you called the case manager", null=True, blank=True
    )
    handoff_arrived_at = models.DateTimeField(
        "when the case manager arrived", null=True, blank=True
    )

    narrative = models.TextField()

    # Eligibility: the checklist answers (the site's exclusions the officer ticked) and the
    # app's own flags travel with the referral, with the officer's reason for going ahead.
    exclusions_marked = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    flag_reason = models.TextField(blank=True)

    # Review
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.ManyToManyField(ReasonCode, blank=True, related_name="+")
    decision_note = models.TextField(blank=True)

    # Capacity: social-contact referrals filed while the program is full wait in order.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    waitlist_released_at = models.DateTimeField(null=True, blank=True)

    # Matching, by program staff only
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    episode = models.ForeignKey(
        "participants.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)
    person_declined_at = models.DateTimeField(
        null=True, blank=True, help_text="The person chose not to take part."
    )
    # Set when the matched participant's record is purged under the retention policy.
    purged_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["referred_by", "-submitted_at"], name="referral_officer"),
            # The review queue reads only the few undecided referrals, oldest first.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(decision="pending"),
                name="referral_awaiting_review",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(drug_quantity_grams__isnull=True)
                | models.Q(drug_quantity_grams__gte=0),
                name="referral_quantity_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(handoff_arrived_at__isnull=True)
                | models.Q(handoff_called_at__isnull=True)
                | models.Q(handoff_arrived_at__gte=models.F("handoff_called_at")),
                name="referral_handoff_arrival_after_call",
            ),
        ]

    def __str__(self):
        return f"Referral {self.pk}"

    @property
    def person_name(self) -> str:
        if self.purged_at is not None:
            from participants.models import PURGED_LABEL

            return PURGED_LABEL
        return f"{self.first_name} {self.last_name}"

    @property
    def reference(self) -> str:
        return f"R-{self.pk:05d}"

    @property
    def flag_labels(self) -> list[str]:
        return [Flag(flag).label for flag in self.flags if flag in Flag.values]

    @property
    def is_waitlisted(self) -> bool:
        return self.waitlisted_at is not None and self.waitlist_released_at is None

    def _outcome_state(self):
        # Lists annotate the state in SQL (ReferralQuerySet.with_state); a bare instance
        # computes the same answer in Python.
        if hasattr(self, "outcome_status"):
            return self.outcome_status, self.deadline_state, self.deadline_at
        cached = getattr(self, "_computed_state", None)
        if cached is None:
            cached = self._computed_state = compute_state(self)
        return cached

    @property
    def status(self) -> OutcomeStatus:
        return OutcomeStatus(self._outcome_state()[0])

    @property
    def deadline(self):
        return self._outcome_state()[2]

    @property
    def deadline_status(self) -> DeadlineState:
        return DeadlineState(self._outcome_state()[1])

    @property
    def days_left(self) -> int | None:
        deadline = self.deadline
        if deadline is None:
            return None
        # Whole days, rounded up: 2 days and 23 hours left reads "3 days left".
        return math.ceil((deadline - timezone.now()).total_seconds() / 86400)

    @property
    def countdown_level(self) -> str:
        """Bootstrap colour for the countdown: warnings at 7 days and at 2 days."""
        if self.deadline_status != DeadlineState.RUNNING:
            return ""
        left = self.deadline - timezone.now()
        if left.total_seconds() <= 2 * 86400:
            return "danger"
        if left.total_seconds() <= 7 * 86400:
            return "warning"
        return "secondary"


class ReferralNotification(models.Model):
    """A deadline notice sent once: the unique key makes the daily job safe to run twice."""

    class Kind(models.TextChoices):
        DUE_7 = "due_7", "Intake deadline in 7 days or less"
        DUE_2 = "due_2", "Intake deadline in 2 days or less"
        MISSED = "missed", "Intake deadline missed"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "recipient", "kind"], name="referral_notification_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for referral {self.referral_id}"
