"""Jobs that `manage.py run_daily` runs once a day. Each is idempotent: running it twice in a
day does no more than running it once. Feature modules add their jobs to DAILY_JOBS."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.daily import notify_no_contact
from lead import audit
from lead.models import SiteSettings, User
from lead.ratelimit_cache import delete_expired_rate_limit_counters
from lead.services import end_sessions
from participants.daily import report_retention_due
from referrals.notifications import notify_intake_deadlines
from reports.services.snapshots import report_snapshots_daily


def disable_inactive_accounts() -> str:
    days = SiteSettings.load().account_inactivity_days
    cutoff = timezone.now() - timedelta(days=days)
    stale = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    disabled = 0
    for user in stale:
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            end_sessions(user=user)
            audit.record(actor=None, action="user.disable_inactive", obj=user)
        disabled += 1
    return f"disabled {disabled} account(s) unused for {days} days"


DAILY_JOBS = [
    disable_inactive_accounts,
    notify_intake_deadlines,
    notify_no_contact,
    report_retention_due,
    report_snapshots_daily,
    delete_expired_rate_limit_counters,
]
