"""Building a workgroup agenda from the data. Every line is a coordination-level fact: names,
dates, statuses, case numbers. Nothing from assessments, plans or contact notes; the contact
log is read only for the date of the last contact."""

from datetime import timedelta

from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from coordination.display import days_left, local_day
from coordination.models import (
    ActionItem,
    AgendaItem,
    AgendaSection,
    Consultation,
    LegalEvent,
    LegalEventType,
    Meeting,
)
from lead.models import SiteSettings
from participants.models import Participant, ParticipantStatus, StatusChange

DEADLINE_HORIZON_DAYS = 14
DEFAULT_LOOKBACK_DAYS = 14
# Health-care visits are not for a room with police in it.
AGENDA_EVENT_TYPES = [
    t for t in LegalEventType.values if t not in (LegalEventType.EMS_VISIT, LegalEventType.ER_VISIT)
]


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(area__iexact=meeting.area, scheduled_for__lt=meeting.scheduled_for)
        .exclude(pk=meeting.pk)
        .order_by("-scheduled_for")
        .first()
    )


def _name(row, prefix="participant__") -> str:
    first = row[f"{prefix}preferred_name"] or row[f"{prefix}first_name"]
    return f"{first} {row[f'{prefix}last_name']}"


NAME_FIELDS = ("participant__first_name", "participant__preferred_name", "participant__last_name")


def agenda_lines(*, since, now) -> list[dict]:
    since = since or now - timedelta(days=DEFAULT_LOOKBACK_DAYS)
    lines = []
    lines += _referral_lines(since=since, now=now)
    lines += _legal_event_lines(since=since)
    lines += _consultation_lines()
    lines += _out_of_touch_lines(now=now)
    lines += _exit_lines(since=since)
    return lines


def _referral_lines(*, since, now) -> list[dict]:
    try:
        from referrals.models import Referral
        from referrals.status import DeadlineState
    except ImportError:  # the referrals app is optional for a workgroup
        return []
    lines = []
    new = Referral.objects.filter(submitted_at__gte=since).select_related("referring_agency")
    for r in new.order_by("submitted_at", "id"):
        lines.append(
            {
                "section": AgendaSection.NEW_REFERRALS,
                "participant_id": r.participant_id,
                "text": f"Referral {r.reference} ({r.get_pathway_display()}, {r.area}) from "
                f"{r.referring_agency} on {local_day(r.submitted_at)}",
            }
        )
    horizon = now + timedelta(days=DEADLINE_HORIZON_DAYS)
    deadlines = (
        Referral.objects.with_state(now=now)
        .filter(
            Q(deadline_state=DeadlineState.MISSED)
            | Q(deadline_state=DeadlineState.RUNNING, deadline_at__lte=horizon)
        )
        .exclude(person_declined_at__isnull=False)
        .order_by("deadline_at", "id")
    )
    for r in deadlines:
        if r.deadline_state == DeadlineState.MISSED:
            text = f"Referral {r.reference}: intake deadline missed on {local_day(r.deadline_at)}"
        else:
            left = days_left(r.deadline_at, now)
            text = f"Referral {r.reference}: intake due {local_day(r.deadline_at)} ({left})"
        lines.append(
            {"section": AgendaSection.DEADLINES, "participant_id": r.participant_id, "text": text}
        )
    return lines


def _legal_event_lines(*, since) -> list[dict]:
    events = (
        LegalEvent.objects.filter(created_at__gte=since, event_type__in=AGENDA_EVENT_TYPES)
        .order_by("occurred_on", "id")
        .values(
            "participant_id",
            "event_type",
            "occurred_on",
            "case_number",
            "participant__coordinate_before_filing",
            *NAME_FIELDS,
        )
    )
    lines = []
    for e in events:
        text = (
            f"{_name(e)}: {LegalEventType(e['event_type']).label.lower()} "
            f"on {e['occurred_on']:%Y-%m-%d}"
        )
        if e["case_number"]:
            text += f", case {e['case_number']}"
        if e["participant__coordinate_before_filing"]:
            text += " (coordinate before filing)"
        lines.append(
            {
                "section": AgendaSection.LEGAL_EVENTS,
                "participant_id": e["participant_id"],
                "text": text,
            }
        )
    return lines


