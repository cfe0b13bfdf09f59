"""The release of information a participant signs, which alone lets partners see anything."""

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lead.models import Agency
from lead.roles import AgencyType
from participants.models.person import Participant, ParticipantStatus


class ConsentCategory(models.TextChoices):
    PARTICIPATION = "participation", "Participation and status"
    CASE_MANAGER_CONTACT = "case_manager_contact", "Case manager contact"
    COORDINATION_SUMMARY = "coordination_summary", "Coordination summary"
    ENGAGEMENT = "engagement", "Engagement (contacted this month: yes or no)"


# How a class of recipients reads on a release.
RECIPIENT_CLASS_LABELS = {
    AgencyType.POLICE: "All police agencies in the program",
    AgencyType.PROSECUTOR: "The prosecutor's office",
    AgencyType.PROVIDER: "All provider agencies in the program",
    AgencyType.PROGRAM: "The program office",
}


class ConsentExpiryEvent(models.TextChoices):
    PROGRAM_EXIT = "program_exit", "When the participant exits the program"


def consent_form_path(instance, filename: str) -> str:
    # The stored name never carries the uploaded one, which may hold the person's name.
    return f"consents/{uuid.uuid4().hex}"


class ConsentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConsentQuerySet":
        return self.filter(participant__in=Participant.objects.visible_to(user))

    def in_force(self, at=None) -> "ConsentQuerySet":
        """Signed, not revoked and not expired at `at` (default: now).

        Computed on every read, so revocation and expiry stop sharing at once without a job.
        A release is good through its expiry date, in the site's time zone.
        """
        at = at or timezone.now()
        day = timezone.localdate(at)
        ended_by_exit = Q(expiry_event=ConsentExpiryEvent.PROGRAM_EXIT) & Q(
            participant__status=ParticipantStatus.EXITED
        )
        return self.filter(
            Q(signed_on__lte=day),
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=at),
        ).exclude(ended_by_exit)

    def for_agency(self, agency) -> "ConsentQuerySet":
        """Releases naming `agency`, directly or through its kind (e.g. all police agencies)."""
        named = Consent.recipient_agencies.through.objects.filter(
            consent_id=OuterRef("pk"), agency_id=agency.pk
        )
        return self.filter(Exists(named) | Q(recipient_agency_types__contains=[agency.agency_type]))

    def covering(self, category: str) -> "ConsentQuerySet":
        return self.filter(categories__contains=[category])


@pghistory.track()
class Consent(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    recipient_agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    recipient_agency_types = ArrayField(
        models.CharField(max_length=20, choices=AgencyType.choices),
        default=list,
        blank=True,
        help_text="Every agency of these kinds, e.g. all police agencies in the program.",
    )
    categories = ArrayField(
        models.CharField(max_length=30, choices=ConsentCategory.choices), default=list
    )
    purpose = models.TextField()
    signed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(max_length=20, choices=ConsentExpiryEvent.choices, blank=True)
    covers_part2 = models.BooleanField(
        "covers substance-use treatment information (42 CFR Part 2)", default=False
    )
    form_scan = models.FileField(upload_to=consent_form_path, blank=True)
    form_content_type = models.CharField(max_length=40, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A second submit of the same form carries the same token and is refused by the database.
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("signed_on")),
                name="consent_expires_after_signing",
            ),
        ]

    def __str__(self):
        return f"Release {self.pk} of participant {self.participant_id}"

    def is_in_force(self, at=None) -> bool:
        return Consent.objects.in_force(at).filter(pk=self.pk).exists()

    def category_labels(self) -> list[str]:
        return [ConsentCategory(c).label for c in self.categories]

    def agency_type_labels(self) -> list[str]:
        return [RECIPIENT_CLASS_LABELS[AgencyType(t)] for t in self.recipient_agency_types]
