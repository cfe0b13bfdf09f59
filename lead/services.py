"""Writes to users, agencies and site settings. Each takes the acting user and audits."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction

from lead import audit
from lead.models import SiteSettings, User, UserSession


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


@transaction.atomic
def user_lock(*, user, locked_by) -> None:
    """Locks the account exactly as repeated failed sign-ins would, so one unlock undoes both."""
    AccessAttempt.objects.update_or_create(
        username=user.username,
        ip_address=None,
        user_agent="",
        defaults={
            "failures_since_start": settings.AXES_FAILURE_LIMIT,
            "path_info": "locked by an administrator",
            "http_accept": "",
            "get_data": "",
            "post_data": "",
        },
    )
    end_sessions(user=user)
    audit.record(actor=locked_by, action="user.lock", obj=user)


@transaction.atomic
def user_end_sessions(*, user, ended_by, keep_session_key: str | None = None) -> int:
    ended = end_sessions(user=user, keep_session_key=keep_session_key)
    audit.record(actor=ended_by, action="user.end_sessions", obj=user)
    return ended


@transaction.atomic
def user_password_change(*, form, keep_session_key: str | None) -> User:
    """Saves the new password and signs the account out everywhere but the session in use."""
    user = form.save()
    end_sessions(user=user, keep_session_key=keep_session_key)
    audit.record(actor=user, action="auth.password_change", obj=user)
    return user


def end_sessions(*, user, keep_session_key: str | None = None) -> int:
    """Deletes `user`'s server-side sessions, except the one the user is acting from."""
    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    ended, _ = sessions.delete()
    return ended
