"""The participants app's daily job (lead.daily_jobs runs it). It reports; it never purges."""

import hashlib

from django.urls import reverse

from lead.models import SiteSettings, User
from lead.roles import Role
from participants.selectors import referral_retention_due, retention_cutoff, retention_due


def report_retention_due() -> str:
    """Count the records and the referrals never linked to a participant past the site's
    retention period, and tell the program managers.

    Nothing is purged here: a program manager confirms on the retention page. The alert's key
    names the set of records due, so it comes once per new set, however often this runs.
    """
    years = SiteSettings.load().retention_years_after_exit
    cutoff = retention_cutoff(years)
    due_ids = list(retention_due(cutoff=cutoff).order_by("pk").values_list("pk", flat=True))
    referral_ids = list(
        referral_retention_due(cutoff=cutoff).order_by("pk").values_list("pk", flat=True)
    )
    if due_ids or referral_ids:
        try:
            from casework.services.notifications import notification_create
        except ImportError:  # pragma: no cover - casework is part of every deployment
            notification_create = None
        names = ",".join(map(str, due_ids)) + ";" + ",".join(map(str, referral_ids))
        digest = hashlib.sha256(names.encode()).hexdigest()[:16]
        managers = User.objects.filter(role=Role.PROGRAM_MANAGER, is_active=True)
        for manager in managers if notification_create else []:
            notification_create(
                user=manager,
                kind="other",
                text=f"{len(due_ids)} participant record(s) and {len(referral_ids)} referral(s) "
                f"never linked to a participant are past the {years}-year retention period "
                "and await your confirmation to be purged.",
                link=reverse("participants:retention"),
                dedupe_key=f"retention-due:{digest}",
            )
    return (
        f"{len(due_ids)} participant record(s) due for purging ({years} years after exit), "
        f"{len(referral_ids)} referral(s) never linked to a participant due ({years} years "
        "after their last event); nothing purged until a program manager confirms"
    )
