"""One confirmed purge under the site's retention policy (participants.services.retention)."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class RetentionPurge(models.Model):
    """A batch a program manager confirmed: who, when, under which period, which records.

    Written once, in the same transaction as the purge, and never changed afterwards: the
    database refuses UPDATE and DELETE, as it does for the audit trail.
    """

    # The confirm form's token: a second submit of the same form finds this batch.
    token = models.UUIDField(unique=True)
    purged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    purged_at = models.DateTimeField(default=timezone.now)
    retention_years = models.PositiveSmallIntegerField()
    # Records whose last exit came before this moment were due.
    exited_before = models.DateTimeField()
    participant_ids = models.JSONField(default=list)
    purged_count = models.PositiveIntegerField()
    # Referrals never linked to a participant, purged in the same confirmation.
    referral_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["-purged_at", "-id"]
        triggers = [
            pgtrigger.Protect(
                name="retention_purge_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"Retention purge {self.pk}: {self.purged_count} record(s)"
