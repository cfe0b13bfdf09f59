import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from lead.roles import AGENCY_TYPE_FOR_ROLE, AgencyType, Role


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    agency_type = models.CharField(max_length=20, choices=AgencyType.choices)
    area = models.CharField(
        max_length=100, blank=True, help_text="Precinct or area served, where it applies."
    )
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class LeadUserManager(UserManager):
    def get_queryset(self):
        # Every page shows the user's agency, so load it with the user.
        return super().get_queryset().select_related("agency")

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # The one superuser a deployment bootstraps is an admin of the program agency.
        extra_fields.setdefault("role", Role.ADMIN)
        if "agency" not in extra_fields and "agency_id" not in extra_fields:
            extra_fields["agency"], _ = Agency.objects.get_or_create(
                name="Program", defaults={"agency_type": AgencyType.PROGRAM}
            )
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """One account per person, with exactly one role at exactly one agency."""

    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users")
    phone = models.CharField(max_length=40, blank=True, help_text="Work phone partners may call.")

    objects = LeadUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        expected = AGENCY_TYPE_FOR_ROLE.get(self.role)
        if self.agency_id and expected and self.agency.agency_type != expected:
            raise ValidationError(
                {
                    "agency": f"{self.get_role_display()} accounts must belong to a "
                    f"{AgencyType(expected).label.lower()}."
                }
            )


def _default_exclusions():
    return [
        "Drug quantity over the site threshold",
        "Dealing for profit above subsistence",
        "Under 18",
        "Exploitation of minors",
        "Promoting prostitution",
        "Violent history within the look-back period",
        "Pending drug-court or mental-health-court case",
        "No-contact order protecting a current participant",
        "Not amenable",
    ]


# A retention period can never be short enough to purge the records of someone who just left.
RETENTION_MIN_YEARS = 3
RETENTION_MAX_YEARS = 100


class ReviewerKind(models.TextChoices):
    PROSECUTOR = "prosecutor", "The prosecutor's office"
    PROGRAM = "program", "Program staff"


@pghistory.track()
class SiteSettings(models.Model):
    """The rules a site's Policy Coordinating Group sets. There is exactly one row."""

    intake_deadline_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days an arrest diversion has to complete intake."
    )
    social_contact_lookback_months = models.PositiveSmallIntegerField(
        default=24, help_text="How recent a social contact's qualifying activity must be."
    )
    drug_quantity_threshold_grams = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=3,
        help_text="Quantities above this are flagged as a presumptive exclusion.",
    )
    caseload_warn = models.PositiveSmallIntegerField(default=20)
    caseload_block = models.PositiveSmallIntegerField(default=25)
    no_contact_alert_days = models.PositiveSmallIntegerField(default=30)
    arrest_diversion_enabled = models.BooleanField(default=True)
    social_contact_enabled = models.BooleanField(default=True)
    community_referral_enabled = models.BooleanField(default=False)
    referral_reviewer = models.CharField(
        max_length=20, choices=ReviewerKind.choices, default=ReviewerKind.PROSECUTOR
    )
    program_capacity = models.PositiveIntegerField(
        default=300, help_text="Active participants the program can serve."
    )
    account_inactivity_days = models.PositiveSmallIntegerField(
        default=90, help_text="Accounts unused this long are disabled."
    )
    login_banner = models.TextField(
        default=(
            "This system holds criminal-justice and health information. Access is limited to "
            "authorized users for LEAD program purposes. Activity is logged and audited. "
            "Information shared through LEAD may never be used as the basis of enforcement."
        )
    )
    eligibility_exclusions = models.JSONField(default=_default_exclusions)
    retention_years_after_exit = models.PositiveSmallIntegerField(
        "retention period after exit (years)",
        default=7,
        validators=[
            MinValueValidator(RETENTION_MIN_YEARS),
            MaxValueValidator(RETENTION_MAX_YEARS),
        ],
        help_text=(
            "Years a participant's record is kept after their last exit before it is due for "
            "purging. 7 is a common period for adult health and case-management records; "
            "check your state's and funders' rules, which may ask for longer. At least "
            f"{RETENTION_MIN_YEARS} (the federal grant-record period, 2 CFR 200.334). Nothing "
            "is purged until a program manager confirms it."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row"),
            models.CheckConstraint(
                condition=models.Q(caseload_block__gte=models.F("caseload_warn")),
                name="site_settings_block_not_below_warn",
            ),
            models.CheckConstraint(
                condition=models.Q(retention_years_after_exit__gte=RETENTION_MIN_YEARS),
                name="site_settings_retention_minimum",
            ),
        ]

    def __str__(self):
        return "Site settings"

    @classmethod
    def load(cls) -> "SiteSettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class AuditOutcome(models.TextChoices):
    OK = "ok", "Allowed"
    DENIED = "denied", "Denied"
    FAILED = "failed", "Failed"


class AuditEvent(models.Model):
    """An append-only record of a write, or of a view of a participant's record.

    Participant ids are plain integers rather than foreign keys so that no later change to
    participant rows (a merge, say) can cascade into the trail.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    participant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=AuditOutcome.choices, default="ok")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time")]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
            # TRUNCATE skips row triggers, so it needs a statement-level one of its own.
            pgtrigger.Trigger(
                name="audit_no_truncate",
                operation=pgtrigger.Truncate,
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                func="RAISE EXCEPTION 'audit events are append-only'; RETURN NULL;",
            ),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"


class UserSession(AbstractBaseSession):
    """A server-side session that knows whose it is, so one person's sessions end together."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "session"

    @classmethod
    def get_session_store_class(cls):
        from lead.session_store import SessionStore

        return SessionStore


class RateLimitCounter(models.Model):
    """One counter of the rate-limit cache (`lead.ratelimit_cache`): requests by one person to
    one limited group of pages in one time window. The key is a hash; it holds no names."""

    key = models.CharField(max_length=250, primary_key=True)
    count = models.BigIntegerField()
    # NULL never expires; run_daily deletes expired rows.
    expires_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.key} = {self.count}"
