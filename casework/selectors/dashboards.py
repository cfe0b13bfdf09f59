"""The case manager's and supervisor's home pages.

Every per-participant and per-case-manager figure is a correlated subquery on one list query,
so the number of queries is the same for a caseload of 5 or 500.
"""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
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
SUPERVISOR_PAGE_SIZE = 25
NEW_EVENT_DAYS = 14


def _count(queryset, group_by: str):
    counted = queryset.order_by().values(group_by).annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _latest(queryset, field: str):
    # Plain DESC (the fields are NOT NULL): "DESC NULLS LAST" would not match the
    # (participant, occurred_at DESC) index, and PostgreSQL would sort every contact instead.
    return Subquery(queryset.order_by(F(field).desc()).values(field)[:1])


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


def _mark_contact(participant, *, now, alert_days):
    p = participant
    p.days_since_contact = (now - p.last_contact_at).days if p.last_contact_at else None
    p.contact_overdue = p.days_since_contact is None or p.days_since_contact > alert_days
    return p


def _mark(participant, *, now, today, alert_days):
    p = _mark_contact(participant, now=now, alert_days=alert_days)
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


def _deadlines_by_participant(user, pending) -> dict:
    """Intake deadline countdowns of the `pending` participants (a queryset), from the
    referrals app's own deadline queue. One query whether or not anyone is pending, so the
    page's query count does not depend on the data."""
    from referrals.selectors import deadline_queue

    found = {}
    for referral in deadline_queue(user).filter(participant__in=pending.values("pk")):
        found.setdefault(referral.participant_id, referral)
    return found


def case_manager_dashboard(user) -> dict:
    from referrals.selectors import awaiting_match

    site = SiteSettings.load()
    now, today = timezone.now(), timezone.localdate()
    caseload = Participant.objects.visible_to(user)
    participants = [
        _mark(p, now=now, today=today, alert_days=site.no_contact_alert_days)
        for p in with_casework_dates(caseload.exclude(status=ParticipantStatus.EXITED)).order_by(
            F("last_contact_at").asc(nulls_first=True), "last_name", "id"
        )
    ]
    pending = [p for p in participants if p.status == ParticipantStatus.INTAKE_PENDING]
    deadlines = _deadlines_by_participant(
        user, caseload.filter(status=ParticipantStatus.INTAKE_PENDING)
    )
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


def _open_by_primary(open_people, *, cutoff) -> dict:
    """{primary case manager id (None: nobody): (caseload, no contact since cutoff)}, in one
    query grouped by each open participant's primary case manager.

    The caseload is the care team rule (primary, not exited, not merged), counted over the
    agency's open participants, so the query follows one index over them rather than every
    care-team row the agency ever had."""
    here = OuterRef("pk")
    primary = CareTeamMember.objects.filter(participant=here, is_primary=True).values("user_id")
    seen = Contact.objects.substantive().filter(participant=here, occurred_at__gte=cutoff)
    rows = (
        open_people.annotate(primary_id=Subquery(primary[:1]))
        .values("primary_id")
        .annotate(caseload=Count("pk"), no_contact=Count("pk", filter=~Exists(seen)))
        .order_by()
    )
    return {r["primary_id"]: (r["caseload"], r["no_contact"]) for r in rows}


def supervisor_dashboard(user, *, case_manager_id: int | None = None, page=None) -> dict:
    """The agency's case managers (caseload, people out of contact, contacts a week), and its
    open participants a page at a time, longest without contact first, each with a Reassign
    link; optionally one case manager's.

    The number of queries and of rows rendered stay the same however large the agency is."""
    site = SiteSettings.load()
    now, today = timezone.now(), timezone.localdate()
    cutoff = now - timedelta(days=site.no_contact_alert_days)
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
        .annotate(**week_counts)
        .order_by("last_name", "first_name", "id")
    )
    open_people = Participant.objects.visible_to(user).exclude(status=ParticipantStatus.EXITED)
    by_primary = _open_by_primary(open_people, cutoff=cutoff)
    for cm in case_managers:
        cm.caseload, cm.no_contact = by_primary.get(cm.pk, (0, 0))
        cm.weekly = [getattr(cm, f"week_{i}") for i in range(len(weeks))]
        cm.level = (
            "block"
            if cm.caseload >= site.caseload_block
            else "warn"
            if cm.caseload >= site.caseload_warn
            else ""
        )
    chosen = next((cm for cm in case_managers if cm.pk == case_manager_id), None)
    if chosen is not None:
        open_people = open_people.filter(
            Exists(CareTeamMember.objects.filter(participant=here, user=chosen, is_primary=True))
        )
    primaries = CareTeamMember.objects.filter(participant=here, is_primary=True)
    contacts = Contact.objects.substantive().filter(participant=here)
    listed = open_people.annotate(
        last_contact_at=_latest(contacts, "occurred_at"),
        primary_name=Subquery(primaries.values("user__last_name")[:1]),
        primary_first=Subquery(primaries.values("user__first_name")[:1]),
    ).order_by(F("last_contact_at").asc(nulls_first=True), "last_name", "id")
    caseload_page = Paginator(listed, SUPERVISOR_PAGE_SIZE).get_page(page)
    for p in caseload_page:
        _mark_contact(p, now=now, alert_days=site.no_contact_alert_days)
    unassigned, unassigned_no_contact = by_primary.get(None, (0, 0))
    return {
        "site": site,
        "case_managers": case_managers,
        "weeks": weeks,
        "chosen": chosen,
        "caseload_page": caseload_page,
        "caseload_query": urlencode({"case_manager": chosen.pk}) if chosen else "",
        "no_contact_count": (
            chosen.no_contact if chosen else sum(n for _, n in by_primary.values())
        ),
        "unassigned": unassigned,
        "notifications": list(open_notifications(user)[:10]),
    }
