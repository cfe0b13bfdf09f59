import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Func, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone

from lead.models import Agency
from lead.roles import Role


class ParticipantStatus(models.TextChoices):
    INTAKE_PENDING = "intake_pending", "Intake pending"
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    IN_THE_WIND = "in_the_wind", "In the wind"
    EXITED = "exited", "Exited"


DECLINED = "declined"

# What a purged record shows wherever its name would be.
PURGED_LABEL = "Record purged under the retention policy"


class GenderIdentity(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    TRANS_WOMAN = "trans_woman", "Transgender woman"
    TRANS_MAN = "trans_man", "Transgender man"
    NON_BINARY = "non_binary", "Non-binary"
    TWO_SPIRIT = "two_spirit", "Two-spirit"
    SELF_DESCRIBED = "self_described", "Another identity (self-described)"
    DECLINED = DECLINED, "Declined to answer"


class RaceEthnicity(models.TextChoices):
    AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
    ASIAN = "asian", "Asian"
    BLACK = "black", "Black or African American"
    HISPANIC = "hispanic", "Hispanic or Latino/a/e"
    MIDDLE_EASTERN = "middle_eastern", "Middle Eastern or North African"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Pacific Islander"
    WHITE = "white", "White"
    OTHER = "other", "Another race or ethnicity"
    DECLINED = DECLINED, "Declined to answer"


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ParticipantQuerySet":
        """The one scope rule for participant records (see domain.md, Coordination).

        A record merged into another is gone for everyone; its merge record keeps the way back.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.in_scope_including_merged(user).filter(merged_into__isnull=True)

    def in_scope_including_merged(self, user) -> "ParticipantQuerySet":
        """The scope rule alone; merge records use it to reach both of their records."""
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
    # Every answer below is self-reported and optional; intake is trauma-informed.
    gender_identity = models.CharField(max_length=20, choices=GenderIdentity.choices, blank=True)
    gender_identity_detail = models.CharField(
        "gender identity in their words", max_length=100, blank=True
    )
    race_ethnicity = ArrayField(
        models.CharField(max_length=20, choices=RaceEthnicity.choices),
        default=list,
        blank=True,
        help_text="Self-reported; several may apply.",
    )
    preferred_language = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    mailing_address = models.CharField(max_length=300, blank=True)
    best_way_to_find = models.TextField(
        "best way to find me", blank=True, help_text="Places, times, people who know where."
    )
    booking_number = models.CharField(max_length=40, blank=True)
    other_identifier = models.CharField(
        "other local identifier", max_length=80, blank=True, help_text="e.g. an HMIS id."
    )
    # Partners see these two, and only under a release that names their agency.
    coordination_summary = models.TextField(
        "coordination summary for partners",
        max_length=600,
        blank=True,
        help_text="Short, non-clinical; written for police and prosecutors to read.",
    )
    coordinate_before_filing = models.BooleanField(
        default=False, help_text="Partners should call the case manager before filing charges."
    )
    # The create form's hidden token: a second submit finds this record instead of a twin.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
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
    # Set when the record is purged under the site's retention policy: the clinical and
    # identifying content is gone and only the de-identified skeleton reports count is left.
    purged_at = models.DateTimeField(null=True, blank=True)
    purged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purge_batch = models.ForeignKey(
        "participants.RetentionPurge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            GinIndex(
                OpClass(Lower("first_name"), name="gin_trgm_ops"), name="participant_first_trgm"
            ),
            GinIndex(
                OpClass(Lower("last_name"), name="gin_trgm_ops"), name="participant_last_trgm"
            ),
            GinIndex(
                OpClass(Lower("preferred_name"), name="gin_trgm_ops"),
                name="participant_preferred_trgm",
            ),
            models.Index(
                Func("last_name", function="dmetaphone"), name="participant_last_dmetaphone"
            ),
            models.Index(
                Func("first_name", function="dmetaphone"), name="participant_first_dmetaphone"
            ),
            # The partner lookup matches name and date of birth exactly: without this it reads
            # every participant in the program.
            models.Index(fields=["date_of_birth"], name="participant_birth_date"),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if DECLINED in self.race_ethnicity and len(self.race_ethnicity) > 1:
            raise ValidationError(
                {"race_ethnicity": "Choose races and ethnicities, or declined, not both."}
            )

    @property
    def race_ethnicity_labels(self) -> list[str]:
        labels = dict(RaceEthnicity.choices)
        return [labels.get(v, v) for v in self.race_ethnicity]

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None

    @property
    def legal_name(self) -> str:
        if self.is_purged:
            return PURGED_LABEL
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        if self.is_purged:
            return PURGED_LABEL
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
    caseload_override_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why a supervisor assigned past the site's caseload block.",
    )

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


@pghistory.track()
class ParticipantAlias(models.Model):
    """Another name the person goes by: a street name, a former name, a common misspelling."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=150)
    is_street_name = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            GinIndex(OpClass(Lower("name"), name="gin_trgm_ops"), name="participant_alias_trgm"),
        ]

    def __str__(self):
        return self.name
