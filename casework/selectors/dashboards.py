"""The case manager's and supervisor's home pages.

Every per-participant and per-case-manager figure is a correlated subquery on one list query,
so the number of queries is the same for a caseload of 5 or 500.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.choices import OPEN_GOAL_STATUSES
from casework.models import CheckIn, Contact, Notification, Plan, PlanReview, Step
from lead.models import SiteSettings, User
from lead.roles import Role
from participants.models import CareTeamMember, Episode, Participant, ParticipantStatus

# Plans are reviewed "from time to time" (domain.md); this is when the dashboard suggests one.
PLAN_REVIEW_INTERVAL_DAYS = 90
DUE_SOON_DAYS = 14
WEEKS_SHOWN = 4
NEW_EVENT_DAYS = 14


def _count(queryset, group_by: str):
    counted = queryset.order_by().values(group_by).annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _latest(queryset, field: str):
    return Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1])


def caseload_count_expression(user_ref):
    """A case manager's caseload as the care team rule counts it: primary, not exited."""
    primary_of = CareTeamMember.objects.filter(
        user=user_ref, is_primary=True, participant__merged_into__isnull=True
    ).exclude(participant__status=ParticipantStatus.EXITED)
    return _count(primary_of, "user")


def with_casework_dates(participants):
    here = OuterRef("pk")
    contacts = Contact.objects.substantive().filter(participant=here)
    return participants.annotate(
        last_contact_at=_latest(contacts, "occurred_at"),
        last_checkin=_latest(CheckIn.objects.filter(participant=here), "month"),
        plan_started=Subquery(Plan.objects.filter(participant=here).values("started_on")[:1]),
        last_review=_latest(PlanReview.objects.filter(plan__participant=here), "reviewed_on"),
        next_step_due=Subquery(
            Step.objects.filter(
                goal__plan__participant=here,
                goal__status__in=OPEN_GOAL_STATUSES,
                done_on__isnull=True,
                due_on__isnull=False,
            )
            .order_by("due_on")
            .values("due_on")[:1]
        ),
        episode_opened=Subquery(
            Episode.objects.filter(participant=here, closed_at__isnull=True).values("opened_at")[:1]
        ),
    )


def _mark(participant, *, now, today, alert_days):
    p = participant
    p.days_since_contact = (now - p.last_contact_at).days if p.last_contact_at else None
    p.contact_overdue = p.days_since_contact is None or p.days_since_contact > alert_days
    p.checkin_due = p.status == ParticipantStatus.ACTIVE and (
        p.last_checkin is None or p.last_checkin < today.replace(day=1)
    )
    since = p.last_review or p.plan_started
    p.review_due_on = since + timedelta(days=PLAN_REVIEW_INTERVAL_DAYS) if since else None
    p.review_due = p.review_due_on is not None and p.review_due_on <= today + timedelta(
        days=DUE_SOON_DAYS
    )
    return p


def open_notifications(user):
    return Notification.objects.visible_to(user).open()


def _deadlines_by_participant(user, participant_ids) -> dict:
    """Intake deadline countdowns, from the referrals app's own deadline queue."""
    from referrals.selectors import deadline_queue

    found = {}
    for referral in deadline_queue(user).filter(participant_id__in=participant_ids):
        found.setdefault(referral.participant_id, referral)
    return found


