from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.choices import NotificationKind


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def open(self):
        return self.filter(done_at__isnull=True)


class Notification(models.Model):
    """An item in one user's inbox. Text is coordination-level: never clinical content."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    # Lets a caller (a daily job, say) send "the same" notification once however often it runs.
    dedupe_key = models.CharField(max_length=120, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["user", "done_at"], name="notification_inbox")]

    def __str__(self):
        return self.text[:60]