def _consultation_lines() -> list[dict]:
    from coordination.models import Recommendation

    rows = (
        Consultation.objects.open()
        .order_by("opened_at", "id")
        .values(
            "pk",
            "participant_id",
            "opened_at",
            "recommendation",
            "legal_event__event_type",
            *NAME_FIELDS,
        )
    )
    lines = []
    for c in rows:
        event = LegalEventType(c["legal_event__event_type"]).label.lower()
        state = (
            f"care team recommends: {Recommendation(c['recommendation']).label.lower()}"
            if c["recommendation"]
            else "awaiting the care team's answer"
        )
        lines.append(
            {
                "section": AgendaSection.CONSULTATIONS,
                "participant_id": c["participant_id"],
                "text": f"{_name(c)}: consultation on {event}, opened "
                f"{local_day(c['opened_at'])}; {state}",
            }
        )
    return lines


def _out_of_touch_lines(*, now) -> list[dict]:
    days = SiteSettings.load().no_contact_alert_days
    cutoff = now - timedelta(days=days)
    people = Participant.objects.filter(
        status__in=[ParticipantStatus.ACTIVE, ParticipantStatus.IN_THE_WIND],
        merged_into__isnull=True,
    )
    try:
        from casework.models import Contact
    except ImportError:
        Contact = None  # noqa: N806
    if Contact is not None:
        last = (
            Contact.objects.filter(participant=OuterRef("pk"), voided_at__isnull=True)
            .order_by()
            .values("participant")
            .annotate(last=Max("occurred_at"))
            .values("last")
        )
        people = people.annotate(last_contact=Coalesce(Subquery(last), "created_at"))
        quiet = Q(last_contact__lt=cutoff)
    else:
        quiet = Q(pk__in=[])
    people = people.filter(Q(status=ParticipantStatus.IN_THE_WIND) | quiet).order_by(
        "last_name", "first_name", "id"
    )
    lines = []
    for p in people.values("pk", "status", "first_name", "preferred_name", "last_name"):
        why = "in the wind" if p["status"] == ParticipantStatus.IN_THE_WIND else ""
        if not why:
            why = f"no contact in {days} days"
        lines.append(
            {
                "section": AgendaSection.OUT_OF_TOUCH,
                "participant_id": p["pk"],
                "text": f"{_name(p, prefix='')}: {why}",
            }
        )
    return lines


def _exit_lines(*, since) -> list[dict]:
    rows = (
        StatusChange.objects.filter(to_status=ParticipantStatus.EXITED, changed_at__gte=since)
        .order_by("changed_at", "id")
        .values("participant_id", "changed_at", *NAME_FIELDS)
    )
    # The exit reason is free text and may say more than a partner should hear.
    return [
        {
            "section": AgendaSection.EXITS,
            "participant_id": r["participant_id"],
            "text": f"{_name(r)}: exited on {local_day(r['changed_at'])}",
        }
        for r in rows
    ]


def carried_over_action_items(meeting: Meeting, user=None):
    """Open action items from earlier meetings of the same area. A partner sees those they
    own and those about a person whose release names their agency."""
    from coordination.models import partner_may_know
    from lead.roles import PARTNER_ROLES

    items = (
        ActionItem.objects.still_open()
        .filter(
            meeting__area__iexact=meeting.area, meeting__scheduled_for__lt=meeting.scheduled_for
        )
        .select_related("owner", "meeting")
    )
    if user is not None and user.role in PARTNER_ROLES:
        items = items.filter(Q(owner=user) | partner_may_know(user, "agenda_item__participant_id"))
    return items


def agenda_for(user, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda lines this reader may see. Police and prosecutors see a line about
    a person only while a release names their agency."""
    from coordination.models import partner_may_know
    from lead.roles import PARTNER_ROLES

    items = AgendaItem.objects.filter(meeting=meeting)
    if user.role in PARTNER_ROLES:
        items = items.filter(partner_may_know(user, "participant_id"))
    return list(items.prefetch_related("action_items__owner"))