def case_manager_dashboard(user) -> dict:
    from referrals.selectors import awaiting_match

    site = SiteSettings.load()
    now, today = timezone.now(), timezone.localdate()
    participants = [
        _mark(p, now=now, today=today, alert_days=site.no_contact_alert_days)
        for p in with_casework_dates(
            Participant.objects.visible_to(user).exclude(status=ParticipantStatus.EXITED)
        ).order_by(F("last_contact_at").asc(nulls_first=True), "last_name", "id")
    ]
    pending = [p for p in participants if p.status == ParticipantStatus.INTAKE_PENDING]
    deadlines = _deadlines_by_participant(user, [p.pk for p in pending]) if pending else {}
    for p in pending:
        p.intake_referral = deadlines.get(p.pk)
    steps_due = list(
        Step.objects.visible_to(user)
        .filter(
            done_on__isnull=True,
            due_on__isnull=False,
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
            goal__status__in=OPEN_GOAL_STATUSES,
        )
        .exclude(goal__plan__participant__status=ParticipantStatus.EXITED)
        .select_related("goal__plan__participant")
        .order_by("due_on", "id")[:15]
    )
    from coordination.models import Consultation, LegalEvent

    legal_events = list(
        LegalEvent.objects.visible_to(user)
        .filter(created_at__gte=now - timedelta(days=NEW_EVENT_DAYS))
        .select_related("participant")
        .order_by("-created_at", "-id")[:10]
    )
    questions = list(
        Consultation.objects.visible_to(user)
        .open()
        .filter(answered_at__isnull=True)
        .select_related("participant", "legal_event")
        .order_by("opened_at", "id")[:10]
    )
    return {
        "site": site,
        "legal_events": legal_events,
        "questions": questions,
        "participants": participants,
        "no_contact": [p for p in participants if p.contact_overdue],
        "pending_intakes": pending,
        "steps_due": steps_due,
        "reviews_due": [p for p in participants if p.review_due],
        "checkins_due": [p for p in participants if p.checkin_due],
        "in_the_wind": [p for p in participants if p.status == ParticipantStatus.IN_THE_WIND],
        "notifications": list(open_notifications(user)[:10]),
        "referrals_to_match": list(awaiting_match(user)[:10]),
    }


def _week_starts(today, weeks: int):
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=i) for i in range(weeks)]


def supervisor_dashboard(user) -> dict:
    site = SiteSettings.load()
    now, today = timezone.now(), timezone.localdate()
    weeks = _week_starts(today, WEEKS_SHOWN)
    here = OuterRef("pk")
    week_counts = {}
    for i, start in enumerate(weeks):
        start_at = timezone.make_aware(datetime.combine(start, time.min))
        week_counts[f"week_{i}"] = _count(
            Contact.objects.counted().filter(
                staff=here, occurred_at__gte=start_at, occurred_at__lt=start_at + timedelta(days=7)
            ),
            "staff",
        )
    case_managers = list(
        User.objects.filter(agency_id=user.agency_id, role=Role.CASE_MANAGER, is_active=True)
        .annotate(caseload=caseload_count_expression(here), **week_counts)
        .order_by("last_name", "first_name", "id")
    )
    assigned = {}
    for member in (
        CareTeamMember.objects.filter(
            is_primary=True,
            participant__in=Participant.objects.visible_to(user),
        )
        .exclude(participant__status=ParticipantStatus.EXITED)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "participant_id")
    ):
        assigned.setdefault(member.user_id, []).append(member.participant)
    for cm in case_managers:
        cm.primary_of = assigned.get(cm.pk, [])
        cm.weekly = [getattr(cm, f"week_{i}") for i in range(len(weeks))]
        cm.level = (
            "block"
            if cm.caseload >= site.caseload_block
            else "warn"
            if cm.caseload >= site.caseload_warn
            else ""
        )
    cutoff = now - timedelta(days=site.no_contact_alert_days)
    primaries = CareTeamMember.objects.filter(participant=here, is_primary=True)
    no_contact = list(
        with_casework_dates(
            Participant.objects.visible_to(user).exclude(status=ParticipantStatus.EXITED)
        )
        .annotate(
            primary_name=Subquery(primaries.values("user__last_name")[:1]),
            primary_first=Subquery(primaries.values("user__first_name")[:1]),
        )
        .filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=cutoff))
        .order_by(F("last_contact_at").asc(nulls_first=True), "id")[:100]
    )
    for p in no_contact:
        _mark(p, now=now, today=today, alert_days=site.no_contact_alert_days)
    return {
        "site": site,
        "case_managers": case_managers,
        "weeks": weeks,
        "no_contact": no_contact,
        "notifications": list(open_notifications(user)[:10]),
    }
