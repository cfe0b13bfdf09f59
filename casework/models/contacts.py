import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.choices import ContactMode, Domain, LocationType, ServiceKind
from casework.models.plans import Goal
from casework.models.scope import CaseworkQuerySet, part2_scope
from participants.models import Participant


class ServiceType(models.Model):
    """The services and referrals a contact can record. Each site extends the list."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=ServiceKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class ContactQuerySet(CaseworkQuerySet):
    def visible_to(self, user):
        return super().visible_to(user).filter(Q(is_part2=False) | part2_scope(user, "participant"))

    def counted(self):
        """Contacts that count: voided ones stay in the record but not in any figure."""
        return self.filter(voided_at__isnull=True)

    def substantive(self):
        return self.counted().filter(substantive=True)


@pghistory.track()
class Contact(models.Model):
    """One contact with or about a participant. Never deleted: a mistaken one is voided."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField("when", default=timezone.now)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_made"
    )
    mode = models.CharField(max_length=20, choices=ContactMode.choices)
    location_type = models.CharField("location", max_length=20, choices=LocationType.choices)
    duration_minutes = models.PositiveSmallIntegerField("minutes")
    substantive = models.BooleanField(default=True)
    domains = ArrayField(
        models.CharField(max_length=30, choices=Domain.choices), default=list, blank=True
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="contacts")
    services = models.ManyToManyField(ServiceType, blank=True, related_name="contacts")
    note = models.TextField(max_length=4000, blank=True)
    is_part2 = models.BooleanField(
        "substance-use treatment (Part 2)",
        default=False,
        help_text="The note covers substance-use treatment: 42 CFR Part 2 applies.",
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-occurred_at"], name="contact_participant_time"),
            models.Index(fields=["staff", "-occurred_at"], name="contact_staff_time"),
            # Reports count contacts by period across the whole program.
            models.Index(fields=["occurred_at"], name="contact_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=24 * 60), name="contact_duration_within_a_day"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="contact_void_has_reason",
            ),
        ]
        # A mistaken contact is voided, never deleted; the database holds to that too.
        triggers = [pgtrigger.Protect(name="contact_never_deleted", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"Contact {self.pk} with participant {self.participant_id}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    def get_domains_display(self) -> list[str]:
        return [Domain(d).label for d in self.domains if d in Domain.values]
