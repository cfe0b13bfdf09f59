"""The daily intake-deadline notices: 7 days left, 2 days left, and missed.

Each (referral, recipient, kind) is sent once: ReferralNotification's unique key makes the job
safe to run twice. Notices name the referral by its reference only, never the person.
"""

from datetime import timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lead.models import User
from lead.roles import Role
from referrals.models import Referral, ReferralNotification
from referrals.status import DeadlineState

try:  # The casework inbox, where it is installed; e-mail otherwise.
    from casework.services.notifications import notification_create
except ImportError:  # pragma: no cover - depends on which apps are installed
    notification_create = None

TEXT = {
    ReferralNotification.Kind.DUE_7: "Intake deadline for {ref} is {when}: 7 days or less left.",
    ReferralNotification.Kind.DUE_2: "Intake deadline for {ref} is {when}: 2 days or less left.",
    ReferralNotification.Kind.MISSED: "Intake deadline for {ref} passed on {when}: may file.",
}


def _kind(referral, now):
    if referral.deadline_state == DeadlineState.MISSED:
        return ReferralNotification.Kind.MISSED
    left = referral.deadline_at - now
    if left <= timedelta(days=2):
        return ReferralNotification.Kind.DUE_2
    if left <= timedelta(days=7):
        return ReferralNotification.Kind.DUE_7
    return None


def _recipients(referral, prosecutors, supervisors):
    """Prosecutors always; the primary case manager once someone is attached, else the
    supervisors, so that an unclaimed diversion does not run out unnoticed."""
    people = list(prosecutors)
    primaries = [m.user for m in getattr(referral.participant, "primaries", []) if m.user.is_active]
    people += primaries or list(supervisors)
    return people


def _deliver(user, kind, text, link, key):
    if notification_create is not None:
        notification_create(user=user, kind="deadline_close", text=text, link=link, dedupe_key=key)
    elif user.email:
        send_mail("LEAD: intake deadline", f"{text}\n{link}", None, [user.email])


def notify_intake_deadlines() -> str:
    from django.db.models import Prefetch, Q

    from participants.models import CareTeamMember

    now = timezone.now()
    primaries = CareTeamMember.objects.filter(is_primary=True).select_related("user")
    referrals = (
        Referral.objects.with_state(now=now)
        .filter(deadline_state__in=[DeadlineState.RUNNING, DeadlineState.MISSED])
        .filter(deadline_at__lte=now + timedelta(days=7))
        .filter(Q(person_declined_at__isnull=True) | Q(deadline_state=DeadlineState.MISSED))
        .select_related("participant")
        .prefetch_related(
            Prefetch("participant__care_team", queryset=primaries, to_attr="primaries")
        )
    )
    prosecutors = list(User.objects.filter(role=Role.PROSECUTOR, is_active=True))
    supervisors = list(User.objects.filter(role=Role.SUPERVISOR, is_active=True))
    sent = 0
    for referral in referrals:
        kind = _kind(referral, now)
        if kind is None:
            continue
        when = timezone.localtime(referral.deadline_at).strftime("%Y-%m-%d %H:%M")
        text = TEXT[kind].format(ref=referral.reference, when=when)
        link = reverse("referrals:detail", args=[referral.pk])
        for user in _recipients(referral, prosecutors, supervisors):
            try:
                with transaction.atomic():
                    ReferralNotification.objects.create(
                        referral=referral, recipient=user, kind=kind
                    )
            except IntegrityError:
                continue
            _deliver(user, kind, text, link, key=f"referral-{referral.pk}-{kind}")
            sent += 1
    return f"sent {sent} intake-deadline notice(s)"
