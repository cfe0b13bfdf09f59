from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.choices import NotificationKind
from casework.models import Notification
from lead import audit


def notification_create(
    *, user, kind: str, text: str, link: str = "", dedupe_key: str = ""
) -> Notification:
    """Put an item in `user`'s inbox. Other apps call this; keep `text` free of clinical detail.

    With a `dedupe_key` the same notification is sent once, however often the caller runs.
    """
    if kind not in NotificationKind.values:
        kind = NotificationKind.OTHER
    fields = {"kind": kind, "text": text[:300], "link": link[:300]}
    if dedupe_key:
        existing = Notification.objects.filter(user=user, dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, dedupe_key=dedupe_key, **fields
                )
        except IntegrityError:
            return Notification.objects.get(user=user, dedupe_key=dedupe_key)
    else:
        notification = Notification.objects.create(user=user, **fields)
    # The sender is whatever called this (a service, a daily job), so no actor is named.
    audit.record(actor=None, action="notification.create", obj=notification)
    return notification


@transaction.atomic
def notification_mark_done(*, notification, user) -> Notification:
    locked = Notification.objects.select_for_update().get(pk=notification.pk, user=user)
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.save(update_fields=["done_at"])
        audit.record(actor=user, action="notification.done", obj=locked)
    return locked
