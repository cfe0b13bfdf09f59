import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lead.models import Agency
from lead.roles import Role


class ParticipantStatus(models.TextChoices):
    INTAKE_PENDING = "intake_pending", "Intake pending"
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    IN_THE_WIND = "in_the_wind", "In the wind"
    EXITED = "exited", "Exited"


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ParticipantQuerySet":
        """The one scope rule for participant records (see domain.md, Coordination)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.CASE_MANAGER:
            on_team = CareTeamMember.objects.filter(participant=OuterRef("pk"), user=user)
            return self.filter(Exists(on_team))
        if user.role == Role.SUPERVISOR:
            return self.filter(agency_id=user.agency_id)
        if user.role == Role.PROGRAM_MANAGER:
            return self.all()
        # Police and prosecutors reach participants only through the consent-gated partner
        # lookup; admins never do.
        return self.none()


@pghistory.track()
class Participant(models.Model):
    first_name = models.CharField("legal first name", max_length=100)
    last_name = models.CharField("legal last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ParticipantStatus.choices, default=ParticipantStatus.INTAKE_PENDING
    )
    exit_reason = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="participants",
        help_text="The provider agency whose team serves this person.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"


@pghistory.track()
class Episode(models.Model):
    """One stretch of participation. A person who returns after an exit starts a new episode.

    Intake is complete when the intake assessment is done and a release is signed; the
    participants module sets `intake_completed_at` then, and referral deadlines read it.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="episodes")
    opened_at = models.DateTimeField(default=timezone.now)
    intake_completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_episode_per_participant",
            )
        ]

    def __str__(self):
        return f"Episode {self.pk} of participant {self.participant_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@pghistory.track()
class CareTeamMember(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="care_team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_assignments"
    )
    is_primary = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "user"], name="care_team_member_once"),
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(is_primary=True),
                name="care_team_one_primary",
            ),
        ]

    def __str__(self):
        return f"{self.user} on the team of participant {self.participant_id}"


class StatusChange(models.Model):
    """Who changed a participant's status, when and why. Rows are never edited."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=ParticipantStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ParticipantStatus.choices)
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"
