"""Merging duplicate records, kept reversible: each merge lists exactly the rows it moved."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from participants.models.person import Participant


class MergeRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MergeRecordQuerySet":
        # Both records are checked in scope ignoring merges: the merged one is hidden until
        # the merge is undone.
        scope = Participant.objects.none()
        if user.is_authenticated and user.is_active:
            scope = Participant.objects.in_scope_including_merged(user)
        return self.filter(survivor__in=scope, merged__in=scope)


@pghistory.track()
class MergeRecord(models.Model):
    # related_name="+" keeps these out of the relations a merge moves.
    survivor = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    # [{"model": "app.model", "pk": 1, "field": "participant"}, ...]
    moved_rows = models.JSONField(default=list)
    # Rows that could not move without breaking a uniqueness rule; they stay on the merged
    # record, which is kept (inactive), so nothing is lost.
    kept_rows = models.JSONField(default=list)
    # Episodes this merge closed because the survivor already had an open one.
    closed_episode_ids = models.JSONField(default=list)
    # Care team rows that were primary on the merged record and joined as plain members.
    demoted_primary_ids = models.JSONField(default=list)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = MergeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=models.Q(undone_at__isnull=True),
                name="merge_once_until_undone",
            )
        ]

    def __str__(self):
        return f"Merge of {self.merged_id} into {self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class NotDuplicate(models.Model):
    """A supervisor's word that two similar records are different people."""

    first = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="not_duplicate_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} is not {self.second_id}"
