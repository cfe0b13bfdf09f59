"""Writes to users, agencies and site settings. Each takes the acting user and audits."""

from axes.utils import reset as axes_reset
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from lead import audit
from lead.models import SiteSettings, User


@transaction.atomic
def site_settings_update(*, form, updated_by) -> SiteSettings:
    settings_row = form.save(commit=False)
    if form.changed_data:
        # pghistory keeps the before and after values of every changed field.
        settings_row.save(update_fields=[*form.changed_data, "updated_at"])
        audit.record(actor=updated_by, action="site_settings.update", obj=settings_row)
    return settings_row


@transaction.atomic
def user_create(*, form, created_by) -> User:
    user = form.save()
    audit.record(actor=created_by, action="user.create", obj=user)
    return user


@transaction.atomic
def user_update(*, form, updated_by) -> User:
    user = form.save(commit=False)
    user.save(update_fields=form.changed_data or None)
    if "is_active" in form.changed_data and not user.is_active:
        end_sessions(user=user)
    audit.record(actor=updated_by, action="user.update", obj=user)
    return user


@transaction.atomic
def user_unlock(*, user, unlocked_by) -> None:
    axes_reset(username=user.username)
    audit.record(actor=unlocked_by, action="user.unlock", obj=user)


def end_sessions(*, user) -> int:
    """Deletes every server-side session that belongs to `user`."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended
