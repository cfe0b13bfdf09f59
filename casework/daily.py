"""Casework's daily job (lead.daily_jobs runs it). Safe to run twice: each alert has a key."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from casework.choices import NotificationKind
from casework.models import Notification
from casework.selectors.dashboards import with_casework_dates
from lead.models import SiteSettings
from participants.models import CareTeamMember, Participant, ParticipantStatus


def notify_no_contact() -> str:
    """Tell each primary case manager about participants past the site's no-contact alert.

    The key names the last contact, so the alert comes once per silence, not once a day.
    """
    site = SiteSettings.load()
    now = timezone.now()
    cutoff = now - timedelta(days=site.no_contact_alert_days)
    primary = CareTeamMember.objects.filter(participant=OuterRef("pk"), is_primary=True)
    quiet = (
        with_casework_dates(
            Participant.objects.filter(status=ParticipantStatus.ACTIVE, merged_into__isnull=True)
        )
        .annotate(primary_id=Subquery(primary.values("user_id")[:1]))
        .filter(primary_id__isnull=False)
        .exclude(last_contact_at__gte=cutoff)
    )
    rows = []
    for p in quiet:
        since = f"{p.last_contact_at:%Y-%m-%d}" if p.last_contact_at else "never"
        rows.append(
            Notification(
                user_id=p.primary_id,
                kind=NotificationKind.OTHER,
                text=f"No substantive contact with {p.display_name} in "
                f"{site.no_contact_alert_days} days",
                link=reverse("participants:detail", args=[p.pk]),
                dedupe_key=f"no-contact:{p.pk}:{since}",
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return f"{len(rows)} participant(s) past the no-contact alert; alerts already sent are skipped"
